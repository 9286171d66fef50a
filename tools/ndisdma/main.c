/* main.c — `ndisdma <command> [options]`: the command table and top help. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

/* Only implemented commands are listed. */
static const struct command commands[] = {
	{ "run", "host a miniport on the simulated platform and verify its DMA use",
	  cmd_run },
	{ "bench", "measure the SG DMA path against in-run baselines", cmd_bench },
	{ "verify", "run a miniport over a matrix of short runs: pass or fail, for CI",
	  cmd_verify },
	{ "fuzz", "fuzz a miniport with a hostile device, or the SG DMA API (libFuzzer)",
	  cmd_fuzz },
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	fputs("usage: ndisdma <command> [options]\n"
	      "       ndisdma --help | ndisdma <command> --help\n\n"
	      "ndisdma runs an unchanged Windows NDIS 6 miniport's scatter/gather DMA\n"
	      "path in user space, with a verifier that names every misuse.\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-6s %s\n", commands[i].name, commands[i].summary);
	fputs("\nrun options (details: ndisdma run --help):\n"
	      "  --driver PATH.so   --seed N   --dma-bits 32|64\n"
	      "  --layout contiguous|scattered|high|mixed   --verifier off|standard|full\n"
	      "  --stress defer,split,bounce   --fault nth:N|p:P   --stop-on-first\n"
	      "  --report FILE.sarif   --json-reports FILE   --quiet   --help\n"
	      "  --dbgprint [COMPONENT=]MASK\n\n"
	      "exit status: 0 success, 1 verifier errors, 2 usage error,\n"
	      "3 stopped by --stop-on-first, 4 driver load/initialize/lifecycle failure,\n"
	      "5 internal error, 6 traffic check failed, 7 the driver bug-checked,\n"
	      "8 the run was stuck (--sched seeded or pct), 9 injected faults failed sends\n"
	      "or dropped frames, nothing else lost (see ndisdma run --help)\n", out);
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;

	if (name == NULL) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ndisdma: unknown command '%s' (see ndisdma --help)\n", name);
	return CLI_EXIT_USAGE;
}

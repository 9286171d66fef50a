/* options.c — the options of `ndisdma run`, one table row each.
 * A new option (adds traffic options) is one row here, one field in
 * struct run_options and one line of help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct option_row {
	const char *name;
	const char *arg;        /* NULL: a flag without value */
	const char *help;
	/* NULL or a one-line reason why the value is refused */
	const char *(*apply)(struct run_options *o, const char *value);
};

static const char *set_driver(struct run_options *o, const char *v)
{
	if (*v == '\0')
		return "expects a path to a miniport shared object";
	o->driver = v;
	return NULL;
}

static const char *set_seed(struct run_options *o, const char *v)
{
	const char *why = parse_u64(v, &o->seed);
	if (why == NULL)
		o->seed_given = true;
	return why;
}

static const char *set_sched(struct run_options *o, const char *v)
{
	o->sched_given = true;
	return parse_sched(v, o);
}

static const char *set_trace_hash(struct run_options *o, const char *v)
{
	(void)v;
	o->trace_hash = true;
	return NULL;
}

static const char *set_dma_bits(struct run_options *o, const char *v)
{
	return parse_dma_bits(v, &o->dma_bits);
}

static const char *set_platform(struct run_options *o, const char *v)
{
	return parse_platform(v, &o->platform);
}

static const char *set_host_reserve(struct run_options *o, const char *v)
{
	return parse_host_reserve(v, &o->host_reserve_mib);
}

static const char *set_layout(struct run_options *o, const char *v)
{
	return parse_layout(v, &o->layout);
}

static const char *set_iommu(struct run_options *o, const char *v)
{
	return parse_iommu(v, &o->iommu);
}

static const char *set_verifier(struct run_options *o, const char *v)
{
	return parse_verifier(v, &o->verifier);
}

static const char *set_stress(struct run_options *o, const char *v)
{
	return parse_stress(v, &o->stress);
}

static const char *set_fault(struct run_options *o, const char *v)
{
	return parse_fault(v, o);
}

static const char *set_stop(struct run_options *o, const char *v)
{
	o->stop_on_first = true;
	return NULL;
}

static const char *set_report(struct run_options *o, const char *v)
{
	if (*v == '\0')
		return "expects a file name";
	o->report_path = v;
	return NULL;
}

static const char *set_json(struct run_options *o, const char *v)
{
	if (*v == '\0')
		return "expects a file name";
	o->json_path = v;
	return NULL;
}

static const char *set_quiet(struct run_options *o, const char *v)
{
	o->quiet = true;
	return NULL;
}

/* NAME=VALUE; NAME is a keyword, or Sub\\Name in a subkey (no empty
 * segment); VALUE is any string, empty too. */
static const char *set_keyword(struct run_options *o, const char *v)
{
	const char *eq = strchr(v, '=');

	if (eq == NULL || eq == v)
		return "expects NAME=VALUE";
	for (const char *p = v; p < eq; p++)
		if (*p == '\\' && (p == v || p + 1 == eq || p[1] == '\\'))
			return "has an empty name segment (NAME or Sub\\Name)";
	if (eq - v > 255)
		return "has a name longer than 255 characters";
	if (o->keyword_count == CLI_MAX_KEYWORDS)
		return "is one keyword too many (at most 64)";
	o->keywords[o->keyword_count++] = v;
	return NULL;
}

static const char *set_dbgprint(struct run_options *o, const char *v)
{
	return parse_dbgprint(v, o);
}

static const char *set_trace(struct run_options *o, const char *v)
{
	return parse_trace(v, o);
}

static const char *set_replay(struct run_options *o, const char *v)
{
	o->replay = v;
	return NULL;
}

static const char *set_help(struct run_options *o, const char *v)
{
	o->help = true;
	return NULL;
}


/* ---- traffic options -------------------------------------------- */

static const char *set_sample(struct run_options *o, const char *v)
{
	if (builtin_find(v) == NULL)
		return "expects virtio_net or lifecycle";
	o->sample = v;
	return NULL;
}

static const char *set_frames(struct run_options *o, const char *v)
{
	const char *why = parse_u64(v, &o->frames);

	if (why == NULL)
		o->frames_given = true;
	return why;
}

static const char *parse_u32_range(const char *v, uint32_t lo, uint32_t hi, uint32_t *out)
{
	uint64_t n = 0;

	if (parse_u64(v, &n) != NULL || n < lo || n > hi)
		return "is out of range";
	*out = (uint32_t)n;
	return NULL;
}

static const char *set_sizes(struct run_options *o, const char *v)
{
	const char *dash = strchr(v, '-');
	char lo[32];
	uint32_t min = 0, max = 0;

	if (dash == NULL || (size_t)(dash - v) >= sizeof lo)
		return "expects MIN-MAX, e.g. 60-1514";
	memcpy(lo, v, (size_t)(dash - v));
	lo[dash - v] = '\0';
	if (parse_u32_range(lo, 60, 9014, &min) || parse_u32_range(dash + 1, 60, 9014, &max) ||
	    min > max)
		return "expects MIN-MAX with 60 <= MIN <= MAX <= 9014";
	o->min_size = min;
	o->max_size = max;
	o->sizes_given = true;
	return NULL;
}

static const char *set_jumbo(struct run_options *o, const char *v)
{
	o->jumbo = true;
	return NULL;
}

static const char *set_backend(struct run_options *o, const char *v)
{
	if (strcmp(v, "loopback") != 0 && !(strncmp(v, "pcap:", 5) == 0 && v[5]) &&
	    !(strncmp(v, "tap:", 4) == 0 && v[4]))
		return "expects loopback, pcap:FILE or tap:NAME";
	o->backend = v;
	return NULL;
}

static const char *set_device(struct run_options *o, const char *v)
{
	if (strcmp(v, "virtio-net") != 0 && strcmp(v, "none") != 0)
		return "expects virtio-net or none";
	o->no_device = strcmp(v, "none") == 0;
	return NULL;
}

static const char *set_adapters(struct run_options *o, const char *v)
{
	uint64_t n = 0;

	if (parse_u64(v, &n) != NULL || n < 1 || n > CLI_MAX_ADAPTERS)
		return "expects a number of adapters, 1 to 8";
	o->adapters = (unsigned)n;
	return NULL;
}

static const char *set_traffic(struct run_options *o, const char *v)
{
	if (strcmp(v, "loopback") != 0 && strcmp(v, "hub") != 0)
		return "expects loopback or hub";
	o->hub = strcmp(v, "hub") == 0;
	return NULL;
}

static const char *set_respond(struct run_options *o, const char *v)
{
	unsigned a, b, c, d;
	char tail;

	if (sscanf(v, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 ||
	    a > 255 || b > 255 || c > 255 || d > 255)
		return "expects an IPv4 address A.B.C.D";
	o->respond_ip = v;
	return NULL;
}

static const char *set_duration(struct run_options *o, const char *v)
{
	uint64_t s = 0;

	if (parse_u64(v, &s) != NULL || s == 0 || s > 86400)
		return "expects seconds, 1 to 86400";
	o->duration = (double)s;
	return NULL;
}

static const char *set_window(struct run_options *o, const char *v)
{
	return parse_u32_range(v, 1, 4096, &o->window);
}

static const char *set_max_mdls(struct run_options *o, const char *v)
{
	return parse_u32_range(v, 1, 16, &o->max_mdls);
}

static const char *set_reset_every(struct run_options *o, const char *v)
{
	if (parse_u64(v, &o->reset_every) != NULL || o->reset_every == 0)
		return "expects a number of frames, at least 1";
	return NULL;
}

static const char *set_pause_every(struct run_options *o, const char *v)
{
	if (parse_u64(v, &o->pause_every) != NULL || o->pause_every == 0)
		return "expects a number of frames, at least 1";
	return NULL;
}

static const char *set_halt_in_flight(struct run_options *o, const char *v)
{
	o->halt_in_flight = true;
	return NULL;
}

static const char *set_receive_throttle(struct run_options *o, const char *v)
{
	return parse_u32_range(v, 1, 0xFFFFFFFFu, &o->receive_throttle);
}

static const char *set_json_summary(struct run_options *o, const char *v)
{
	o->json = true;
	return NULL;
}

static const struct option_row rows[] = {
	{ "--driver", "PATH.so",
	  "miniport shared object to load (dlopen, DriverEntry); it drives the\n"
	  "virtio-net device and moves the same traffic; default: the built-in\n"
	  "virtio_net sample", set_driver },
	{ "--sample", "virtio_net|lifecycle",
	  "built-in miniport (default virtio_net); lifecycle has no device and\n"
	  "runs its lifecycle only (no frames)", set_sample },
	{ "--frames", "N",
	  "test frames to send through the miniport and check end to end\n"
	  "(default 100000; 0: lifecycle only)", set_frames },
	{ "--sizes", "MIN-MAX",
	  "frame sizes in bytes, header included, random in MIN-MAX\n"
	  "(default 60-1514, 60-9014 with --jumbo)", set_sizes },
	{ "--jumbo", NULL,
	  "9000-byte MTU: the miniport gets *JumboPacket=9014", set_jumbo },
	{ "--device", "virtio-net|none",
	  "the device model behind the adapter (default virtio-net); none: no\n"
	  "register window, interrupt, PCI configuration or ACPI object, for a\n"
	  "hardware-less miniport (no bus-master attribute); lifecycle only\n"
	  "unless --frames is given", set_device },
	{ "--adapters", "N",
	  "N adapters of the driver (1-8, default 1), ndisdma0..ndisdmaN-1,\n"
	  "initialized one after another with one second of machine time\n"
	  "between them, each with its own resources and configuration; the\n"
	  "summary gets one line per adapter", set_adapters },
	{ "--traffic", "loopback|hub",
	  "loopback (default): frames to the first adapter's own MAC, back through\n"
	  "its device; hub: for a miniport that forwards between its adapters\n"
	  "(needs --adapters 2 or more): each frame goes out on one adapter to\n"
	  "another's MAC, about one in eight to broadcast, and must be indicated once\n"
	  "on each adapter it is for and on no other", set_traffic },
	{ "--backend", "loopback|pcap:FILE|tap:NAME",
	  "where the device's frames go: loopback (default; every frame must come\n"
	  "back exactly once), a pcap file, or a Linux TAP interface (root)",
	  set_backend },
	{ "--respond", "A.B.C.D",
	  "answer ARP and ICMP echo requests for this IPv4 address above the\n"
	  "miniport (with --backend tap:NAME: ping it from Linux); runs until\n"
	  "SIGINT/SIGTERM or --duration", set_respond },
	{ "--duration", "S",
	  "with --respond and no test frames: stop after S seconds", set_duration },
	{ "--window", "N",
	  "NBLs in flight at most (default 64)", set_window },
	{ "--max-mdls", "N",
	  "MDLs per frame at most, 1-16 (default 8)", set_max_mdls },
	{ "--reset-every", "N",
	  "reset the adapter (MiniportResetEx) after every N test frames handed to\n"
	  "the miniport, and once whenever its sends stop completing for 5 s;\n"
	  "in-flight frames are not taken back and must all come back once\n"
	  "(default: never)", set_reset_every },
	{ "--pause-every", "N",
	  "pause and restart the adapter (MiniportPause, MiniportRestart) after\n"
	  "every N test frames handed to the miniport, frames in flight; it must\n"
	  "complete every send before its pause completes; a frame not back by\n"
	  "then may be dropped (counted apart, not lost) (default: never)",
	  set_pause_every },
	{ "--halt-in-flight", NULL,
	  "pause the adapter as soon as the last test frame is handed over,\n"
	  "frames still in flight, then halt it: every send must still complete\n"
	  "once and nothing may leak; frames not back are dropped, not lost",
	  set_halt_in_flight },
	{ "--receive-throttle", "N",
	  "MaxNblsToIndicate given to an NDIS 6.20+ MiniportInterruptDPC\n"
	  "(default 64; 4294967295: NDIS_INDICATE_ALL_NBLS)", set_receive_throttle },
	{ "--json", NULL,
	  "print the summary as one JSON object on stdout (everything else goes\n"
	  "to stderr)", set_json_summary },
	{ "--seed", "N",
	  "seed of every random choice (physical layout, faults, deferrals),\n"
	  "decimal or 0x hex; default: a fresh random seed, always printed", set_seed },
	{ "--sched", "seeded|threads|pct:D[:K]",
	  "how the machine's contexts (device, interrupts, DPCs, work items,\n"
	  "timers, system threads, hang check) run: seeded (default) = one at a\n"
	  "time in an order drawn from the seed, on a virtual clock (nothing\n"
	  "sleeps; the same seed replays the run exactly; a wait nothing can end\n"
	  "is a STUCK report, exit 8); pct:D = seeded randomized priorities with\n"
	  "bug depth D (change points from the first K switch points, default\n"
	  "200000); threads = free host threads, real concurrency (what a TAP\n"
	  "backend always uses; docs/scheduling.md)", set_sched },
	{ "--trace-hash", NULL,
	  "print a hash of the scheduling sequence (seeded and pct: equal for\n"
	  "equal seeds and options), also \"trace_hash\" in --json", set_trace_hash },
	{ "--keyword", "NAME=VALUE",
	  "configuration keyword the miniport reads (NdisReadConfiguration),\n"
	  "repeatable; VALUE is a string, converted when read as an integer\n"
	  "(decimal or 0x hex; hex for NdisParameterHexInteger); Sub\\NAME=VALUE\n"
	  "puts it in subkey Sub; e.g. --keyword NetworkAddress=02-11-22-33-44-55\n"
	  "(docs/run.md, \"Configuration\")", set_keyword },
	{ "--dma-bits", "32|64",
	  "the device's DMA reach, also passed to the miniport as its\n"
	  "configuration keyword DmaBits; the samples then register a 32- or\n"
	  "64-bit channel (default 64)",
	  set_dma_bits },
	{ "--platform", "sim|host",
	  "physical memory (spec §11; docs/run.md \"Platforms\"): sim (default)\n"
	  "= simulated frame numbers from --layout, no privileges; host = the\n"
	  "process's pages pinned (mlock) and their real frame numbers read once\n"
	  "from /proc/self/pagemap: needs root (CAP_SYS_ADMIN shows frame numbers,\n"
	  "CAP_IPC_LOCK lifts RLIMIT_MEMLOCK); without it ndisdma says why and\n"
	  "exits 5", set_platform },
	{ "--host-reserve", "MiB",
	  "with --platform host: memory below 4 GiB reserved for 32-bit channels\n"
	  "(shared memory, map registers) without an IOMMU, 1-64 (default 32);\n"
	  "gathered at start with --dma-bits 32 or this option (else when first\n"
	  "needed): pages whose real frames lie below 4 GiB, found among fresh\n"
	  "pages; too few (the kernel hands user space frames above 4 GiB first)\n"
	  "and ndisdma says so and exits 5", set_host_reserve },
	{ "--layout", "contiguous|scattered|high|mixed",
	  "simulated physical page layout (default contiguous; high = above 4 GiB)",
	  set_layout },
	{ "--iommu", "off|strict|lazy",
	  "DMA remapping (spec §11): every device address the miniport sees is an\n"
	  "IOVA of its adapter's own IOMMU domain, and a device access outside a\n"
	  "live mapping is dropped and reported (IOMMU-FAULT; DMA-NOT-REMAPPABLE\n"
	  "for a physical address the miniport handed its device, e.g. from\n"
	  "MmGetPhysicalAddress); strict invalidates at unmap, lazy batches\n"
	  "invalidations in a flush queue; a 32-bit device then needs no bounce\n"
	  "buffers (default off; docs/run.md \"IOMMU\")", set_iommu },
	{ "--verifier", "off|standard|full",
	  "DMA verifier level (default standard)", set_verifier },
	{ "--stress", "defer,split,bounce",
	  "stress modes, any comma-separated subset: defer every SG callback,\n"
	  "split (no coalescing), bounce everything (default none)", set_stress },
	{ "--fault", "nth:N|p:P",
	  "fail the Nth internal allocation, or each with probability P (0..1)\n"
	  "drawn from the seed (default none); the summary then says\n"
	  "\"faults injected: K (allocation points reached: M)\" and each fault\n"
	  "is a FAULT-INJECTED report naming its allocation point", set_fault },
	{ "--stop-on-first", NULL,
	  "end at the first verifier error: it is printed and ndisdma exits 3\n"
	  "at once (no summary; JSON lines so far are flushed, no SARIF file)",
	  set_stop },
	{ "--report", "FILE.sarif",
	  "write every verifier report to FILE as SARIF 2.1.0", set_report },
	{ "--json-reports", "FILE",
	  "write verifier reports to FILE as JSON lines", set_json },
	{ "--quiet", NULL,
	  "print only the seed, the summary and errors (no lifecycle narration,\n"
	  "no driver debug output)", set_quiet },
	{ "--dbgprint", "[COMPONENT=]MASK",
	  "DbgPrint/KdPrint filter: a message of level L (mask 1<<L) from component\n"
	  "C is printed when it meets C's mask or the system-wide mask.  MASK alone\n"
	  "sets the system-wide mask (default 0xFFFFFFFF: everything; Windows' own\n"
	  "default is 0x1, errors only); COMPONENT=MASK sets one component's\n"
	  "(DEFAULT, IHVDRIVER, IHVNETWORK, ... or a DPFLTR id 0-255); repeatable",
	  set_dbgprint },
	{ "--trace", "LEVEL[:FLAGS]",
	  "WPP trace session (a driver built with ndisdma-wpp): a trace call is\n"
	  "printed when the driver's own test passes against this level\n"
	  "(TRACE_LEVEL_*: 0-255 or NONE, CRITICAL, ERROR, WARNING, INFORMATION,\n"
	  "VERBOSE) and flags mask (default 0xFFFFFFFF: every flag); default: no\n"
	  "session, nothing traced", set_trace },
	{ "--replay", "FILE",
	  "replay a fuzz_device input (a finding of ndisdma fuzz) against the\n"
	  "miniport, narrating every step of the hostile device and the verdict;\n"
	  "exit 0 when it passes, 1 when the finding reproduces (docs/fuzzing.md)",
	  set_replay },
	{ "--help", NULL, "show this help and exit", set_help },
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

void run_options_init(struct run_options *o)
{
	memset(o, 0, sizeof *o);
	o->layout = NDISDMA_LAYOUT_CONTIGUOUS;
	o->platform = NDISDMA_PLATFORM_SIM;
	o->verifier = NDISDMA_VERIFIER_STANDARD;
	o->fault_mode = NDISDMA_FAULT_NONE;
	o->adapters = 1;
	o->sched = NDISDMA_SCHED_SEEDED;   /* spec §9: one seed, one run */
}

static const struct option_row *find_row(const char *name, size_t len)
{
	for (size_t i = 0; i < ROW_COUNT; i++)
		if (strlen(rows[i].name) == len && strncmp(rows[i].name, name, len) == 0)
			return &rows[i];
	return NULL;
}

/* One option at argv[*i], "--name value" or "--name=value". */
static int parse_one(int argc, char **argv, int *i, struct run_options *o,
		     char *err, size_t errlen)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');
	size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	const struct option_row *row = find_row(arg, len);
	const char *value = NULL, *why;

	if (row == NULL) {
		snprintf(err, errlen, "unknown option '%.*s' (see ndisdma run --help)",
			 (int)len, arg);
		return -1;
	}
	if (row->arg == NULL && eq != NULL) {
		snprintf(err, errlen, "%s takes no value", row->name);
		return -1;
	}
	if (row->arg != NULL) {
		if (eq != NULL) {
			value = eq + 1;
		} else if (*i + 1 < argc) {
			value = argv[++*i];
		} else {
			snprintf(err, errlen, "%s needs a value: %s %s", row->name,
				 row->name, row->arg);
			return -1;
		}
	}
	why = row->apply(o, value);
	if (why != NULL) {
		snprintf(err, errlen, "%s '%s' %s", row->name, value ? value : "", why);
		return -1;
	}
	return 0;
}

int run_options_parse(int argc, char **argv, struct run_options *o,
		      char *err, size_t errlen)
{
	const char *why;

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			snprintf(err, errlen, "unexpected argument '%s' (see ndisdma run --help)",
				 argv[i]);
			return -1;
		}
		if (parse_one(argc, argv, &i, o, err, errlen) != 0)
			return -1;
		if (o->help)
			return 0;
	}
	why = traffic_options_finish(o);
	if (why != NULL) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}

static void print_row(FILE *out, const struct option_row *row)
{
	char head[96];
	const char *p = row->help;

	snprintf(head, sizeof head, "%s%s%s", row->name, row->arg ? " " : "",
		 row->arg ? row->arg : "");
	fprintf(out, "  %s\n", head);
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");
		fprintf(out, "      %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

void run_usage(FILE *out)
{
	fputs("usage: ndisdma run [options]\n\n"
	      "Hosts a miniport on a platform (--platform) in front of a virtio-net\n"
	      "device model: DriverEntry, MiniportInitializeEx, MiniportRestart, the\n"
	      "packet filter and MAC address OIDs, then (default) 100000 frames of random\n"
	      "sizes in random MDL fragmentations through the miniport's SG DMA path,\n"
	      "every payload checked end to end (loopback backend), then MiniportPause,\n"
	      "MiniportHaltEx and MiniportDriverUnload.  It prints each step, the DMA\n"
	      "channel facts, live progress, a traffic summary (frames, bytes, elements\n"
	      "per frame, merged/bounced bytes, deferred callbacks, frames/s), then\n"
	      "\"reports: N (errors: E)\" and the pool counters.  The seed is printed.\n"
	      "With --device none the adapters have no device (a virtual miniport);\n"
	      "--adapters N starts N adapters of the driver, --traffic hub sends frames\n"
	      "between them (docs/run.md).\n\n"
	      "options (--name VALUE or --name=VALUE):\n", out);
	for (size_t i = 0; i < ROW_COUNT; i++)
		print_row(out, &rows[i]);
	fputs("\nexit status:\n"
	      "  0  the driver ran its lifecycle and traffic with no verifier error\n"
	      "  1  verifier errors were reported, or pools did not return to baseline\n"
	      "  2  usage error: unknown option or bad option value\n"
	      "  3  --stop-on-first stopped the run at a verifier error\n"
	      "  4  the driver failed to load (missing file, not a shared object, no\n"
	      "     DriverEntry, registration refused) or failed InitializeEx, Restart\n"
	      "     or Pause, or a reset failed (HARD_ERRORS, never completed) or the\n"
	      "     driver has no MiniportResetEx for --reset-every\n"
	      "  5  ndisdma could not start the machine, set up its traffic (an\n"
	      "     injected --fault can fail that) or write a report file\n"
	      "  6  traffic check failed: a payload mismatch, a frame lost or seen twice,\n"
	      "     an NBL never completed or completed twice, or a failed send (one\n"
	      "     not put down to an injected fault, see 9); with\n"
	      "     --traffic hub also a frame indicated on an adapter it was not for\n"
	      "  7  the driver called KeBugCheckEx: the STOP line, the reports, the\n"
	      "     summary and the SARIF file are written, then the run ends\n"
	      "  8  --sched seeded or pct: the run is stuck (every context waits for\n"
	      "     something nothing will do, or spins on it): a STUCK report names\n"
	      "     the waiting call sites, the report streams are flushed, the run ends\n"
	      "  9  every check passed, but the miniport failed sends because of faults\n"
	      "     injected with --fault (\"sends failed by injected faults: N\"; JSON\n"
	      "     send_failed_injected) or dropped frames it had while a fault was\n"
	      "     injected (\"frames dropped by injected faults: N\", with --traffic\n"
	      "     hub \"deliveries dropped ...\"; JSON lost_injected); nothing else\n"
	      "     was lost: not a traffic failure\n", out);
}

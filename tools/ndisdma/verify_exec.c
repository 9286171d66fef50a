/* verify_exec.c — running the cells: each an `ndisdma run` child process
 * of the running binary (/proc/self/exe), its --json summary on stdout and
 * its SARIF file in a private directory; at most --jobs at once; no cell
 * starts once the budget is spent (the rest are skipped, in budget order);
 * a cell still running past the cell timeout is killed (its own pid).
 *
 * What passes (docs/ci.md "What passes"): exit 0; exit 9 (sends failed or
 * frames dropped by injected faults, nothing else lost); under --fault, an
 * initialization (4) or harness set-up (5) that failed with faults
 * injected, no verifier error and ndisdma's pools back at baseline.  A
 * reset cell of a miniport without MiniportResetEx is skipped (the run
 * says so on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify.h"

#define MIN_CELL_TIMEOUT 60.0   /* seconds; the budget when longer */

extern char **environ;

/* $TMPDIR/ndisdma-NAME.XXXXXX made private; false when it cannot be. */
static bool make_dir(char *dir, size_t len, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/ndisdma-%s.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp", name);
	return mkdtemp(dir) != NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Starts argv with stdout and stderr into files; the pid or -1. */
static pid_t spawn(char *const argv[], const char *out_path, const char *err_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "ndisdma verify: cannot start %s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	return pid;
}

struct json *verify_probe(const char *self, char *const argv[])
{
	char dir[4096], out[4200], err[4200], why[160];
	struct json *j = NULL;
	pid_t pid;
	int st;

	(void)self;
	if (!make_dir(dir, sizeof(dir), "probe"))
		return NULL;
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	pid = spawn(argv, out, err);
	if (pid > 0 && waitpid(pid, &st, 0) == pid)
		j = json_parse_file(out, why, sizeof(why));
	unlink(out);
	unlink(err);
	rmdir(dir);
	return j;
}

/* ---- one finished cell ---------------------------------------------------- */

static bool file_has(const char *path, const char *text)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	bool found = false;

	while (f != NULL && !found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, text) != NULL;
	if (f != NULL)
		fclose(f);
	return found;
}

/* The cell's SARIF results, and the rule ids seen (FAULT-INJECTED is
 * ndisdma's own note of what it failed, not a finding: left out). */
static void read_results(struct vcell *c, const char *path)
{
	char why[160];
	struct json *log = json_parse_file(path, why, sizeof(why));
	struct json *runs = json_get(log, "runs");
	struct json *res = runs != NULL ? json_get(runs->child, "results") : NULL;

	c->results = json_new(JSON_ARRAY);
	c->rules[0] = '\0';
	for (struct json *r = res != NULL ? res->child : NULL; r != NULL; r = r->next) {
		const char *id = json_get_str(r, "ruleId", "?");
		char key[80];

		if (strcmp(id, "FAULT-INJECTED") == 0)
			continue;
		json_add(c->results, NULL, json_clone(r));
		snprintf(key, sizeof(key), "%s", id);
		if (strstr(c->rules, key) == NULL)   /* ids are not prefixes of others' */
			snprintf(c->rules + strlen(c->rules), sizeof(c->rules) - strlen(c->rules),
				 "%s%s", c->rules[0] ? "," : "", key);
	}
	json_free(log);
}

static const char *exit_meaning(int rc)
{
	switch (rc) {
	case CLI_EXIT_VERIFIER: return "verifier errors or pools not at baseline";
	case CLI_EXIT_USAGE: return "usage error";
	case CLI_EXIT_STOPPED: return "stopped at the first verifier error";
	case CLI_EXIT_DRIVER: return "driver load, initialize or lifecycle failure";
	case CLI_EXIT_INTERNAL: return "ndisdma could not start or set up the traffic";
	case CLI_EXIT_TRAFFIC: return "traffic check failed";
	case CLI_EXIT_BUGCHECK: return "the driver bug-checked";
	case CLI_EXIT_STUCK: return "the run was stuck (STUCK)";
	default: return "unexpected exit status";
	}
}

/* What failed the traffic check: the loopback counts, or with --traffic
 * hub the hub's totals (docs/run.md "Hub traffic"). */
static const struct json *traffic_totals(const struct json *s)
{
	const struct json *hub = json_get(s, "hub");

	return hub != NULL ? hub : s;
}

static void traffic_detail(struct vcell *c, const struct json *s)
{
	const struct json *t = traffic_totals(s);
	bool hub = t != s;
	size_t n = strlen(c->outcome);

	snprintf(c->outcome + n, sizeof(c->outcome) - n,
		 " (lost %.0f, mismatches %.0f, duplicates %.0f, %s%.0f, failed sends %.0f)",
		 json_get_num(t, hub ? "lost" : "lost_frames", 0) - json_get_num(t, "lost_injected", 0),
		 json_get_num(t, "mismatches", 0), json_get_num(t, "duplicates", 0),
		 hub ? "misdelivered " : "NBLs never completed ",
		 hub ? json_get_num(t, "misdelivered", 0) : json_get_num(t, "lost_completions", 0),
		 json_get_num(t, "send_failed", 0) - json_get_num(t, "send_failed_injected", 0));
}

static void judge(struct vcell *c, const struct json *s, const char *err_path)
{
	double faults = json_get_num(s, "faults_injected", 0);
	double errors = json_get_num(s, "verifier_errors", 0);
	const struct json *base = json_get(s, "pools_at_baseline");
	bool clean = errors == 0 && base != NULL && base->truth;

	c->state = VCELL_FAIL;
	c->errors = (unsigned)errors;
	if (c->timed_out) {
		snprintf(c->outcome, sizeof(c->outcome), "timed out after %.0f s: killed",
			 c->seconds);
	} else if (c->signal) {
		snprintf(c->outcome, sizeof(c->outcome), "killed by signal %d (%s)", c->signal,
			 strsignal(c->signal));
	} else if (c->exit == CLI_EXIT_OK) {
		c->state = VCELL_PASS;
		snprintf(c->outcome, sizeof(c->outcome), "pass");
	} else if (c->exit == CLI_EXIT_FAULT_SENDS) {
		const struct json *t = traffic_totals(s);

		c->state = VCELL_PASS;
		snprintf(c->outcome, sizeof(c->outcome), "pass: %.0f sends failed and %.0f "
			 "frames dropped by injected faults, nothing else lost",
			 json_get_num(t, "send_failed_injected", 0),
			 json_get_num(t, "lost_injected", 0));
	} else if (c->fault && faults > 0 && clean &&
		   (c->exit == CLI_EXIT_DRIVER || c->exit == CLI_EXIT_INTERNAL)) {
		c->state = VCELL_PASS;
		snprintf(c->outcome, sizeof(c->outcome), "pass: %s failed under the injected "
			 "fault, nothing leaked", c->exit == CLI_EXIT_DRIVER ?
			 "the initialization" : "the harness set-up");
	} else if (c->exit == CLI_EXIT_DRIVER && strstr(c->args, "--reset-every") != NULL &&
		   errors == 0 && file_has(err_path, "no MiniportResetEx")) {
		c->state = VCELL_SKIPPED;
		snprintf(c->outcome, sizeof(c->outcome), "skipped: the miniport has no "
			 "MiniportResetEx");
	} else {
		snprintf(c->outcome, sizeof(c->outcome), "exit %d: %s%s%s", c->exit,
			 exit_meaning(c->exit), c->rules[0] ? ": " : "", c->rules);
		if (c->exit == CLI_EXIT_TRAFFIC && s != NULL)
			traffic_detail(c, s);
		if (c->exit == CLI_EXIT_TRAFFIC && file_has(err_path, "never brought up its virtio-net"))
			snprintf(c->outcome + strlen(c->outcome), sizeof(c->outcome) -
				 strlen(c->outcome), "; the driver never brought up the virtio-net "
				 "device (docs/devices.md)");
	}
}

static void finish_cell(struct vcell *c, int status, const char *dir)
{
	char path[4200], why[160];
	struct json *s;

	c->seconds = now_s() - c->started;
	if (WIFEXITED(status))
		c->exit = WEXITSTATUS(status);
	else if (WIFSIGNALED(status) && !c->timed_out)
		c->signal = WTERMSIG(status);
	snprintf(path, sizeof(path), "%s/cell%u.sarif", dir, c->index);
	read_results(c, path);
	unlink(path);
	/* A stuck run's SARIF names STUCK; one whose handler was stuck again
	 * wrote none (docs/scheduling.md): its exit status names the rule. */
	if (WIFEXITED(status) && c->exit == CLI_EXIT_STUCK && strstr(c->rules, "STUCK") == NULL)
		snprintf(c->rules + strlen(c->rules), sizeof(c->rules) - strlen(c->rules),
			 "%sSTUCK", c->rules[0] ? "," : "");
	snprintf(path, sizeof(path), "%s/cell%u.json", dir, c->index);
	s = json_parse_file(path, why, sizeof(why));
	unlink(path);
	snprintf(path, sizeof(path), "%s/cell%u.err", dir, c->index);
	judge(c, s, path);
	unlink(path);
	json_free(s);
}

/* ---- the pool of jobs ----------------------------------------------------- */

struct pool {
	const struct verify_options *o;
	const char *self;
	struct verify_matrix *mx;
	char dir[4096];
	unsigned running, done, failed, total;
	double start, timeout, shown;
	FILE *bar;                   /* progress bar (a terminal), or NULL */
};

static void start_cell(struct pool *p, struct vcell *c)
{
	char *argv[80 + 2 * CLI_MAX_KEYWORDS], buf[16384], out[4200], err[4200];

	verify_cell_argv(p->o, c, p->self, p->dir, argv, sizeof(argv) / sizeof(argv[0]), buf,
			 sizeof(buf));
	snprintf(out, sizeof(out), "%s/cell%u.json", p->dir, c->index);
	snprintf(err, sizeof(err), "%s/cell%u.err", p->dir, c->index);
	c->started = now_s();
	c->pid = spawn(argv, out, err);
	if (c->pid < 0) {
		c->state = VCELL_FAIL;
		snprintf(c->outcome, sizeof(c->outcome), "could not be started");
		p->done++;
		p->failed++;
		return;
	}
	c->state = VCELL_RUNNING;
	p->running++;
}

static void progress(struct pool *p, bool last)
{
	double elapsed = now_s() - p->start;
	unsigned width = 30, fill = p->total ? p->done * width / p->total : width;
	unsigned by_time = p->o->budget ? (unsigned)(elapsed * width / p->o->budget) : 0;
	char bar[64];

	if (p->bar == NULL || (!last && now_s() - p->shown < 0.1))
		return;
	p->shown = now_s();
	if (by_time > fill)   /* the budget ends the run before the matrix does */
		fill = by_time < width ? by_time : width;
	if (last && p->done == p->total)
		fill = width;
	memset(bar, '#', fill);
	memset(bar + fill, '-', width - fill);
	bar[width] = '\0';
	fprintf(p->bar, "\r[%s] %u/%u cells, %u failed, %.1f s of %u s%s", bar, p->done,
		p->total, p->failed, elapsed, p->o->budget, last ? "\n" : "");
	fflush(p->bar);
}

/* Reaps finished children; kills those past the timeout. */
static void reap(struct pool *p)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (unsigned i = 0; i < p->mx->count; i++) {
			struct vcell *c = &p->mx->cells[i];

			if (c->state != VCELL_RUNNING || c->pid != pid)
				continue;
			finish_cell(c, status, p->dir);
			p->running--;
			p->done++;
			p->failed += c->state == VCELL_FAIL;
			break;
		}
	}
	for (unsigned i = 0; i < p->mx->count; i++) {
		struct vcell *c = &p->mx->cells[i];

		if (c->state == VCELL_RUNNING && !c->timed_out &&
		    now_s() - c->started > p->timeout) {
			c->timed_out = true;
			kill(c->pid, SIGKILL);
		}
	}
}

static void skip_rest(struct pool *p)
{
	for (unsigned i = 0; i < p->mx->count; i++) {
		struct vcell *c = &p->mx->cells[i];

		if (c->state == VCELL_PENDING && verify_in_shard(p->o, c)) {
			c->state = VCELL_SKIPPED;
			snprintf(c->outcome, sizeof(c->outcome),
				 "skipped: the budget (%u s) was spent", p->o->budget);
		}
	}
}

int verify_exec(const struct verify_options *o, const char *self,
		struct verify_matrix *mx, FILE *out, double *seconds)
{
	struct pool p = { .o = o, .self = self, .mx = mx };
	const struct timespec tick = { 0, 5 * 1000 * 1000 };
	unsigned next = 0;

	if (!make_dir(p.dir, sizeof(p.dir), "verify")) {
		fprintf(stderr, "ndisdma verify: cannot create %s: %s\n", p.dir, strerror(errno));
		return CLI_EXIT_INTERNAL;
	}
	for (unsigned i = 0; i < mx->count; i++)
		p.total += verify_in_shard(o, &mx->cells[i]);
	/* a bar only for someone watching: stdout is a terminal */
	p.bar = isatty(STDOUT_FILENO) ? out : NULL;
	p.start = now_s();
	p.timeout = o->budget > MIN_CELL_TIMEOUT ? o->budget : MIN_CELL_TIMEOUT;
	for (;;) {
		bool spent = now_s() - p.start >= o->budget;

		while (!spent && p.running < o->jobs && next < mx->count) {
			struct vcell *c = &mx->cells[next++];

			if (verify_in_shard(o, c))
				start_cell(&p, c);
		}
		if (spent)
			skip_rest(&p);
		if (p.running == 0 && (spent || next >= mx->count))
			break;
		nanosleep(&tick, NULL);
		reap(&p);
		progress(&p, false);
	}
	progress(&p, true);
	rmdir(p.dir);
	*seconds = now_s() - p.start;
	return CLI_EXIT_OK;
}

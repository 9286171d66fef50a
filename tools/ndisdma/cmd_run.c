/* cmd_run.c — `ndisdma run`: host one miniport through its lifecycle
 * (spec §13 state machine) on the sim platform and summarise what the
 * verifier saw, moving frames through it when it drives a device
 * (run_traffic.c).  The runtime narrates each step to stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* OID_GEN_CURRENT_PACKET_FILTER (documented value; the tool does not
 * include <ndis.h>). */
#define CLI_OID_GEN_CURRENT_PACKET_FILTER 0x0001010Eu

struct run {
	struct run_options opt;
	struct ndisdma_config cfg;
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;   /* ad[0]: the loopback traffic's */
	struct ndisdma_adapter *ad[CLI_MAX_ADAPTERS];
	struct adapter_report ar[CLI_MAX_ADAPTERS];
	unsigned nad;                /* adapters initialized */
	FILE *sarif, *json;
	FILE *out;                 /* human output: stdout, or stderr with --json */
	struct ndisdma_traffic_result traffic;
	bool traffic_ran;
	struct ndisdma_hub_result hub;   /* --traffic hub (run_hub.c) */
	bool hub_ran;
	struct run_extras extras;   /* read before the pause (run_stats.c) */
	char jumbo_param[32];
	const char *params_all[3 + CLI_MAX_KEYWORDS];
	struct ndisdma_pools base;
	char dma_param[32];
	char err[16384];           /* a driver's missing names, one line each */
	bool stopped;
};

static int open_output(const char *path, FILE **out)
{
	*out = NULL;
	if (path == NULL)
		return 0;
	*out = fopen(path, "w");
	if (*out == NULL) {
		fprintf(stderr, "ndisdma run: cannot create '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void make_config(struct run *r)
{
	const struct run_options *o = &r->opt;

	ndisdma_config_init(&r->cfg);
	r->cfg.seed = o->seed;
	r->cfg.platform = o->platform;
	r->cfg.host_reserve = o->host_reserve_mib << 20;
	/* a 32-bit run on host needs the reserve: a shortfall is said at
	 * start, not as a failed MiniportInitializeEx */
	r->cfg.host_reserve_now = o->platform == NDISDMA_PLATFORM_HOST &&
				  (o->host_reserve_mib || o->dma_bits == 32);
	r->cfg.layout = o->layout;
	r->cfg.iommu = o->iommu;
	r->cfg.verifier = o->verifier;
	r->cfg.stress = o->stress;
	r->cfg.fault_mode = o->fault_mode;
	r->cfg.fault_nth = o->fault_nth;
	r->cfg.fault_probability = o->fault_probability;
	r->cfg.stop_on_first = o->stop_on_first;
	r->cfg.log = o->quiet ? NULL : r->out;
	r->cfg.report_json = r->json;
	r->cfg.receive_throttle = o->receive_throttle;
	r->cfg.sched = o->sched;
	r->cfg.pct_depth = o->pct_depth;
	r->cfg.pct_steps = o->pct_steps;
}

static const char *driver_name(const struct run_options *o)
{
	if (o->driver != NULL)
		return o->driver;
	return o->sample != NULL ? o->sample : builtin_default()->name;
}

static void print_header(const struct run *r)
{
	const struct run_options *o = &r->opt;

	fprintf(r->out, "seed: %" PRIu64 " (repeat this run with --seed %" PRIu64 ")\n",
		o->seed, o->seed);
	if (o->quiet)
		return;
	fprintf(r->out, "driver: %s%s, platform %s, layout %s, iommu %s, verifier %s, "
		"sched %s\n", driver_name(o), o->driver != NULL ? "" : " (built-in sample)",
		o->platform == NDISDMA_PLATFORM_HOST ? "host" : "sim",
		o->platform == NDISDMA_PLATFORM_HOST ? "real frames" : layout_name(o->layout),
		iommu_name(o->iommu), verifier_name(o->verifier), sched_name(o->sched));
}

/* spec §10 --stop-on-first: true when the run must end now.  The verifier
 * itself ends the process (exit 3) at the first error it reports; this
 * check covers the steps between, so the CLI never carries on past one. */
static bool should_stop(struct run *r)
{
	if (!r->opt.stop_on_first || ndisdma_report_errors(r->m) == 0)
		return false;
	r->stopped = true;
	fputs("ndisdma run: stopped at the first verifier error (--stop-on-first)\n",
	      stderr);
	return true;
}

static int driver_error(struct run *r, const char *step)
{
	fflush(r->out);
	fprintf(stderr, "ndisdma run: %s failed: %s\n", step,
		r->err[0] != '\0' ? r->err : "no reason given");
	return CLI_EXIT_DRIVER;
}

static int load_driver(struct run *r)
{
	int rc;

	r->err[0] = '\0';
	if (r->opt.driver != NULL) {
		rc = ndisdma_driver_load(r->m, r->opt.driver, &r->d, r->err, sizeof r->err);
	} else {
		const struct builtin_driver *b = r->opt.sample != NULL ?
			builtin_find(r->opt.sample) : builtin_default();
		rc = ndisdma_driver_load_builtin(r->m, b->name, b->entry, &r->d,
						 r->err, sizeof r->err);
	}
	if (rc != 0) {
		r->d = NULL;
		return driver_error(r, r->opt.driver != NULL ?
				    "loading the driver" : "loading the built-in driver");
	}
	return CLI_EXIT_OK;
}

/* The configuration keywords every adapter starts from. */
static void make_params(struct run *r)
{
	size_t n = 0;

	if (r->opt.dma_bits != 0) {
		snprintf(r->dma_param, sizeof r->dma_param, "DmaBits=%u", r->opt.dma_bits);
		r->params_all[n++] = r->dma_param;
	}
	if (r->opt.jumbo) {
		snprintf(r->jumbo_param, sizeof r->jumbo_param, "*JumboPacket=9014");
		r->params_all[n++] = r->jumbo_param;
	}
	for (unsigned i = 0; i < r->opt.keyword_count; i++)   /* --keyword: last wins */
		r->params_all[n++] = r->opt.keywords[i];
	r->params_all[n] = NULL;
}

/* Adapter i, ndisdma<i>: its own device (window, vector, MAC), its own
 * configuration key, seeded with the same keywords. */
static int initialize_adapter(struct run *r, unsigned i)
{
	struct ndisdma_adapter_params params;
	struct ndisdma_dma_info info;

	memset(&params, 0, sizeof params);
	snprintf(r->ar[i].name, sizeof r->ar[i].name, "ndisdma%u", i);
	params.name = r->ar[i].name;
	params.params = r->params_all[0] != NULL ? r->params_all : NULL;
	if (traffic_wants_device(&r->opt)) {
		params.device = "virtio-net";   /* the device model */
		params.backend = r->opt.backend;
		params.dma_bits = r->opt.dma_bits;
	}
	r->err[0] = '\0';
	if (ndisdma_adapter_initialize(r->d, &params, &r->ad[i], r->err, sizeof r->err) != 0) {
		r->ad[i] = NULL;
		return driver_error(r, "MiniportInitializeEx");
	}
	r->ar[i].initialized = true;
	r->nad = i + 1;
	if (!r->opt.quiet && ndisdma_adapter_dma_info(r->ad[i], &info) == 0)
		print_dma_info(r->out, &info);
	return CLI_EXIT_OK;
}

/* One after another, as a PnP manager starts devices: machine time
 * passes between two starts (a tick-count-derived MAC differs). */
static int initialize_adapters(struct run *r)
{
	int rc = CLI_EXIT_OK;

	make_params(r);
	for (unsigned i = 0; i < r->opt.adapters && rc == CLI_EXIT_OK; i++) {
		if (i > 0)
			ndisdma_machine_advance_time(r->m, CLI_ADAPTER_SPACING_MS);
		rc = initialize_adapter(r, i);
		if (rc == CLI_EXIT_OK && should_stop(r))
			rc = CLI_EXIT_STOPPED;
	}
	r->a = r->ad[0];
	return rc;
}

/* Reads back, as a protocol would, the filter the runtime set at restart. */
static void print_filter(struct run *r, struct ndisdma_adapter *a)
{
	uint32_t filter = 0, done = 0;
	int32_t status = ndisdma_adapter_oid(a, false,
					     CLI_OID_GEN_CURRENT_PACKET_FILTER,
					     &filter, sizeof filter, &done);

	if (status == 0 && done != sizeof filter)
		status = -1;
	print_packet_filter(r->out, status, filter);
}

static int restart_adapters(struct run *r)
{
	struct ndisdma_adapter_stats stats;

	for (unsigned i = 0; i < r->nad; i++) {
		r->err[0] = '\0';
		if (ndisdma_adapter_restart(r->ad[i], r->err, sizeof r->err) != 0)
			return driver_error(r, "MiniportRestart");
		if (!r->opt.quiet) {
			ndisdma_adapter_stats(r->ad[i], &stats);
			if (r->nad > 1)
				fprintf(r->out, "%s ", r->ar[i].name);
			print_mac(r->out, &stats);
			print_filter(r, r->ad[i]);
		}
	}
	return CLI_EXIT_OK;
}

/* Every adapter is paused (pause cannot fail). */
static int pause_adapters(struct run *r)
{
	int rc = CLI_EXIT_OK;

	for (unsigned i = 0; i < r->nad; i++) {
		r->err[0] = '\0';
		/* --halt-in-flight: the harness paused it with frames in flight */
		if (strcmp(ndisdma_adapter_state(r->ad[i]), "paused") == 0)
			continue;
		if (ndisdma_adapter_pause(r->ad[i], r->err, sizeof r->err) != 0 &&
		    rc == CLI_EXIT_OK)
			rc = driver_error(r, "MiniportPause");
	}
	return rc;
}

static int run_adapter(struct run *r)
{
	int rc = restart_adapters(r);

	if (rc != CLI_EXIT_OK)
		return rc;
	if (should_stop(r))
		return CLI_EXIT_STOPPED;
	if (r->opt.hub && r->opt.frames > 0) {
		rc = hub_traffic_run(&r->opt, r->ad, r->nad, r->out, &r->hub);
		r->hub_ran = true;
		if (rc != CLI_EXIT_OK)
			return rc;
	} else if (r->opt.frames > 0 || r->opt.respond_ip != NULL) {
		rc = traffic_run(&r->opt, r->a, r->out, &r->traffic);
		r->traffic_ran = true;
		if (rc != CLI_EXIT_OK)
			return rc;
		if (should_stop(r))
			return CLI_EXIT_STOPPED;
	}
	/* the miniport's own counters, while it still runs */
	run_extras_collect(r->a, &r->traffic, r->traffic_ran, &r->extras);
	return pause_adapters(r);
}

/* DriverEntry .. Pause; whatever got loaded is halted/unloaded by finish. */
static int lifecycle(struct run *r)
{
	int rc = load_driver(r);

	if (rc != CLI_EXIT_OK)
		return rc;
	if (should_stop(r))
		return CLI_EXIT_STOPPED;
	rc = initialize_adapters(r);
	if (rc != CLI_EXIT_OK)
		return rc;
	return run_adapter(r);
}

/* Halted in the reverse order of their starts, as PnP removes them. */
static void finish(struct run *r)
{
	for (unsigned i = r->nad; i-- > 0;) {
		ndisdma_adapter_stats(r->ad[i], &r->ar[i].stats);   /* for the summary */
		ndisdma_adapter_device_stats(r->ad[i], &r->ar[i].device);
		ndisdma_adapter_halt(r->ad[i]);
		r->ad[i] = NULL;
	}
	r->a = NULL;
	if (r->d != NULL)
		ndisdma_driver_unload(r->d);
	r->d = NULL;
}

static void print_platform(const struct run *r);

/* Traffic failed: when an adapter's driver never brought the virtio-net
 * model up, that is what its failed sends and lost frames come down to;
 * said once, where errors go. */
static void note_device_unused(const struct run *r)
{
	for (unsigned i = 0; i < r->nad; i++)
		if (adapter_device_unused(&r->ar[i])) {
			fprintf(stderr, "ndisdma run: %s never brought up its virtio-net device "
				"(no DRIVER_OK, virtio 1.1 section 3.1.1): ndisdma's device model is "
				"a virtio-net NIC; a miniport for other hardware runs with --device "
				"none (docs/devices.md)\n", r->ar[i].name);
			return;
		}
}

static int summarise(struct run *r, int rc)
{
	struct ndisdma_pools now;
	uint64_t reports = ndisdma_report_count(r->m, NULL);
	uint64_t errors = ndisdma_report_errors(r->m);
	uint64_t was = 0, is = 0;
	const char *leak;

	ndisdma_machine_pools(r->m, &now);
	r->extras.sched = sched_name(r->opt.sched);
	r->extras.trace_hash = ndisdma_trace_hash(r->m);
	ndisdma_machine_iommu_stats(r->m, &r->extras.iommu);   /* after the halts */
	if (r->traffic_ran)
		traffic_print_summary(r->out, &r->opt, &r->traffic);
	if (r->hub_ran)
		hub_print_summary(r->out, &r->opt, &r->hub);
	run_extras_print(r->out, &r->extras, &r->traffic, r->traffic_ran);
	adapters_print(r->out, r->ar, r->nad, r->hub_ran ? &r->hub : NULL);
	if (r->traffic_ran && traffic_failed(&r->opt, &r->traffic))
		note_device_unused(r);
	if (r->opt.fault_mode != NDISDMA_FAULT_NONE)
		print_faults(r->out, &now);
	print_iommu(r->out, &r->extras.iommu);
	if (reports > 0)   /* spec §10: the first of each rule was printed; counts here */
		ndisdma_reports_print_summary(r->m, r->out);
	fprintf(r->out, "reports: %" PRIu64 " (errors: %" PRIu64 ")\n", reports, errors);
	if (r->opt.trace_hash)   /* spec §9: equal for equal seeds and options */
		fprintf(r->out, "trace hash: 0x%016" PRIx64 " (sched %s, %" PRIu64
			" context switches)\n", r->extras.trace_hash, r->extras.sched,
			ndisdma_sched_switches(r->m));
	if (!r->opt.quiet)
		print_pools(r->out, &now);
	print_platform(r);
	leak = pools_leak(&r->base, &now, &was, &is);
	r->extras.pools_at_baseline = leak == NULL;
	if (leak != NULL) {
		fflush(r->out);
		fprintf(stderr, "ndisdma run: pools not at baseline: %s %" PRIu64
			" (baseline %" PRIu64 ")\n", leak, is, was);
	} else if (!r->opt.quiet) {
		fputs("pools: back at baseline\n", r->out);
	}
	if (r->sarif != NULL && ndisdma_reports_write_sarif(r->m, r->sarif) != 0) {
		fprintf(stderr, "ndisdma run: cannot write SARIF to '%s'\n",
			r->opt.report_path);
		if (rc == CLI_EXIT_OK)
			rc = CLI_EXIT_INTERNAL;
	}
	if ((rc == CLI_EXIT_OK || rc == CLI_EXIT_TRAFFIC) && (errors > 0 || leak != NULL))
		rc = CLI_EXIT_VERIFIER;
	/* everything checked out, but injected faults made the miniport fail
	 * sends or drop frames it received: its own outcome, not a traffic
	 * failure (docs/run.md) */
	if (rc == CLI_EXIT_OK && r->traffic.send_failed_injected + r->traffic.lost_injected +
				 r->hub.send_failed_injected + r->hub.lost_injected)
		rc = CLI_EXIT_FAULT_SENDS;
	if (r->opt.json)
		traffic_print_json(stdout, &r->opt, &r->traffic, &now, reports, errors, rc,
				   &r->extras, r->ar, r->nad,
				   r->hub_ran ? &r->hub : NULL);
	return rc;
}

/* spec §11: what the host platform did; pagemap reads are per page, so
 * they do not grow with the frames sent (docs/run.md "Platforms"). */
static void print_platform(const struct run *r)
{
	struct ndisdma_platform_stats ps;
	char why[512];

	if (r->opt.platform != NDISDMA_PLATFORM_HOST)
		return;
	/* a refusal during the run (a pin past RLIMIT_MEMLOCK failing an
	 * MDL, a block below 4 GiB) is an error line, --quiet or not */
	if (ndisdma_platform_why(r->m, why, sizeof why) != 0)
		fprintf(stderr, "ndisdma run: platform %s\n", why);
	if (r->opt.quiet)
		return;
	ndisdma_platform_stats(r->m, &ps);
	fprintf(r->out, "platform host: %s, pagemap reads %" PRIu64 ", pinned %"
		PRIu64 " pages, reserve below 4 GiB %" PRIu64 " pages (%" PRIu64
		" free)\n", ps.real_frames ? "real frames" : "own frame ids (IOMMU)",
		ps.pagemap_reads, ps.pinned_pages, ps.reserve_pages, ps.reserve_free);
}

static int close_outputs(struct run *r, int rc)
{
	FILE *files[2] = { r->sarif, r->json };
	const char *paths[2] = { r->opt.report_path, r->opt.json_path };

	for (int i = 0; i < 2; i++) {
		if (files[i] != NULL && fclose(files[i]) != 0) {
			fprintf(stderr, "ndisdma run: cannot write '%s': %s\n", paths[i],
				strerror(errno));
			if (rc == CLI_EXIT_OK)
				rc = CLI_EXIT_INTERNAL;
		}
	}
	return rc;
}

static int close_outputs(struct run *r, int rc);

/* A stuck seeded run ends in the library's handler below, with the
 * status the CLI documents (docs/scheduling.md). */
_Static_assert(CLI_EXIT_STUCK == NDISDMA_EXIT_STUCK, "STUCK exit status");

/* The machine stopped (a bug check, a stuck run): the run ends here, on
 * the thread that stopped it, with what a finished run writes (summary,
 * SARIF, --json) and exit rc.  Nothing is halted: the machine's other
 * contexts are stopped where they are. */
static _Noreturn void end_stopped_run(struct run *r, struct ndisdma_machine *m, int rc)
{
	struct ndisdma_pools now;
	uint64_t reports = ndisdma_report_count(m, NULL);
	uint64_t errors = ndisdma_report_errors(m);

	ndisdma_machine_pools(m, &now);
	r->extras.sched = sched_name(r->opt.sched);
	r->extras.trace_hash = ndisdma_trace_hash(m);
	ndisdma_reports_print_summary(m, r->out);
	fprintf(r->out, "reports: %" PRIu64 " (errors: %" PRIu64 ")\n", reports, errors);
	if (r->opt.trace_hash)   /* a stuck schedule replays from its seed too */
		fprintf(r->out, "trace hash: 0x%016" PRIx64 " (sched %s, %" PRIu64
			" context switches)\n", r->extras.trace_hash, r->extras.sched,
			ndisdma_sched_switches(m));
	if (r->sarif != NULL && ndisdma_reports_write_sarif(m, r->sarif) != 0)
		fprintf(stderr, "ndisdma run: cannot write SARIF to '%s'\n", r->opt.report_path);
	if (r->opt.json)
		traffic_print_json(stdout, &r->opt, &r->traffic, &now, reports, errors, rc,
				   &r->extras, r->ar, r->nad,
				   r->hub_ran ? &r->hub : NULL);
	rc = close_outputs(r, rc);
	fflush(NULL);
	_exit(rc);
}

/* KeBugCheckEx (docs/debug.md): the library has printed the STOP line and
 * flushed the report streams; exit 7. */
static void on_bugcheck(struct ndisdma_machine *m, const struct ndisdma_bugcheck *bc, void *ctx)
{
	struct run *r = ctx;

	fflush(r->out);
	fprintf(stderr, "ndisdma run: the driver bug-checked (KeBugCheckEx 0x%08X at %s): "
		"the run ends\n", bc->code, bc->site);
	end_stopped_run(r, m, CLI_EXIT_BUGCHECK);
}

/* STUCK (docs/scheduling.md): the library has made and flushed the STUCK
 * report (it names the waiting call site); exit 8. */
static void on_stuck(struct ndisdma_machine *m, const struct ndisdma_stuck *st, void *ctx)
{
	struct run *r = ctx;

	fflush(r->out);
	fprintf(stderr, "ndisdma run: the run is stuck (%s%s%s): the run ends\n", st->reason,
		st->site[0] ? " at " : "", st->site);
	end_stopped_run(r, m, CLI_EXIT_STUCK);
}

static int run_machine(struct run *r)
{
	int rc;

	make_config(r);
	if (ndisdma_machine_create(&r->cfg, &r->m, r->err, sizeof r->err) != 0) {
		fprintf(stderr, "ndisdma run: cannot create the machine: %s\n", r->err);
		return CLI_EXIT_INTERNAL;
	}
	apply_dbgprint(r->m, &r->opt);
	ndisdma_set_bugcheck_handler(r->m, on_bugcheck, r);
	ndisdma_set_stuck_handler(r->m, on_stuck, r);
	ndisdma_machine_pools(r->m, &r->base);
	rc = lifecycle(r);
	finish(r);
	if (rc == CLI_EXIT_OK && should_stop(r))
		rc = CLI_EXIT_STOPPED;
	rc = summarise(r, rc);
	ndisdma_machine_destroy(r->m);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof r);
	run_options_init(&r.opt);
	if (run_options_parse(argc, argv, &r.opt, r.err, sizeof r.err) != 0) {
		fprintf(stderr, "ndisdma run: %s\n", r.err);
		return CLI_EXIT_USAGE;
	}
	if (r.opt.help) {
		run_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (r.opt.replay)
		return run_replay(&r.opt);
	if (!r.opt.seed_given)
		r.opt.seed = random_seed();
	r.out = r.opt.json ? stderr : stdout;
	print_header(&r);
	fflush(r.out);
	if (open_output(r.opt.report_path, &r.sarif) != 0 ||
	    open_output(r.opt.json_path, &r.json) != 0) {
		close_outputs(&r, CLI_EXIT_OK);
		return CLI_EXIT_INTERNAL;
	}
	rc = run_machine(&r);
	return close_outputs(&r, rc);
}

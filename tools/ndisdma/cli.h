/* cli.h — the ndisdma command line tool: commands, run options, exit codes.
 *
 * The tool drives the public API of include/ndisdma/ndisdma.h only; it
 * never reaches into src/.  Each command is one cmd_<name>.c file with an
 * entry in the command table of main.c.
 */
#ifndef NDISDMA_CLI_H
#define NDISDMA_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ndisdma/ndisdma.h"

struct adapter_report;   /* run_adapters.c */

/* Documented exit codes (ndisdma --help lists them). */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_VERIFIER = 1,      /* verifier errors, or pools not at baseline */
	CLI_EXIT_USAGE = 2,         /* bad command, option or option value */
	CLI_EXIT_STOPPED = 3,       /* --stop-on-first stopped at a report */
	CLI_EXIT_DRIVER = 4,        /* driver failed to load or a lifecycle step */
	CLI_EXIT_INTERNAL = 5,      /* ndisdma itself could not start or write */
	CLI_EXIT_TRAFFIC = 6,       /* payload mismatch, lost frame or completion */
	CLI_EXIT_BUGCHECK = 7,      /* the driver called KeBugCheckEx */
	CLI_EXIT_STUCK = 8,         /* seeded/pct: the run is stuck (STUCK; the
				     * library ends the process: NDISDMA_EXIT_STUCK) */
	CLI_EXIT_FAULT_SENDS = 9,   /* clean, but injected faults failed sends */
};

/* --dbgprint [COMPONENT=]MASK (run_debug.c; docs/run.md "Driver debug output") */
#define CLI_DBGPRINT_MAX 16
struct dbgprint_setting {
	int component;               /* NDISDMA_DBGPRINT_SYSTEM or a DPFLTR id */
	uint32_t mask;
};

/* --adapters N (options.c; docs/run.md "Several adapters") */
#define CLI_MAX_ADAPTERS 8
/* Machine time between two adapter starts, as a PnP manager's. */
#define CLI_ADAPTER_SPACING_MS 1000u

/* --keyword NAME=VALUE, repeatable (options.c). */
#define CLI_MAX_KEYWORDS 64

struct run_options {
	const char *driver;          /* PATH.so, or NULL: built-in lifecycle */
	bool seed_given;
	uint64_t seed;
	unsigned dma_bits;           /* 0: the driver's default, else 32 or 64 */
	enum ndisdma_layout layout;
	enum ndisdma_iommu iommu;    /* --iommu (spec §11), default off */
	enum ndisdma_platform platform;  /* --platform sim|host */
	uint64_t host_reserve_mib;   /* --host-reserve MiB (0: the default) */
	enum ndisdma_verifier_level verifier;
	unsigned stress;             /* NDISDMA_STRESS_* */
	enum ndisdma_fault_mode fault_mode;
	uint64_t fault_nth;
	double fault_probability;
	bool stop_on_first;
	const char *report_path;     /* --report FILE.sarif */
	const char *json_path;       /* --json-reports FILE */
	bool quiet;
	bool help;
	/* traffic (run_traffic.c) */
	const char *sample;          /* --sample: built-in miniport name */
	bool frames_given;
	uint64_t frames;             /* test frames (default 100000, lifecycle 0) */
	uint32_t min_size, max_size; /* --sizes MIN-MAX (default 60-1514) */
	bool sizes_given;
	bool jumbo;                  /* --jumbo: *JumboPacket=9014, sizes to 9014 */
	const char *backend;         /* loopback | pcap:FILE | tap:NAME */
	bool no_device;              /* --device none: no device model at all */
	unsigned adapters;           /* --adapters N, 1..CLI_MAX_ADAPTERS */
	bool hub;                    /* --traffic hub (run_hub.c) */
	const char *respond_ip;      /* --respond A.B.C.D: ARP + ICMP echo */
	double duration;             /* --duration S with --respond and no frames */
	uint32_t window;             /* --window N NBLs in flight */
	uint32_t max_mdls;           /* --max-mdls N per frame */
	bool json;                   /* --json: the summary as one JSON object */
	/* --sched (spec §9, docs/scheduling.md) and --trace-hash */
	enum ndisdma_sched sched;    /* default seeded (run_options_init) */
	bool sched_given;
	uint32_t pct_depth;
	uint64_t pct_steps;
	bool trace_hash;
	/* driver debug output (run_debug.c) */
	struct dbgprint_setting dbgprint[CLI_DBGPRINT_MAX];
	unsigned dbgprint_count;
	uint8_t trace_level;         /* --trace LEVEL[:FLAGS]; 0/0: no session */
	uint32_t trace_flags;
	/* run_stats.c */
	uint64_t reset_every;        /* --reset-every N test frames (0: never) */
	uint64_t pause_every;        /* --pause-every N test frames (0: never) */
	bool halt_in_flight;         /* --halt-in-flight */
	uint32_t receive_throttle;   /* --receive-throttle N (0: runtime default) */
	/* configuration keywords (--keyword), in order, after the ones
	 * --dma-bits and --jumbo imply (a later one replaces an earlier) */
	const char *keywords[CLI_MAX_KEYWORDS];
	unsigned keyword_count;
	const char *replay;          /* --replay FILE: a fuzz_device input (run_replay.c) */
};

/* What the run learnt from the adapter before pausing it (run_stats.c):
 * the miniport's OID_GEN_STATISTICS beside the harness's counts, resets,
 * error log, receive throttle. */
struct run_extras {
	bool have_adapter;
	struct ndisdma_adapter_stats astats;
	struct ndisdma_device_stats dstats;
	bool have_stats;
	struct ndisdma_statistics stats;
	uint32_t disagree;           /* bit i: counter i differs from the harness */
	uint32_t max_frame_size;     /* OID_GEN_MAXIMUM_FRAME_SIZE (0: not answered) */
	bool pools_at_baseline;      /* set by the summary (cmd_run.c) */
	const char *sched;           /* "threads", "seeded" or "pct" */
	struct ndisdma_iommu_stats iommu;   /* after the halts (cmd_run.c) */
	uint64_t trace_hash;         /* ndisdma_trace_hash at the end (0: threads) */
};

/* ---- option values (values.c): each returns NULL or a one-line reason -- */
const char *parse_u64(const char *text, uint64_t *out);
const char *parse_dma_bits(const char *text, unsigned *out);
const char *parse_layout(const char *text, enum ndisdma_layout *out);
/* off | strict | lazy (spec §11) */
const char *parse_iommu(const char *text, enum ndisdma_iommu *out);
const char *iommu_name(enum ndisdma_iommu mode);
/* --platform sim|host; --host-reserve MiB, 1..NDISDMA_HOST_RESERVE_MAX */
const char *parse_platform(const char *text, enum ndisdma_platform *out);
const char *parse_host_reserve(const char *text, uint64_t *mib);
const char *parse_verifier(const char *text, enum ndisdma_verifier_level *out);
const char *parse_stress(const char *text, unsigned *out);
const char *parse_fault(const char *text, struct run_options *o);
/* seeded | threads | pct:D[:K] */
const char *parse_sched(const char *text, struct run_options *o);
const char *sched_name(enum ndisdma_sched s);
/* A seed nobody chose: getrandom(2), else time and pid. */
uint64_t random_seed(void);

const char *layout_name(enum ndisdma_layout layout);
const char *verifier_name(enum ndisdma_verifier_level level);

/* ---- run options (options.c) ------------------------------------------- */
void run_options_init(struct run_options *o);
/* argv[0] is "run".  0 on success; -1 with a one-line reason in err. */
int run_options_parse(int argc, char **argv, struct run_options *o,
		      char *err, size_t errlen);
void run_usage(FILE *out);

/* ---- output (print.c) --------------------------------------------------- */
void print_dma_info(FILE *out, const struct ndisdma_dma_info *info);
void print_mac(FILE *out, const struct ndisdma_adapter_stats *stats);
/* status: the NDIS_STATUS of the OID_GEN_CURRENT_PACKET_FILTER query. */
void print_packet_filter(FILE *out, int32_t status, uint32_t filter);
void print_pools(FILE *out, const struct ndisdma_pools *p);
/* Names the first live count that differs from the baseline, or NULL. */
const char *pools_leak(const struct ndisdma_pools *base,
		       const struct ndisdma_pools *now,
		       uint64_t *base_value, uint64_t *now_value);

/* ---- traffic (run_traffic.c) ------------------------------------------- */
/* Resolves defaults that depend on other options; NULL or a reason. */
const char *traffic_options_finish(struct run_options *o);
/* Whether the adapter gets the virtio-net device model. */
bool traffic_wants_device(const struct run_options *o);
/* Runs the traffic harness on a running adapter; progress to out.
 * Returns CLI_EXIT_OK, CLI_EXIT_TRAFFIC or CLI_EXIT_INTERNAL. */
int traffic_run(const struct run_options *o, struct ndisdma_adapter *a, FILE *out,
		struct ndisdma_traffic_result *res);
void traffic_print_summary(FILE *out, const struct run_options *o,
			   const struct ndisdma_traffic_result *res);
void traffic_print_json(FILE *out, const struct run_options *o,
			const struct ndisdma_traffic_result *res,
			const struct ndisdma_pools *pools, uint64_t reports,
			uint64_t errors, int rc, const struct run_extras *x,
			const struct adapter_report *ar, unsigned nar,
			const struct ndisdma_hub_result *hub);

/* ---- statistics, resets, error log (run_stats.c) ------------------------ */
void run_extras_collect(struct ndisdma_adapter *a, const struct ndisdma_traffic_result *r,
			bool traffic, struct run_extras *x);
void run_extras_print(FILE *out, const struct run_extras *x,
		      const struct ndisdma_traffic_result *r, bool traffic);
/* The extras as JSON members (", \"resets\": ..."), no braces. */
void run_extras_json(FILE *out, const struct run_extras *x);
/* With --fault: "faults injected: K (allocation points reached: M)". */
void print_faults(FILE *out, const struct ndisdma_pools *p);
/* With --iommu strict|lazy: "iommu: strict, N domains, M maps, ...". */
void print_iommu(FILE *out, const struct ndisdma_iommu_stats *s);
/* A check failed: mismatch, lost frame or completion, failed send. */
bool traffic_failed(const struct run_options *o, const struct ndisdma_traffic_result *res);

/* ---- several adapters (run_adapters.c) ---------------------------------- */
/* What one adapter did, read after its pause. */
struct adapter_report {
	char name[24];
	bool initialized;
	struct ndisdma_adapter_stats stats;
	struct ndisdma_device_stats device;   /* taken before the halt */
};
/* An adapter in front of the virtio-net model whose driver never set
 * DRIVER_OK: a miniport for other hardware (docs/devices.md). */
static inline bool adapter_device_unused(const struct adapter_report *a)
{
	return a->initialized && a->device.present && !a->device.driver_ok;
}
/* "adapter ndisdma0: MAC ..., N NBLs sent, ..." one line each, with the
 * hub traffic's counts of that adapter when hub is not NULL. */
void adapters_print(FILE *out, const struct adapter_report *ar, unsigned n,
		    const struct ndisdma_hub_result *hub);
/* "\"adapters\": [...], " JSON member (and "hub": {...} with hub). */
void adapters_json(FILE *out, const struct adapter_report *ar, unsigned n,
		   const struct ndisdma_hub_result *hub);
/* --traffic hub (run_hub.c): frames between the adapters; progress to out.
 * CLI_EXIT_OK, CLI_EXIT_TRAFFIC or CLI_EXIT_INTERNAL / CLI_EXIT_DRIVER. */
int hub_traffic_run(const struct run_options *o, struct ndisdma_adapter *const *a,
		    unsigned n, FILE *out, struct ndisdma_hub_result *res);
void hub_print_summary(FILE *out, const struct run_options *o,
		       const struct ndisdma_hub_result *r);

/* ---- driver debug output (run_debug.c) ---------------------------------- */
/* "MASK" (the system-wide mask) or "COMPONENT=MASK", COMPONENT a DPFLTR id
 * 0-255 or a name (DEFAULT, IHVDRIVER, IHVNETWORK, ...). */
const char *parse_dbgprint(const char *text, struct run_options *o);
/* Applies the --dbgprint settings to the machine, in order, and the
 * --trace session. */
void apply_dbgprint(struct ndisdma_machine *m, const struct run_options *o);
/* --trace LEVEL[:FLAGS] (docs/wpp.md): NULL, or why the value is wrong. */
const char *parse_trace(const char *text, struct run_options *o);

/* ---- built-in miniports (builtin.c) ------------------------------------- */
struct builtin_driver {
	const char *name;
	ndisdma_driver_entry entry;
	bool device;                 /* drives the virtio-net device model */
};
const struct builtin_driver *builtin_default(void);
/* "virtio_net" or "lifecycle"; NULL for another name. */
const struct builtin_driver *builtin_find(const char *name);

/* ---- commands ----------------------------------------------------------- */
int cmd_run(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);
/* run --replay FILE (run_replay.c): the device fuzz target over one input,
 * every step narrated; CLI_EXIT_OK, or CLI_EXIT_VERIFIER for a finding. */
int run_replay(const struct run_options *o);
int cmd_bench(int argc, char **argv);
int cmd_verify(int argc, char **argv);

#endif

/* verify.h — `ndisdma verify` (docs/ci.md, ndisdma verify --help): a
 * matrix of short `ndisdma run` cells of one miniport, each a child process
 * of the running binary, spread over --jobs within a time budget; a table,
 * the replay line of each failing cell, merged SARIF, JUnit XML and JSON.
 *
 * verify_matrix.c  the cells and their order, shards
 * verify_exec.c    child processes, budget, progress, what each cell did
 * verify_output.c  table, replay lines, --json, reading --merge files
 * verify_junit.c   JUnit XML
 * verify_sarif.c   one SARIF 2.1.0 log, results deduplicated
 */
#ifndef NDISDMA_CLI_VERIFY_H
#define NDISDMA_CLI_VERIFY_H

#include "cli.h"
#include "json.h"

#define VERIFY_DEFAULT_BUDGET 120u
#define VERIFY_MAX_MERGE 256

struct verify_options {
	const char *driver;          /* --driver PATH.so (required unless --merge) */
	unsigned budget;             /* --budget SECONDS */
	unsigned jobs;               /* --jobs N (0: the CPU count) */
	const char *report_path;     /* --report F.sarif */
	const char *junit_path;      /* --junit F.xml */
	bool json;                   /* --json: the result as JSON on stdout */
	const char *keywords[CLI_MAX_KEYWORDS];
	unsigned keyword_count;
	unsigned adapters;           /* --adapters N (0: run's default) */
	bool hub;                    /* --traffic hub */
	enum ndisdma_iommu iommu;    /* --iommu: every cell's (default off) */
	unsigned shard_k, shard_n;   /* --shard K/N (1/1: all) */
	bool seed_given;
	uint64_t seed;
	bool merge;                  /* --merge A.json B.json ... */
	char *merged_driver;         /* --merge: the files' driver (owned) */
	const char *merge_files[VERIFY_MAX_MERGE];
	unsigned merge_count;
	bool help;
};

enum vcell_state { VCELL_PENDING, VCELL_RUNNING, VCELL_PASS, VCELL_FAIL, VCELL_SKIPPED };

struct vcell {
	unsigned index;              /* position in the whole matrix */
	char dim[16];                /* dimension: dma, stress, fault, ... */
	char row[64];                /* the table row (dimension value) */
	char name[96];               /* unique: the row, or the row and the fault */
	char args[160];              /* its run options, space-separated */
	uint64_t seed;
	uint64_t frames;
	bool fault;                  /* a --fault cell */
	enum vcell_state state;
	int exit;                    /* the run's exit status (-1: none) */
	int signal;                  /* killed by this signal (0: none) */
	bool timed_out;
	unsigned errors;             /* verifier errors the run reported */
	double started, seconds;
	int pid;
	char outcome[400];           /* one line: why it passed, failed, was skipped */
	char rules[256];             /* rule ids seen, comma-separated ("" none) */
	char replay[1024];           /* the `ndisdma run ...` line that replays it */
	struct json *results;        /* its SARIF results (an array), or NULL */
};

struct verify_matrix {
	struct vcell *cells;
	unsigned count;              /* cells of the whole matrix */
	unsigned fault_points;       /* M of the fault sweep nth:1..M */
	bool jumbo;                  /* the miniport accepted *JumboPacket=9014 */
};

/* ---- verify_matrix.c ---------------------------------------------------- */
/* Probes the driver (two short runs: allocation points, jumbo), then lays
 * out every cell in budget order.  0, or a CLI_EXIT_* status. */
int verify_matrix_build(const struct verify_options *o, const char *self,
			struct verify_matrix *mx);
void verify_matrix_free(struct verify_matrix *mx);
/* Cell i belongs to shard K of N. */
bool verify_in_shard(const struct verify_options *o, const struct vcell *c);
/* The options every cell shares (driver, keywords, adapters, traffic),
 * then the cell's own: argv for `ndisdma run` (NULL-terminated, static
 * storage in `buf`).  With replay, the run's printable command line. */
void verify_cell_argv(const struct verify_options *o, const struct vcell *c,
		      const char *self, const char *dir, char **argv, size_t max,
		      char *buf, size_t buflen);
void verify_replay_line(const struct verify_options *o, const struct vcell *c,
			char *out, size_t len);

/* ---- verify_exec.c ------------------------------------------------------ */
/* Runs the cells of this shard; progress on `out` when it is a terminal. */
int verify_exec(const struct verify_options *o, const char *self,
		struct verify_matrix *mx, FILE *out, double *seconds);
/* Runs one probe run synchronously; its --json summary (NULL on failure). */
struct json *verify_probe(const char *self, char *const argv[]);

/* ---- verify_output.c ---------------------------------------------------- */
void verify_print_table(FILE *out, const struct verify_options *o,
			const struct verify_matrix *mx, double seconds);
void verify_write_json(FILE *out, const struct verify_options *o,
		       const struct verify_matrix *mx, double seconds, int rc);
/* --merge: the cells of every file, in matrix order.  0 or CLI_EXIT_*. */
int verify_read_merge(struct verify_options *o, struct verify_matrix *mx,
		      double *seconds);
/* The exit status the cells call for (CLI_EXIT_OK when all passed). */
int verify_exit_status(const struct verify_matrix *mx);

/* ---- verify_junit.c / verify_sarif.c ------------------------------------ */
int verify_write_junit(const char *path, const struct verify_options *o,
		       const struct verify_matrix *mx);
int verify_write_sarif(const char *path, const struct verify_matrix *mx);

#endif

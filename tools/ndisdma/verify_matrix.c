/* verify_matrix.c — the cells of `ndisdma verify` and their order.
 *
 * Each dimension is a list of run options; a cell is one value of one
 * dimension on top of the defaults (docs/ci.md "The matrix"); --iommu is
 * one of the defaults, and one cell always runs with the IOMMU strict.  The fault
 * sweep fails, once each, every internal allocation point a short run of
 * the miniport reaches (nth:1..M, M from a probe run of the same seed and
 * frames: the count is deterministic for a seed).  The cells are ordered
 * round robin over the dimensions (the first value of each, then the
 * second of each, ...) so a budget too short for the whole matrix still
 * covers every dimension once; shard K of N takes the cells whose position
 * is K-1 modulo N, so the same seed and driver give the same slices.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

#define CELL_FRAMES 2000u        /* a cell's test frames */
#define FAULT_FRAMES 64u         /* the fault sweep's short run */
#define P_FRAMES 3000u           /* seeded probabilistic faults */
#define P_SEEDS 4u
#define PCT_SEEDS 4u
#define JUMBO_MTU 9000u          /* OID_GEN_MAXIMUM_FRAME_SIZE with *JumboPacket=9014 */

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

static uint64_t name_seed(uint64_t seed, const char *name)
{
	uint64_t h = 0xCBF29CE484222325ull;   /* FNV-1a */

	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 0x100000001B3ull;
	return mix(seed ^ h) & 0xFFFFFFFFFFFFull;   /* short enough to type */
}

/* Cells of one dimension before ordering. */
struct dim_list {
	struct vcell *cells;
	unsigned count, cap;
};

static struct vcell *add(struct dim_list *d, const char *dim, const char *row,
			 const char *name, const char *args, uint64_t frames)
{
	struct vcell *c;

	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->cells = realloc(d->cells, d->cap * sizeof(*d->cells));
		if (d->cells == NULL) {
			perror("ndisdma verify");
			exit(CLI_EXIT_INTERNAL);
		}
	}
	c = &d->cells[d->count++];
	memset(c, 0, sizeof(*c));
	snprintf(c->dim, sizeof(c->dim), "%s", dim);
	snprintf(c->row, sizeof(c->row), "%s", row);
	snprintf(c->name, sizeof(c->name), "%s", name != NULL ? name : row);
	snprintf(c->args, sizeof(c->args), "%s", args);
	c->frames = frames;
	c->exit = -1;
	return c;
}

enum { D_DMA, D_IOMMU, D_STRESS, D_VERIFIER, D_NTH, D_PROB, D_SCHED, D_PAUSE, D_RESET,
       D_HALT, D_JUMBO, D_COUNT };

static void add_dma(struct dim_list *d)
{
	static const char *const layouts[] = { "contiguous", "scattered", "high", "mixed" };
	char row[64], args[96];

	for (unsigned bits = 64; bits >= 32; bits -= 32)
		for (unsigned i = 0; i < 4; i++) {
			snprintf(row, sizeof(row), "dma-bits %u, layout %s", bits, layouts[i]);
			snprintf(args, sizeof(args), "--dma-bits %u --layout %s", bits, layouts[i]);
			add(d, "dma", row, NULL, args, CELL_FRAMES);
		}
}

/* spec §11: one cell behind the IOMMU, strict (a stale or physical device
 * address faults at once), whatever --iommu the other cells use. */
static void add_iommu(struct dim_list *d)
{
	add(d, "iommu", "iommu strict", NULL, "--iommu strict", CELL_FRAMES);
}

static void add_stress(struct dim_list *d)
{
	static const char *const modes[] = { "none", "defer", "split", "bounce",
					     "defer,split,bounce" };
	char row[64], args[96];

	for (unsigned i = 0; i < 5; i++) {
		snprintf(row, sizeof(row), "stress %s", modes[i]);
		if (i == 0)
			args[0] = '\0';   /* the default: no --stress */
		else
			snprintf(args, sizeof(args), "--stress %s", modes[i]);
		add(d, "stress", row, NULL, args, CELL_FRAMES);
	}
}

static void add_faults(struct dim_list *nth, struct dim_list *prob, unsigned points,
		       uint64_t probe_seed)
{
	char row[64], name[96], args[96];

	snprintf(row, sizeof(row), "fault nth:1..%u", points);
	for (unsigned n = 1; n <= points; n++) {
		snprintf(name, sizeof(name), "fault nth:%u", n);
		snprintf(args, sizeof(args), "--fault nth:%u", n);
		add(nth, "fault", row, name, args, FAULT_FRAMES)->fault = true;
		nth->cells[nth->count - 1].seed = probe_seed;   /* the probe's run */
	}
	for (unsigned i = 1; i <= P_SEEDS; i++) {
		snprintf(name, sizeof(name), "fault p:0.002 #%u", i);
		add(prob, "fault", "fault p:0.002", name, "--fault p:0.002", P_FRAMES)->fault = true;
	}
}

/* --sched pct:D (seeded schedules) once `ndisdma run` has --sched. */
static void add_sched(struct dim_list *d)
{
	char name[96];

	for (unsigned i = 1; i <= PCT_SEEDS; i++) {
		snprintf(name, sizeof(name), "sched pct:3 #%u", i);
		add(d, "sched", "sched pct:3", name, "--sched pct:3", CELL_FRAMES);
	}
}

static void add_lifecycle(struct dim_list *dl, const struct verify_options *o, bool jumbo)
{
	add(&dl[D_VERIFIER], "verifier", "verifier full", NULL, "--verifier full", CELL_FRAMES);
	if (!o->hub) {   /* pause, reset and halt go with loopback traffic */
		add(&dl[D_PAUSE], "pause", "pause/restart every 500 frames", NULL,
		    "--pause-every 500", 2 * CELL_FRAMES);
		add(&dl[D_RESET], "reset", "reset every 500 frames", NULL,
		    "--reset-every 500", CELL_FRAMES);
		add(&dl[D_HALT], "halt", "halt with frames in flight", NULL,
		    "--halt-in-flight", CELL_FRAMES);
	}
	if (jumbo) {
		add(&dl[D_JUMBO], "jumbo", "jumbo, dma-bits 64", NULL, "--jumbo", CELL_FRAMES / 2);
		add(&dl[D_JUMBO], "jumbo", "jumbo, dma-bits 32, stress split", NULL,
		    "--jumbo --dma-bits 32 --stress split", CELL_FRAMES / 2);
	}
}

/* Round robin over the dimensions: every dimension's first value, then
 * every second value, ... */
static void order(struct dim_list *dl, struct verify_matrix *mx, uint64_t seed)
{
	unsigned total = 0, longest = 0;

	for (unsigned d = 0; d < D_COUNT; d++) {
		total += dl[d].count;
		if (dl[d].count > longest)
			longest = dl[d].count;
	}
	mx->cells = calloc(total ? total : 1, sizeof(*mx->cells));
	if (mx->cells == NULL) {
		perror("ndisdma verify");
		exit(CLI_EXIT_INTERNAL);
	}
	for (unsigned i = 0; i < longest; i++)
		for (unsigned d = 0; d < D_COUNT; d++) {
			struct vcell *c;

			if (i >= dl[d].count)
				continue;
			c = &mx->cells[mx->count];
			*c = dl[d].cells[i];
			c->index = mx->count++;
			if (c->seed == 0)
				c->seed = name_seed(seed, c->name);
		}
	for (unsigned d = 0; d < D_COUNT; d++)
		free(dl[d].cells);
}

/* The probes: a fault-free run of the sweep's length (allocation points
 * reached), and the miniport initialized with *JumboPacket=9014 (does it
 * report a 9000-byte MTU?). */
static int probe(const struct verify_options *o, const char *self, struct verify_matrix *mx,
		 uint64_t probe_seed)
{
	struct vcell c;
	char *argv[64 + 2 * CLI_MAX_KEYWORDS], buf[16384];
	struct json *j;

	memset(&c, 0, sizeof(c));
	c.frames = FAULT_FRAMES;
	c.seed = probe_seed;
	verify_cell_argv(o, &c, self, NULL, argv, sizeof(argv) / sizeof(argv[0]), buf,
			 sizeof(buf));
	j = verify_probe(self, argv);
	mx->fault_points = (unsigned)json_get_num(j, "fault_points", 0);
	if (mx->fault_points == 0)
		fprintf(stderr, "ndisdma verify: the probe run of the driver reached no "
			"allocation point (exit %d): the fault sweep is empty; the cells say "
			"why\n", (int)json_get_num(j, "exit", -1));
	json_free(j);
	snprintf(c.args, sizeof(c.args), "--jumbo");
	c.frames = 0;
	verify_cell_argv(o, &c, self, NULL, argv, sizeof(argv) / sizeof(argv[0]), buf,
			 sizeof(buf));
	j = verify_probe(self, argv);
	mx->jumbo = json_get_num(j, "max_frame_size", 0) >= JUMBO_MTU;
	json_free(j);
	return CLI_EXIT_OK;
}

int verify_matrix_build(const struct verify_options *o, const char *self,
			struct verify_matrix *mx)
{
	struct dim_list dl[D_COUNT];
	uint64_t probe_seed = name_seed(o->seed, "fault sweep");
	int rc;

	memset(dl, 0, sizeof(dl));
	memset(mx, 0, sizeof(*mx));
	rc = probe(o, self, mx, probe_seed);
	if (rc != CLI_EXIT_OK)
		return rc;
	add_dma(&dl[D_DMA]);
	add_iommu(&dl[D_IOMMU]);
	add_stress(&dl[D_STRESS]);
	add_faults(&dl[D_NTH], &dl[D_PROB], mx->fault_points, probe_seed);
	add_sched(&dl[D_SCHED]);
	add_lifecycle(dl, o, mx->jumbo);
	order(dl, mx, o->seed);
	return CLI_EXIT_OK;
}

void verify_matrix_free(struct verify_matrix *mx)
{
	for (unsigned i = 0; i < mx->count; i++)
		json_free(mx->cells[i].results);
	free(mx->cells);
	memset(mx, 0, sizeof(*mx));
}

bool verify_in_shard(const struct verify_options *o, const struct vcell *c)
{
	return c->index % o->shard_n == o->shard_k - 1;
}

/* ---- command lines -------------------------------------------------------- */

struct argv_builder {
	char **argv;
	size_t n, max;
	char *buf;
	size_t used, len;
};

static void push(struct argv_builder *b, const char *s)
{
	size_t l = strlen(s) + 1;

	if (b->n + 1 >= b->max || b->used + l > b->len)
		return;   /* sized for the worst case by the callers */
	memcpy(b->buf + b->used, s, l);
	b->argv[b->n++] = b->buf + b->used;
	b->used += l;
}

static void push_words(struct argv_builder *b, const char *words)
{
	char w[160];
	const char *p = words;

	while (*p != '\0') {
		size_t l = strcspn(p, " ");

		if (l > 0 && l < sizeof(w)) {
			memcpy(w, p, l);
			w[l] = '\0';
			push(b, w);
		}
		p += l + (p[l] == ' ');
	}
}

static void common_args(struct argv_builder *b, const struct verify_options *o,
			const struct vcell *c)
{
	char num[32];

	push(b, "run");
	push(b, "--driver");
	push(b, o->driver);
	for (unsigned i = 0; i < o->keyword_count; i++) {
		push(b, "--keyword");
		push(b, o->keywords[i]);
	}
	if (o->adapters > 0) {
		snprintf(num, sizeof(num), "%u", o->adapters);
		push(b, "--adapters");
		push(b, num);
	}
	if (o->hub) {
		push(b, "--traffic");
		push(b, "hub");
	}
	if (o->iommu != NDISDMA_IOMMU_OFF) {   /* a cell's own --iommu comes later and wins */
		push(b, "--iommu");
		push(b, iommu_name(o->iommu));
	}
	snprintf(num, sizeof(num), "%" PRIu64, c->frames);
	push(b, "--frames");
	push(b, num);
	snprintf(num, sizeof(num), "%" PRIu64, c->seed);
	push(b, "--seed");
	push(b, num);
	push_words(b, c->args);
}

void verify_cell_argv(const struct verify_options *o, const struct vcell *c,
		      const char *self, const char *dir, char **argv, size_t max,
		      char *buf, size_t buflen)
{
	struct argv_builder b = { argv, 0, max, buf, 0, buflen };
	char path[4200];

	push(&b, self);
	common_args(&b, o, c);
	push(&b, "--quiet");
	push(&b, "--json");
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/cell%u.sarif", dir, c->index);
		push(&b, "--report");
		push(&b, path);
	}
	argv[b.n] = NULL;
}

/* A word as a POSIX shell reads it back. */
static void quote(char *out, size_t len, const char *w)
{
	size_t n = strlen(out);

	if (w[0] != '\0' && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789-_./:=,+@%") == strlen(w)) {
		snprintf(out + n, len - n, "%s", w);
		return;
	}
	snprintf(out + n, len - n, "'");
	for (const char *p = w; *p; p++) {
		n = strlen(out);
		snprintf(out + n, len - n, *p == '\'' ? "'\\''" : "%c", *p);
	}
	n = strlen(out);
	snprintf(out + n, len - n, "'");
}

void verify_replay_line(const struct verify_options *o, const struct vcell *c,
			char *out, size_t len)
{
	char *argv[64 + 2 * CLI_MAX_KEYWORDS], buf[16384];
	struct argv_builder b = { argv, 0, sizeof(argv) / sizeof(argv[0]), buf, 0, sizeof(buf) };

	push(&b, "ndisdma");
	common_args(&b, o, c);
	out[0] = '\0';
	for (size_t i = 0; i < b.n; i++) {
		if (i > 0)
			snprintf(out + strlen(out), len - strlen(out), " ");
		quote(out, len, argv[i]);
	}
}

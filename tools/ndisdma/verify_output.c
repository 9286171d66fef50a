/* verify_output.c — what `ndisdma verify` prints: the table (one row per
 * dimension value: cells, passed, failed, skipped, rule ids seen), each
 * failing cell with its replay line, the totals; --json (every cell with
 * its outcome, replay line and SARIF results), and reading such files back
 * for --merge.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

static const char *state_name(enum vcell_state s)
{
	switch (s) {
	case VCELL_PASS: return "pass";
	case VCELL_FAIL: return "fail";
	case VCELL_SKIPPED: return "skipped";
	default: return "not run";
	}
}

static enum vcell_state state_of(const char *name)
{
	if (strcmp(name, "pass") == 0)
		return VCELL_PASS;
	if (strcmp(name, "fail") == 0)
		return VCELL_FAIL;
	return VCELL_SKIPPED;
}

/* ---- the table ------------------------------------------------------------ */

struct row {
	const char *dim, *name;
	unsigned first, dim_rank;
	unsigned cells, pass, fail, skipped;
	char rules[256];
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->dim_rank != y->dim_rank)
		return x->dim_rank < y->dim_rank ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static void add_rules(char *to, size_t len, const char *rules)
{
	char one[80];
	const char *p = rules;

	while (*p != '\0') {
		size_t l = strcspn(p, ",");

		snprintf(one, sizeof(one), "%.*s", (int)l, p);
		if (strstr(to, one) == NULL && strlen(to) + l + 2 < len)
			snprintf(to + strlen(to), len - strlen(to), "%s%s", to[0] ? "," : "", one);
		p += l + (p[l] == ',');
	}
}

/* One row per dimension value, grouped by dimension in matrix order. */
static struct row *rows_of(const struct verify_matrix *mx, unsigned *nrows)
{
	struct row *rows = calloc(mx->count + 1, sizeof(*rows));
	const char *dims[32];
	unsigned n = 0, ndims = 0;

	for (unsigned i = 0; rows != NULL && i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];
		unsigned r = 0, d = 0;

		if (c->state == VCELL_PENDING)
			continue;   /* another shard's */
		while (d < ndims && strcmp(dims[d], c->dim) != 0)
			d++;
		if (d == ndims && ndims < 32)
			dims[ndims++] = c->dim;
		while (r < n && strcmp(rows[r].name, c->row) != 0)
			r++;
		if (r == n) {
			rows[n].dim = c->dim;
			rows[n].name = c->row;
			rows[n].first = i;
			rows[n++].dim_rank = d;
		}
		rows[r].cells++;
		rows[r].pass += c->state == VCELL_PASS;
		rows[r].fail += c->state == VCELL_FAIL;
		rows[r].skipped += c->state != VCELL_PASS && c->state != VCELL_FAIL;
		add_rules(rows[r].rules, sizeof(rows[r].rules), c->rules);
	}
	if (rows != NULL)
		qsort(rows, n, sizeof(*rows), row_cmp);
	*nrows = n;
	return rows;
}

void verify_print_table(FILE *out, const struct verify_options *o,
			const struct verify_matrix *mx, double seconds)
{
	unsigned n = 0, pass = 0, fail = 0, skipped = 0, cells = 0;
	struct row *rows = rows_of(mx, &n);

	fprintf(out, "%-9s %-36s %6s %6s %6s %7s  %s\n", "dimension", "value", "cells", "pass",
		"fail", "skipped", "rules");
	for (unsigned i = 0; rows != NULL && i < n; i++) {
		fprintf(out, "%-9s %-36s %6u %6u %6u %7u  %s\n", rows[i].dim, rows[i].name,
			rows[i].cells, rows[i].pass, rows[i].fail, rows[i].skipped,
			rows[i].rules[0] ? rows[i].rules : "-");
		cells += rows[i].cells;
		pass += rows[i].pass;
		fail += rows[i].fail;
		skipped += rows[i].skipped;
	}
	free(rows);
	for (unsigned i = 0; i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];

		if (c->state != VCELL_FAIL)
			continue;
		fprintf(out, "FAIL %s: %s\n  replay: %s\n", c->name, c->outcome, c->replay);
	}
	fprintf(out, "verify: %u cells of a matrix of %u (shard %u/%u): %u passed, %u failed, "
		"%u skipped; %.1f s with --jobs %u\n", cells, mx->count, o->shard_k, o->shard_n,
		pass, fail, skipped, seconds, o->jobs);
	if (o->merge && cells < mx->count)
		fprintf(out, "verify: %u cells were in no merged shard\n", mx->count - cells);
	fprintf(out, "seed: %" PRIu64 " (repeat with --seed %" PRIu64 ")\n", o->seed, o->seed);
}

int verify_exit_status(const struct verify_matrix *mx)
{
	int worst = CLI_EXIT_OK;

	/* 1 on any verifier error, loss or mismatch; else the run's code:
	 * 7 bug check, 4 driver failure (a crash or a hang too), 5 internal */
	for (unsigned i = 0; i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];
		int rc;

		if (c->state != VCELL_FAIL)
			continue;
		rc = c->signal || c->timed_out ? CLI_EXIT_DRIVER : c->exit;
		if (c->errors > 0 || rc == CLI_EXIT_VERIFIER || rc == CLI_EXIT_TRAFFIC || rc == CLI_EXIT_STOPPED)
			return CLI_EXIT_VERIFIER;
		if (worst == CLI_EXIT_OK || rc == CLI_EXIT_BUGCHECK ||
		    (rc == CLI_EXIT_DRIVER && worst != CLI_EXIT_BUGCHECK))
			worst = rc;
	}
	return worst;
}

/* ---- --json ------------------------------------------------------------- */

static void write_cell(FILE *out, const struct vcell *c)
{
	fprintf(out, "{\"index\": %u, \"dim\": ", c->index);
	json_write_string(out, c->dim);
	fputs(", \"row\": ", out);
	json_write_string(out, c->row);
	fputs(", \"name\": ", out);
	json_write_string(out, c->name);
	fputs(", \"args\": ", out);
	json_write_string(out, c->args);
	fprintf(out, ", \"seed\": %" PRIu64 ", \"frames\": %" PRIu64 ", \"state\": \"%s\""
		", \"exit\": %d, \"signal\": %d, \"timed_out\": %s, \"verifier_errors\": %u"
		", \"seconds\": %.3f, \"outcome\": ", c->seed, c->frames, state_name(c->state),
		c->exit, c->signal, c->timed_out ? "true" : "false", c->errors, c->seconds);
	json_write_string(out, c->outcome);
	fputs(", \"rules\": ", out);
	json_write_string(out, c->rules);
	fputs(", \"replay\": ", out);
	json_write_string(out, c->replay);
	fputs(", \"results\": ", out);
	if (c->results != NULL)
		json_write(out, c->results);
	else
		fputs("[]", out);
	fputc('}', out);
}

void verify_write_json(FILE *out, const struct verify_options *o,
		       const struct verify_matrix *mx, double seconds, int rc)
{
	unsigned pass = 0, fail = 0;

	for (unsigned i = 0; i < mx->count; i++) {
		pass += mx->cells[i].state == VCELL_PASS;
		fail += mx->cells[i].state == VCELL_FAIL;
	}
	fputs("{\"tool\": \"ndisdma verify\", \"driver\": ", out);
	json_write_string(out, o->driver != NULL ? o->driver : "");
	fprintf(out, ", \"seed\": %" PRIu64 ", \"shard\": \"%u/%u\", \"budget\": %u"
		", \"jobs\": %u, \"matrix\": %u, \"fault_points\": %u, \"jumbo\": %s"
		", \"passed\": %u, \"failed\": %u, \"seconds\": %.3f, \"exit\": %d, \"cells\": [",
		o->seed, o->shard_k, o->shard_n, o->budget, o->jobs, mx->count, mx->fault_points,
		mx->jumbo ? "true" : "false", pass, fail, seconds, rc);
	for (unsigned i = 0; i < mx->count; i++) {
		if (i > 0)
			fputs(",\n  ", out);
		else
			fputs("\n  ", out);
		write_cell(out, &mx->cells[i]);
	}
	fputs("]}\n", out);
}

/* ---- --merge ------------------------------------------------------------- */

static void read_cell(struct vcell *c, const struct json *j)
{
	const struct json *res = json_get(j, "results");

	snprintf(c->dim, sizeof(c->dim), "%s", json_get_str(j, "dim", "?"));
	snprintf(c->row, sizeof(c->row), "%s", json_get_str(j, "row", "?"));
	snprintf(c->name, sizeof(c->name), "%s", json_get_str(j, "name", "?"));
	snprintf(c->args, sizeof(c->args), "%s", json_get_str(j, "args", ""));
	snprintf(c->outcome, sizeof(c->outcome), "%s", json_get_str(j, "outcome", ""));
	snprintf(c->rules, sizeof(c->rules), "%s", json_get_str(j, "rules", ""));
	snprintf(c->replay, sizeof(c->replay), "%s", json_get_str(j, "replay", ""));
	c->seed = (uint64_t)json_get_num(j, "seed", 0);
	c->frames = (uint64_t)json_get_num(j, "frames", 0);
	c->state = state_of(json_get_str(j, "state", ""));
	c->exit = (int)json_get_num(j, "exit", -1);
	c->signal = (int)json_get_num(j, "signal", 0);
	c->seconds = json_get_num(j, "seconds", 0);
	c->errors = (unsigned)json_get_num(j, "verifier_errors", 0);
	c->timed_out = json_get(j, "timed_out") != NULL && json_get(j, "timed_out")->truth;
	c->fault = strncmp(c->args, "--fault", 7) == 0;
	json_free(c->results);
	c->results = res != NULL && res->type == JSON_ARRAY ? json_clone(res) : NULL;
}

static int merge_one(struct verify_options *o, struct verify_matrix *mx, const char *path,
		     struct json *j, double *seconds)
{
	unsigned matrix = (unsigned)json_get_num(j, "matrix", 0);

	if (strcmp(json_get_str(j, "tool", ""), "ndisdma verify") != 0) {
		fprintf(stderr, "ndisdma verify: --merge: '%s' is not ndisdma verify --json "
			"output\n", path);
		return CLI_EXIT_USAGE;
	}
	if (mx->cells == NULL) {
		mx->cells = calloc(matrix ? matrix : 1, sizeof(*mx->cells));
		mx->count = matrix;
		for (unsigned i = 0; i < matrix; i++) {
			mx->cells[i].index = i;
			mx->cells[i].exit = -1;
			mx->cells[i].state = VCELL_PENDING;
			snprintf(mx->cells[i].outcome, sizeof(mx->cells[i].outcome),
				 "in no merged shard");
		}
		o->seed = (uint64_t)json_get_num(j, "seed", 0);
		o->driver = o->merged_driver = strdup(json_get_str(j, "driver", ""));
		o->budget = (unsigned)json_get_num(j, "budget", 0);
		o->jobs = (unsigned)json_get_num(j, "jobs", 0);
		mx->fault_points = (unsigned)json_get_num(j, "fault_points", 0);
		mx->jumbo = json_get(j, "jumbo") != NULL && json_get(j, "jumbo")->truth;
	} else if (matrix != mx->count || (uint64_t)json_get_num(j, "seed", 0) != o->seed) {
		fprintf(stderr, "ndisdma verify: --merge: '%s' is of another matrix (seed or "
			"size differ)\n", path);
		return CLI_EXIT_USAGE;
	}
	if (json_get_num(j, "seconds", 0) > *seconds)
		*seconds = json_get_num(j, "seconds", 0);
	for (struct json *c = json_get(j, "cells") ? json_get(j, "cells")->child : NULL; c;
	     c = c->next) {
		unsigned i = (unsigned)json_get_num(c, "index", matrix);
		const char *st = json_get_str(c, "state", "");

		/* a shard lists every cell; only the ones it ran (or skipped for
		 * its budget) are its own */
		if (i >= mx->count || strcmp(st, "not run") == 0)
			continue;
		read_cell(&mx->cells[i], c);
	}
	return CLI_EXIT_OK;
}

int verify_read_merge(struct verify_options *o, struct verify_matrix *mx, double *seconds)
{
	char why[200];

	*seconds = 0;
	memset(mx, 0, sizeof(*mx));
	for (unsigned f = 0; f < o->merge_count; f++) {
		struct json *j = json_parse_file(o->merge_files[f], why, sizeof(why));
		int rc;

		if (j == NULL) {
			fprintf(stderr, "ndisdma verify: --merge: '%s': %s\n", o->merge_files[f], why);
			return CLI_EXIT_USAGE;
		}
		rc = merge_one(o, mx, o->merge_files[f], j, seconds);
		json_free(j);
		if (rc != CLI_EXIT_OK)
			return rc;
	}
	o->shard_k = o->shard_n = 1;   /* the whole matrix again */
	return CLI_EXIT_OK;
}

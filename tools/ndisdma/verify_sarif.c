/* verify_sarif.c — the cells' reports as one SARIF 2.1.0 log.
 *
 * The log's head (schema, version, tool and the whole rule catalogue, so a
 * result's ruleIndex keeps its meaning) is the library's own: an empty
 * machine writes it (ndisdma_reports_write_sarif).  Results are
 * deduplicated by rule and call site (the logical location's fully
 * qualified name, "module!function+0x.. (file:line)"): the first cell's
 * result is kept, with properties.cells listing every cell that hit it,
 * properties.occurrences how often, and properties.replay the first such
 * cell's replay line.  FAULT-INJECTED (ndisdma's note of what it failed on
 * purpose) is left out of the cells' results already.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

/* The library's SARIF log of no reports, parsed. */
static struct json *sarif_head(void)
{
	struct ndisdma_config cfg;
	struct ndisdma_machine *m = NULL;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *mem;
	struct json *j = NULL;

	ndisdma_config_init(&cfg);
	cfg.platform = NDISDMA_PLATFORM_SIM;
	cfg.log = NULL;
	if (ndisdma_machine_create(&cfg, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "ndisdma verify: cannot create a machine: %s\n", err);
		return NULL;
	}
	mem = open_memstream(&text, &len);
	if (mem != NULL && ndisdma_reports_write_sarif(m, mem) == 0 && fclose(mem) == 0)
		j = json_parse(text, err, sizeof(err));
	else if (mem != NULL)
		fclose(mem);
	ndisdma_machine_destroy(m);
	free(text);
	return j;
}

static const char *site_of(const struct json *result)
{
	const struct json *loc = json_get(result, "locations");
	const struct json *logical = loc != NULL ? json_get(loc->child, "logicalLocations") : NULL;
	const char *fq = logical != NULL ? json_get_str(logical->child, "fullyQualifiedName", NULL)
					 : NULL;

	if (fq != NULL)
		return fq;
	return json_get_str(json_get(result, "properties"), "site", "");
}

static bool same(const struct json *a, const struct json *b)
{
	return strcmp(json_get_str(a, "ruleId", ""), json_get_str(b, "ruleId", "")) == 0 &&
	       strcmp(site_of(a), site_of(b)) == 0;
}

/* properties of a merged result, made on first sight */
static struct json *merged_props(struct json *r, const struct vcell *c)
{
	struct json *p = json_get(r, "properties");

	if (p == NULL)
		p = json_add(r, "properties", json_new(JSON_OBJECT));
	json_add(p, "cells", json_new(JSON_ARRAY));
	json_add(p, "occurrences", json_new_number(0));
	json_add(p, "replay", json_new_string(c->replay));
	return p;
}

static void add_result(struct json *results, const struct json *r, const struct vcell *c)
{
	struct json *m = results->child, *props, *cells, *occ;
	const struct json *last;
	char num[32];

	while (m != NULL && !same(m, r))
		m = m->next;
	if (m == NULL) {
		m = json_add(results, NULL, json_clone(r));
		merged_props(m, c);
	}
	props = json_get(m, "properties");
	cells = json_get(props, "cells");
	occ = json_get(props, "occurrences");
	last = cells->child;
	while (last != NULL && last->next != NULL)
		last = last->next;
	if (last == NULL || strcmp(last->text, c->name) != 0)   /* cells come in order */
		json_add(cells, NULL, json_new_string(c->name));
	snprintf(num, sizeof(num), "%lld", strtoll(occ->text, NULL, 10) + 1);
	free(occ->text);
	occ->text = strdup(num);
}

int verify_write_sarif(const char *path, const struct verify_matrix *mx)
{
	struct json *log = sarif_head(), *run, *results, *props;
	unsigned cells = 0;
	FILE *out;

	run = json_get(log, "runs") != NULL ? json_get(log, "runs")->child : NULL;
	results = json_get(run, "results");
	if (results == NULL) {
		json_free(log);
		fprintf(stderr, "ndisdma verify: cannot make the SARIF log\n");
		return CLI_EXIT_INTERNAL;
	}
	for (unsigned i = 0; i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];

		cells += c->state == VCELL_PASS || c->state == VCELL_FAIL;
		for (const struct json *r = c->results ? c->results->child : NULL; r; r = r->next)
			add_result(results, r, c);
	}
	props = json_get(run, "properties");
	if (props != NULL) {
		json_free(props->child);
		props->child = NULL;
		json_add(props, "cellsRun", json_new_number(cells));
		json_add(props, "matrix", json_new_number(mx->count));
		json_add(props, "mergedResults", json_new_number((double)json_count(results)));
	}
	out = fopen(path, "w");
	if (out == NULL) {
		fprintf(stderr, "ndisdma verify: cannot create '%s': %s\n", path, strerror(errno));
		json_free(log);
		return CLI_EXIT_INTERNAL;
	}
	json_write(out, log);
	fputc('\n', out);
	json_free(log);
	if (fclose(out) != 0) {
		fprintf(stderr, "ndisdma verify: cannot write '%s'\n", path);
		return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_OK;
}

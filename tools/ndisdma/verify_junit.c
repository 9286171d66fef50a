/* verify_junit.c — JUnit XML for CI systems: one <testsuite> per
 * dimension, one <testcase> per cell (classname ndisdma.verify.DIM, name
 * the cell), a <failure> with the outcome and the replay line, <skipped>
 * for a cell the budget left out or that does not apply.
 */
#include <errno.h>
#include <string.h>

#include "verify.h"

/* XML 1.0 character data and attribute values. */
static void xml_text(FILE *out, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			if (*c >= 0x20 || *c == '\n' || *c == '\t')
				fputc(*c, out);
		}
	}
}

static void testcase(FILE *out, const struct vcell *c)
{
	fputs("    <testcase classname=\"ndisdma.verify.", out);
	xml_text(out, c->dim);
	fputs("\" name=\"", out);
	xml_text(out, c->name);
	fprintf(out, "\" time=\"%.3f\"", c->seconds);
	if (c->state == VCELL_PASS) {
		fputs("/>\n", out);
		return;
	}
	fputs(">\n", out);
	if (c->state == VCELL_FAIL) {
		fputs("      <failure message=\"", out);
		xml_text(out, c->outcome);
		fprintf(out, "\" type=\"exit %d\">", c->exit);
		xml_text(out, c->outcome);
		fputs("\nrules: ", out);
		xml_text(out, c->rules[0] ? c->rules : "none");
		fputs("\nreplay: ", out);
		xml_text(out, c->replay);
		fputs("</failure>\n", out);
	} else {
		fputs("      <skipped message=\"", out);
		xml_text(out, c->outcome);
		fputs("\"/>\n", out);
	}
	fputs("    </testcase>\n", out);
}

static void suite(FILE *out, const struct verify_matrix *mx, const char *dim,
		  const char *driver)
{
	unsigned tests = 0, failures = 0, skipped = 0;
	double time = 0;

	for (unsigned i = 0; i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];

		if (c->state == VCELL_PENDING || strcmp(c->dim, dim) != 0)
			continue;
		tests++;
		failures += c->state == VCELL_FAIL;
		skipped += c->state == VCELL_SKIPPED;
		time += c->seconds;
	}
	fputs("  <testsuite name=\"ndisdma verify ", out);
	xml_text(out, dim);
	fputs(" (", out);
	xml_text(out, driver);
	fprintf(out, ")\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\" "
		"time=\"%.3f\">\n", tests, failures, skipped, time);
	for (unsigned i = 0; i < mx->count; i++)
		if (mx->cells[i].state != VCELL_PENDING && strcmp(mx->cells[i].dim, dim) == 0)
			testcase(out, &mx->cells[i]);
	fputs("  </testsuite>\n", out);
}

int verify_write_junit(const char *path, const struct verify_options *o,
		       const struct verify_matrix *mx)
{
	FILE *out = fopen(path, "w");
	const char *dims[32];
	unsigned ndims = 0, tests = 0, failures = 0;

	if (out == NULL) {
		fprintf(stderr, "ndisdma verify: cannot create '%s': %s\n", path, strerror(errno));
		return CLI_EXIT_INTERNAL;
	}
	for (unsigned i = 0; i < mx->count; i++) {
		const struct vcell *c = &mx->cells[i];
		unsigned d = 0;

		if (c->state == VCELL_PENDING)
			continue;
		tests++;
		failures += c->state == VCELL_FAIL;
		while (d < ndims && strcmp(dims[d], c->dim) != 0)
			d++;
		if (d == ndims && ndims < 32)
			dims[ndims++] = c->dim;
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"ndisdma verify\" tests=\"%u\" failures=\"%u\">\n",
		tests, failures);
	for (unsigned d = 0; d < ndims; d++)
		suite(out, mx, dims[d], o->driver != NULL ? o->driver : "");
	fputs("</testsuites>\n", out);
	if (fclose(out) != 0) {
		fprintf(stderr, "ndisdma verify: cannot write '%s'\n", path);
		return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_OK;
}

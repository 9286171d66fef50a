/* run_debug.c — `ndisdma run --dbgprint [COMPONENT=]MASK`: the DbgPrint
 * filter of the run's machine (include/ndisdma/ndisdma.h; docs/run.md
 * "Driver debug output").  Default: every message of the driver is shown.
 */
#include <string.h>

#include "cli.h"

/* DPFLTR component ids a driver uses (facts §7). */
static const struct { const char *name; int id; } components[] = {
	{ "IHVDRIVER", 77 }, { "IHVVIDEO", 78 }, { "IHVAUDIO", 79 },
	{ "IHVNETWORK", 80 }, { "IHVSTREAMING", 81 }, { "IHVBUS", 82 },
	{ "DEFAULT", 101 },
};

static const char *parse_component(const char *text, size_t len, int *out)
{
	char number[16];
	uint64_t v = 0;

	for (size_t i = 0; i < sizeof(components) / sizeof(components[0]); i++) {
		if (strlen(components[i].name) == len &&
		    strncmp(components[i].name, text, len) == 0) {
			*out = components[i].id;
			return NULL;
		}
	}
	if (len == 0 || len >= sizeof(number))
		return "expects COMPONENT=MASK with a DPFLTR id 0-255 or a name";
	memcpy(number, text, len);
	number[len] = '\0';
	if (parse_u64(number, &v) != NULL || v > 255)
		return "expects COMPONENT=MASK with a DPFLTR id 0-255 or a name "
		       "(DEFAULT, IHVDRIVER, IHVNETWORK, ...)";
	*out = (int)v;
	return NULL;
}

const char *parse_dbgprint(const char *text, struct run_options *o)
{
	const char *eq = strchr(text, '=');
	struct dbgprint_setting s = { NDISDMA_DBGPRINT_SYSTEM, 0 };
	uint64_t mask = 0;
	const char *why;

	if (o->dbgprint_count == CLI_DBGPRINT_MAX)
		return "is given too many times";
	if (eq != NULL && (why = parse_component(text, (size_t)(eq - text), &s.component)) != NULL)
		return why;
	if (parse_u64(eq != NULL ? eq + 1 : text, &mask) != NULL || mask > 0xFFFFFFFFu)
		return "expects a 32-bit mask (decimal or 0x hex), optionally COMPONENT=MASK";
	s.mask = (uint32_t)mask;
	o->dbgprint[o->dbgprint_count++] = s;
	return NULL;
}

void apply_dbgprint(struct ndisdma_machine *m, const struct run_options *o)
{
	for (unsigned i = 0; i < o->dbgprint_count; i++)
		ndisdma_dbgprint_filter(m, o->dbgprint[i].component, o->dbgprint[i].mask);
}

/* run_debug.c — `ndisdma run --dbgprint [COMPONENT=]MASK`: the DbgPrint
 * filter of the run's machine, and `--trace LEVEL[:FLAGS]`, its WPP trace
 * session (docs/wpp.md) (include/ndisdma/ndisdma.h; docs/run.md
 * "Driver debug output").  Default: every message of the driver is shown.
 */
#include <string.h>
#include <strings.h>

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

/* TRACE_LEVEL_* (wpp facts §1.9). */
static const struct { const char *name; uint8_t level; } levels[] = {
	{ "NONE", 0 }, { "CRITICAL", 1 }, { "FATAL", 1 }, { "ERROR", 2 },
	{ "WARNING", 3 }, { "INFORMATION", 4 }, { "VERBOSE", 5 },
};

const char *parse_trace(const char *text, struct run_options *o)
{
	static const char *const why =
		"expects LEVEL[:FLAGS]: a level 0-255 or NONE, CRITICAL, FATAL, ERROR, "
		"WARNING, INFORMATION, VERBOSE, and a 32-bit flags mask (default 0xFFFFFFFF)";
	const char *colon = strchr(text, ':');
	size_t len = colon != NULL ? (size_t)(colon - text) : strlen(text);
	char number[16];
	uint64_t v = 0;
	bool named = false;

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (strlen(levels[i].name) == len && strncasecmp(levels[i].name, text, len) == 0) {
			o->trace_level = levels[i].level;
			named = true;
		}
	}
	if (!named) {
		if (len == 0 || len >= sizeof(number))
			return why;
		memcpy(number, text, len);
		number[len] = '\0';
		if (parse_u64(number, &v) != NULL || v > 255)
			return why;
		o->trace_level = (uint8_t)v;
	}
	o->trace_flags = 0xFFFFFFFFu;
	if (colon != NULL) {
		if (parse_u64(colon + 1, &v) != NULL || v > 0xFFFFFFFFu)
			return why;
		o->trace_flags = (uint32_t)v;
	}
	return NULL;
}

void apply_dbgprint(struct ndisdma_machine *m, const struct run_options *o)
{
	ndisdma_trace_session(m, o->trace_level, o->trace_flags);
	for (unsigned i = 0; i < o->dbgprint_count; i++)
		ndisdma_dbgprint_filter(m, o->dbgprint[i].component, o->dbgprint[i].mask);
}

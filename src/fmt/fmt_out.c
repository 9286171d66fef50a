/* fmt_out.c — the formatter's bounded output and its text runs: narrow
 * text is UTF-8, wide text UTF-16, each converted to the output's width,
 * and the __FUNCTION__ marker (fmt.h) replaced by the caller's function.
 */
#include "fmt/fmt_internal.h"

#include <stdio.h>
#include <string.h>

#include "fmt/utf.h"
#include "verifier/verifier.h"

void out_unit(struct fmt_out *o, uint32_t unit)
{
	if (o->len < o->room) {
		if (o->wide)
			o->units[o->len] = (uint16_t)unit;
		else
			o->narrow[o->len] = (char)unit;
	}
	o->len++;
}

/* Padding may be asked for INT_MAX units: write what fits, count the rest. */
void out_repeat(struct fmt_out *o, uint32_t unit, size_t count)
{
	size_t room = o->len < o->room ? o->room - o->len : 0;
	size_t write = count < room ? count : room;

	for (size_t i = 0; i < write; i++)
		out_unit(o, unit);
	o->len += count - write;
}

void out_ascii(struct fmt_out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out_unit(o, (unsigned char)s[i]);
}

static void out_code_point(struct fmt_out *o, uint32_t cp)
{
	if (o->wide) {
		uint16_t u[2];
		size_t n = utf16_encode(cp, u);

		for (size_t i = 0; i < n; i++)
			out_unit(o, u[i]);
	} else {
		unsigned char b[4];
		size_t n = utf8_encode(cp, b);

		for (size_t i = 0; i < n; i++)
			out_unit(o, b[i]);
	}
}

/* Narrow text goes to narrow output byte for byte (what the driver wrote,
 * even if it is not UTF-8) and to wide output decoded as UTF-8. */
static void out_narrow_raw(struct fmt_out *o, const char *s, size_t n)
{
	const unsigned char *b = (const unsigned char *)s;
	uint32_t cp;

	if (!o->wide) {
		out_ascii(o, s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		i += utf8_decode(b + i, n - i, &cp);
		out_code_point(o, cp);
	}
}

static void out_wide_raw(struct fmt_out *o, const uint16_t *s, size_t n)
{
	uint32_t cp;

	if (o->wide) {
		for (size_t i = 0; i < n; i++)
			out_unit(o, s[i]);
		return;
	}
	for (size_t i = 0; i < n;) {
		i += utf16_decode(s + i, n - i, &cp);
		out_code_point(o, cp);
	}
}

/* ---- the __FUNCTION__ marker ------------------------------------------ */

static const char marker[] = FMT_FUNCTION_MARKER;
_Static_assert(sizeof(marker) - 1 == FMT_FUNCTION_MARKER_LEN, "marker length");

/* "void ns::Class::Method(int) const" -> "ns::Class::Method": the name
 * before the parameter list, after the return type (template arguments
 * may hold spaces and parentheses). */
static void plain_name(const char *pretty, char *buf, size_t len)
{
	size_t start = 0, end = strlen(pretty);
	int depth = 0;

	for (size_t i = 0; pretty[i] != '\0'; i++) {
		char c = pretty[i];
		if (c == '<')
			depth++;
		else if (c == '>' && depth > 0)
			depth--;
		else if (c == ' ' && depth == 0)
			start = i + 1;
		else if (c == '(' && depth == 0 && i > start) {
			end = i;
			break;
		}
	}
	snprintf(buf, len, "%.*s", (int)(end - start), pretty + start);
}

static const char *function_name(struct fmt_state *st)
{
	const struct fmt_options *o = st->options;

	if (!st->function_known) {
		st->function_known = true;
		if (o->function != NULL)
			plain_name(o->function, st->function, sizeof(st->function));
		else if (o->caller == NULL)
			snprintf(st->function, sizeof(st->function), "__FUNCTION__");
		else if (!vf_site_function(o->caller, st->function, sizeof(st->function)))
			snprintf(st->function, sizeof(st->function), "?");
	}
	return st->function;
}

static bool marker_at_narrow(const char *s, size_t n)
{
	return n >= FMT_FUNCTION_MARKER_LEN && memcmp(s, marker, FMT_FUNCTION_MARKER_LEN) == 0;
}

static bool marker_at_wide(const uint16_t *s, size_t n)
{
	if (n < FMT_FUNCTION_MARKER_LEN)
		return false;
	for (size_t i = 0; i < FMT_FUNCTION_MARKER_LEN; i++)
		if (s[i] != (unsigned char)marker[i])
			return false;
	return true;
}

void out_narrow_text(struct fmt_state *st, struct fmt_out *o, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != marker[0] || !marker_at_narrow(s + i, n - i))
			continue;
		out_narrow_raw(o, s + from, i - from);
		const char *name = function_name(st);
		out_narrow_raw(o, name, strlen(name));
		i += FMT_FUNCTION_MARKER_LEN - 1;
		from = i + 1;
	}
	out_narrow_raw(o, s + from, n - from);
}

void out_wide_text(struct fmt_state *st, struct fmt_out *o, const uint16_t *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != (unsigned char)marker[0] || !marker_at_wide(s + i, n - i))
			continue;
		out_wide_raw(o, s + from, i - from);
		const char *name = function_name(st);
		out_narrow_raw(o, name, strlen(name));
		i += FMT_FUNCTION_MARKER_LEN - 1;
		from = i + 1;
	}
	out_wide_raw(o, s + from, n - from);
}

size_t measure_narrow_text(struct fmt_state *st, const char *s, size_t n)
{
	struct fmt_out counter = { .wide = st->out.wide };

	out_narrow_text(st, &counter, s, n);
	return counter.len;
}

size_t measure_wide_text(struct fmt_state *st, const uint16_t *s, size_t n)
{
	struct fmt_out counter = { .wide = st->out.wide };

	out_wide_text(st, &counter, s, n);
	return counter.len;
}

void out_finish(struct fmt_out *o)
{
	size_t at;

	if (o->cap == 0 || o->room == o->cap)   /* count only, or FMT_NO_NUL */
		return;
	at = o->len < o->room ? o->len : o->room;
	if (o->wide)
		o->units[at] = 0;
	else
		o->narrow[at] = '\0';
}

/* fmt_wpp.c — WPP's extended format specs %!NAME! (docs/wpp.md "Format
 * extensions"; wpp facts §1.10), read when the formatter is given a trace
 * call's site (struct fmt_wpp).  Names match case-insensitively (the
 * samples write both %!STATUS! and %!status!).  Where the documentation
 * leaves an argument type open (wpp facts §6), the choice is the one
 * docs/wpp.md states: %!bool!, %!irql!, %!PORT!, %!STATUS!, %!HRESULT! and
 * %!WINERROR! take a 32-bit value; %!IPADDR!, %!MACADDR!, %!IPV6ADDR!,
 * %!GUID! and %!sid! a pointer; the time specs a 64-bit value.
 */
#include "fmt/fmt_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fmt/fmt_wpp_names.h"

static void text(struct fmt_state *st, const char *s)
{
	if (s == NULL)
		s = "";
	out_narrow_text(st, &st->out, s, strlen(s));
}

static const char *base_name(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	return slash != NULL ? slash + 1 : path;
}

/* 0x8000000f(STATUS_DEVICE_POWERED_OFF): the documented example's form. */
static void coded(struct fmt_state *st, const char *form, uint32_t v, const char *name)
{
	char buf[96];

	snprintf(buf, sizeof(buf), form, v);
	text(st, buf);
	if (name != NULL) {
		snprintf(buf, sizeof(buf), "(%s)", name);
		text(st, buf);
	}
}

static void bytes(struct fmt_state *st, const uint8_t *p, size_t n, const char *form,
		  char sep)
{
	char buf[8];

	if (p == NULL) {
		text(st, "(null)");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), form, p[i]);
		if (i > 0)
			out_unit(&st->out, (uint32_t)sep);
		text(st, buf);
	}
}

static void guid(struct fmt_state *st, const uint8_t *g)
{
	char buf[48];
	uint32_t d1;
	uint16_t d2, d3;

	if (g == NULL) {
		text(st, "(null)");
		return;
	}
	memcpy(&d1, g, 4);
	memcpy(&d2, g + 4, 2);
	memcpy(&d3, g + 6, 2);
	snprintf(buf, sizeof(buf), "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
		 d1, d2, d3, g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
	text(st, buf);
}

/* S-Revision-Authority-Sub-...: Revision, SubAuthorityCount,
 * IdentifierAuthority[6] (big-endian), SubAuthority[] (ULONG). */
static void sid(struct fmt_state *st, const uint8_t *s)
{
	char buf[32];
	uint64_t auth = 0;

	if (s == NULL) {
		text(st, "(null)");
		return;
	}
	for (int i = 0; i < 6; i++)
		auth = auth << 8 | s[2 + i];
	snprintf(buf, sizeof(buf), "S-%u-%llu", s[0], (unsigned long long)auth);
	text(st, buf);
	for (unsigned i = 0; i < s[1] && i < 15; i++) {
		uint32_t sub;

		memcpy(&sub, s + 8 + 4 * i, 4);
		snprintf(buf, sizeof(buf), "-%u", sub);
		text(st, buf);
	}
}

/* Milliseconds as day~hh:mm:ss.mmm. */
static void delta(struct fmt_state *st, int64_t ms)
{
	char buf[64];
	uint64_t m = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms;

	snprintf(buf, sizeof(buf), "%s%llu~%02u:%02u:%02u.%03u", ms < 0 ? "-" : "",
		 (unsigned long long)(m / 86400000), (unsigned)(m / 3600000 % 24),
		 (unsigned)(m / 60000 % 60), (unsigned)(m / 1000 % 60), (unsigned)(m % 1000));
	text(st, buf);
}

/* A system time (100 ns units since 1601-01-01 UTC) as MM/DD/YYYY-hh:mm:ss.mmm,
 * the form of the consumer's prefix (wpp facts §1.10). */
static void system_time(struct fmt_state *st, int64_t t)
{
	char buf[64];
	int64_t secs = t / 10000000 - 11644473600LL;
	time_t tt = (time_t)secs;
	struct tm tm;

	if (t < 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)t);
	} else {
		snprintf(buf, sizeof(buf), "%02d/%02d/%04d-%02d:%02d:%02d.%03d", tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (int)(t / 10000 % 1000));
	}
	text(st, buf);
}

static void irql(struct fmt_state *st, uint32_t v)
{
	static const char *const names[] = { "PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL" };
	char buf[24];

	if (v < 3)
		text(st, names[v]);
	else if (v == 15)
		text(st, "HIGH_LEVEL");
	else {
		snprintf(buf, sizeof(buf), "IRQL %u", v);
		text(st, buf);
	}
}

static void address(struct fmt_state *st, const struct fmt_wpp_ext *e, const uint8_t *p)
{
	char buf[8];

	if (e->kind == K_IPADDR) {
		bytes(st, p, 4, "%u", '.');
	} else if (e->kind == K_MACADDR) {
		bytes(st, p, 6, "%02x", ':');
	} else if (p == NULL) {
		text(st, "(null)");
	} else {
		for (int i = 0; i < 8; i++) {
			snprintf(buf, sizeof(buf), "%s%x", i > 0 ? ":" : "", p[2 * i] << 8 | p[2 * i + 1]);
			text(st, buf);
		}
	}
}

static void print_ext(struct fmt_state *st, const struct fmt_wpp_ext *e)
{
	const struct fmt_wpp *w = st->options->wpp;
	char buf[24];
	uint32_t v;

	switch (e->kind) {
	case K_FILE: text(st, base_name(w->file)); return;
	case K_LINE: snprintf(buf, sizeof(buf), "%u", w->line); text(st, buf); return;
	case K_FUNC: text(st, w->function); return;
	case K_LEVEL: text(st, w->level); return;
	case K_FLAGS: text(st, w->flags); return;
	case K_COMPNAME: text(st, w->compname); return;
	case K_EMPTY: return;
	case K_SID: sid(st, va_arg(st->ap, const uint8_t *)); return;
	case K_GUID: guid(st, va_arg(st->ap, const uint8_t *)); return;
	case K_DELTA: delta(st, va_arg(st->ap, long long)); return;
	case K_TIME: system_time(st, va_arg(st->ap, long long)); return;
	case K_IPADDR: case K_MACADDR: case K_IPV6ADDR:
		address(st, e, va_arg(st->ap, const uint8_t *));
		return;
	default:
		break;
	}
	v = va_arg(st->ap, uint32_t);
	switch (e->kind) {
	case K_BOOL: text(st, v != 0 ? "TRUE" : "FALSE"); return;
	case K_IRQL: irql(st, v); return;
	case K_STATUS: coded(st, "0x%08x", v, fmt_wpp_ntstatus_name(v)); return;
	case K_HRESULT: coded(st, "0x%08x", v, fmt_wpp_hresult_name(v)); return;
	case K_WINERROR: coded(st, "%u", v, fmt_wpp_winerror_name(v)); return;
	default:   /* K_PORT: a USHORT in network byte order */
		snprintf(buf, sizeof(buf), "%u", (v & 0xFF) << 8 | (v >> 8 & 0xFF));
		text(st, buf);
		return;
	}
}

/* The spec's name, narrow, into name (a wide format's too); its length,
 * or 0 when it does not fit. */
static size_t spec_name(const struct fmt_state *st, size_t from, size_t to, char *name,
			size_t size)
{
	if (to - from >= size)
		return 0;
	for (size_t j = from; j < to; j++)
		name[j - from] = (char)fmt_at(&st->src, j);
	name[to - from] = '\0';
	return to - from;
}

void wpp_spec(struct fmt_state *st, struct fmt_spec *sp, size_t from, size_t to)
{
	const struct fmt_wpp *w = st->options->wpp;
	const struct fmt_wpp_ext *e = NULL;
	char name[64], buf[1024];
	size_t n = spec_name(st, from, to, name, sizeof(name));

	sp->end = to + 1;
	if (n > 0 && w->custom != NULL && w->custom(w, name, n, &st->ap, buf, sizeof(buf))) {
		text(st, buf);
		return;
	}
	if (n > 0)
		e = fmt_wpp_lookup(name, n);
	if (e != NULL) {
		print_ext(st, e);
	} else if (!fmt_shriek_printf(st, sp, from, to)) {
		/* unknown: printed as written, no argument taken (ndisdma-wpp
		 * refuses such a call at build time) */
		st->result.refused = true;
		conv_echo(st, sp);
	}
}

bool wpp_skip(struct fmt_state *st, size_t from, size_t to)
{
	const struct fmt_wpp *w = st->options->wpp;
	const struct fmt_wpp_ext *e;
	char name[64];
	size_t n = spec_name(st, from, to, name, sizeof(name));
	enum fmt_arg_class c;

	if (n > 0 && w->custom != NULL && w->custom(w, name, n, &st->ap, NULL, 0))
		return true;
	if (n > 0 && (e = fmt_wpp_lookup(name, n)) != NULL) {
		switch (fmt_wpp_arg_of(e)) {
		case WPP_ARG_NONE: return true;
		case WPP_ARG_INT32: c = ARG_I32; break;
		case WPP_ARG_INT64: c = ARG_I64; break;
		default: c = ARG_PTR; break;
		}
	} else {
		c = fmt_shriek_class(&st->src, from, to);
	}
	switch (c) {
	case ARG_I32: (void)va_arg(st->ap, uint32_t); return true;
	case ARG_I64: (void)va_arg(st->ap, unsigned long long); return true;
	case ARG_PTR: (void)va_arg(st->ap, void *); return true;
	case ARG_DBL: (void)va_arg(st->ap, double); return true;
	default: return false;
	}
}

void conv_wpp(struct fmt_state *st, struct fmt_spec *sp, size_t *i)
{
	size_t from = *i + 1, to = from;
	uint32_t c;

	for (;; to++) {
		c = fmt_at(&st->src, to);
		if (c == 0 || c == '!' || c > 0x7f)
			break;
	}
	if (c != '!' || to == from) {   /* no closing '!': an unknown spec */
		sp->end = from;
		*i = from;
		st->result.refused = true;
		conv_echo(st, sp);
		return;
	}
	*i = to + 1;
	wpp_spec(st, sp, from, to);
}

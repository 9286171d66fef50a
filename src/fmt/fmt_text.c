/* fmt_text.c — character and string conversions (fmt.h): %c %C %s %S
 * with the family rules and size prefixes, %Z / %wZ counted strings, NULL
 * printed as "(null)", precision in the argument's own units, width in
 * output units.
 */
#include "fmt/fmt_internal.h"

#include <string.h>

#include "fmt/utf.h"

/* printf family: c/s narrow, C/S wide; wprintf family the reverse; h forces
 * narrow, l and w force wide (facts §7, wpp facts §1.10). */
static bool wide_text(const struct fmt_state *st, const struct fmt_spec *sp)
{
	if (sp->size == SZ_L || sp->size == SZ_W)
		return true;
	if (sp->size == SZ_H || sp->size == SZ_HH)
		return false;
	bool upper = sp->type == 'C' || sp->type == 'S';
	return upper != st->wide_family;
}

static void pad(struct fmt_state *st, const struct fmt_spec *sp, size_t used, bool left)
{
	if (sp->width > 0 && (size_t)sp->width > used && sp->minus != left)
		out_repeat(&st->out, ' ', (size_t)sp->width - used);
}

/* One padded run of narrow or wide text. */
static void emit_narrow(struct fmt_state *st, const struct fmt_spec *sp, const char *s, size_t n)
{
	size_t used = sp->width > 0 ? measure_narrow_text(st, s, n) : 0;

	pad(st, sp, used, true);
	out_narrow_text(st, &st->out, s, n);
	pad(st, sp, used, false);
}

static void emit_wide(struct fmt_state *st, const struct fmt_spec *sp, const uint16_t *s, size_t n)
{
	size_t used = sp->width > 0 ? measure_wide_text(st, s, n) : 0;

	if (st->out.wide == false)
		st->result.converted = true;
	pad(st, sp, used, true);
	out_wide_text(st, &st->out, s, n);
	pad(st, sp, used, false);
}

static void mark_narrow(struct fmt_state *st)
{
	if (st->out.wide)
		st->result.converted = true;
}

void conv_char(struct fmt_state *st, const struct fmt_spec *sp)
{
	int v = va_arg(st->ap, int);   /* char and WCHAR are promoted to int */

	if (wide_text(st, sp)) {
		uint16_t u = (uint16_t)v;
		emit_wide(st, sp, &u, 1);
	} else {
		char c = (char)v;
		mark_narrow(st);
		emit_narrow(st, sp, &c, 1);
	}
}

static const char null_text[] = "(null)";

static bool high_surrogate(uint16_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static bool low_surrogate(uint16_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

/* (null), cut by the precision like any string. */
static void emit_null(struct fmt_state *st, const struct fmt_spec *sp)
{
	size_t n = sizeof(null_text) - 1;

	if (sp->precision >= 0 && (size_t)sp->precision < n)
		n = (size_t)sp->precision;
	emit_narrow(st, sp, null_text, n);
}

/* At most `precision` units of a counted wide string, never half a pair. */
static size_t wide_prefix(const uint16_t *s, size_t n, int precision)
{
	if (precision < 0 || (size_t)precision >= n)
		return n;
	size_t k = (size_t)precision;
	if (k > 0 && high_surrogate(s[k - 1]) && low_surrogate(s[k]))
		k--;
	return k;
}

static size_t narrow_prefix(const char *s, int precision)
{
	return precision < 0 ? strlen(s) : strnlen(s, (size_t)precision);
}

/* Units of a NUL-terminated wide string up to the precision, never half a
 * surrogate pair. */
static size_t wide_length(const uint16_t *s, int precision)
{
	size_t n = 0;

	while ((precision < 0 || n < (size_t)precision) && s[n] != 0)
		n++;
	if (n > 0 && s[n] != 0 && high_surrogate(s[n - 1]) && low_surrogate(s[n]))
		n--;
	return n;
}

void conv_string(struct fmt_state *st, const struct fmt_spec *sp)
{
	const void *p = va_arg(st->ap, const void *);

	if (p == NULL) {
		emit_null(st, sp);
		return;
	}
	if (wide_text(st, sp)) {
		const uint16_t *w = p;
		emit_wide(st, sp, w, wide_length(w, sp->precision));
	} else {
		const char *s = p;
		mark_narrow(st);
		emit_narrow(st, sp, s, narrow_prefix(s, sp->precision));
	}
}

/* ANSI_STRING and UNICODE_STRING share this x64 layout (facts §4.2). */
struct counted {
	uint16_t Length;          /* bytes */
	uint16_t MaximumLength;
	const void *Buffer;
};

/* %Z takes a PANSI_STRING, %wZ (or %lZ) a PUNICODE_STRING: Length bytes,
 * no NUL needed; a NULL structure or Buffer prints (null). */
void conv_counted(struct fmt_state *st, const struct fmt_spec *sp)
{
	const struct counted *c = va_arg(st->ap, const struct counted *);
	bool wide = sp->size == SZ_W || sp->size == SZ_L;

	if (c == NULL || c->Buffer == NULL) {
		emit_null(st, sp);
		return;
	}
	if (wide) {
		size_t n = c->Length / sizeof(uint16_t);
		emit_wide(st, sp, c->Buffer, wide_prefix(c->Buffer, n, sp->precision));
	} else {
		size_t n = c->Length;
		if (sp->precision >= 0 && (size_t)sp->precision < n)
			n = (size_t)sp->precision;
		mark_narrow(st);
		emit_narrow(st, sp, c->Buffer, n);
	}
}

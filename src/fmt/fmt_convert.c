/* fmt_convert.c — numeric conversions with Microsoft semantics: integer
 * widths by size prefix (l = 32 bits, ll/I64 = 64, I/z/t/j = pointer),
 * %p as 16 upper-case hex digits, floating point (fmt.h).
 */
#include "fmt/fmt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Default, h, hh, l, w and I32 take an int-sized argument; ll, L, I64 and
 * the pointer-sized prefixes a 64-bit one (LLP64: long is 32 bits). */
static bool wide_argument(enum fmt_size size)
{
	return size == SZ_LL || size == SZ_LD || size == SZ_I64 || size == SZ_PTR;
}

static unsigned long long take_unsigned(struct fmt_state *st, enum fmt_size size)
{
	if (wide_argument(size))
		return va_arg(st->ap, unsigned long long);
	unsigned int v = va_arg(st->ap, unsigned int);
	if (size == SZ_H)
		return (unsigned short)v;
	if (size == SZ_HH)
		return (unsigned char)v;
	return v;
}

static long long take_signed(struct fmt_state *st, enum fmt_size size)
{
	if (wide_argument(size))
		return va_arg(st->ap, long long);
	int v = va_arg(st->ap, int);
	if (size == SZ_H)
		return (short)v;
	if (size == SZ_HH)
		return (signed char)v;
	return v;
}

/* Digits of v in base (8, 10, 16) into buf (reversed order is avoided by
 * filling from the end); returns the count.  buf holds 24. */
static size_t digits(unsigned long long v, unsigned base, bool upper, char buf[24])
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = set[v % base];
		v /= base;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/* prefix ("-", "+", " ", "0x" ...), then zeros to the precision (or, with
 * the 0 flag and no precision, to the width), then the digits; spaces pad
 * to the width on the left, or on the right with '-'. */
static void emit_number(struct fmt_state *st, const struct fmt_spec *sp,
			const char *prefix, const char *digit, size_t ndigits)
{
	size_t plen = strlen(prefix);
	size_t zeros = 0, body, width = sp->width > 0 ? (size_t)sp->width : 0;

	if (sp->precision >= 0 && (size_t)sp->precision > ndigits)
		zeros = (size_t)sp->precision - ndigits;
	body = plen + zeros + ndigits;
	if (sp->zero && !sp->minus && sp->precision < 0 && width > body) {
		zeros += width - body;
		body = width;
	}
	if (!sp->minus && width > body)
		out_repeat(&st->out, ' ', width - body);
	out_ascii(&st->out, prefix, plen);
	out_repeat(&st->out, '0', zeros);
	out_ascii(&st->out, digit, ndigits);
	if (sp->minus && width > body)
		out_repeat(&st->out, ' ', width - body);
}

void conv_signed(struct fmt_state *st, const struct fmt_spec *sp)
{
	long long v = take_signed(st, sp->size);
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char buf[24];
	size_t n = digits(mag, 10, false, buf);
	const char *prefix = v < 0 ? "-" : sp->plus ? "+" : sp->space ? " " : "";

	if (sp->precision == 0 && v == 0)
		n = 0;       /* C and MSVC: precision 0 prints no digit for 0 */
	emit_number(st, sp, prefix, buf, n);
}

void conv_unsigned(struct fmt_state *st, const struct fmt_spec *sp)
{
	unsigned long long v = take_unsigned(st, sp->size);
	unsigned base = sp->type == 'o' ? 8 : sp->type == 'u' ? 10 : 16;
	char buf[24];
	size_t n = digits(v, base, sp->type == 'X', buf);
	const char *prefix = "";

	if (sp->precision == 0 && v == 0)
		n = 0;
	if (sp->hash && v != 0 && sp->type == 'x')
		prefix = "0x";
	else if (sp->hash && v != 0 && sp->type == 'X')
		prefix = "0X";
	if (sp->hash && sp->type == 'o' && (n == 0 || buf[0] != '0') &&
	    (sp->precision < 0 || (size_t)sp->precision <= n))
		prefix = "0";   /* # makes the first octal digit a 0 */
	emit_number(st, sp, prefix, buf, n);
}

/* MSVC prints a pointer as its 16 hex digits (x64), upper case, no 0x
 * (facts §7); '#' adds "0X" as for %#X.  The precision, if larger, wins. */
void conv_pointer(struct fmt_state *st, const struct fmt_spec *sp)
{
	struct fmt_spec p = *sp;
	uintptr_t v = (uintptr_t)va_arg(st->ap, void *);
	char buf[24];
	size_t n = digits(v, 16, true, buf);

	if (p.precision < 16)
		p.precision = 16;
	emit_number(st, &p, sp->hash ? "0X" : "", buf, n);
}

/* Floating point: the double is printed by the C library from a format
 * ndisdma builds itself from the parsed spec (never the driver's string).
 * MSVC's long double is a double, so %Lf takes a double too.  Width and
 * precision are capped at 4096 and 512 (docs/debug.md). */
void conv_float(struct fmt_state *st, const struct fmt_spec *sp)
{
	double v = va_arg(st->ap, double);
	char spec[16], local[600], *text = local;
	int width = sp->width > 4096 ? 4096 : sp->width;
	int precision = sp->precision > 512 ? 512 : sp->precision;
	size_t k = 0;
	int n;

	if (st->options->flags & FMT_NO_FLOAT) {
		st->result.refused = true;
		conv_echo(st, sp);
		return;
	}
	spec[k++] = '%';
	if (sp->minus) spec[k++] = '-';
	if (sp->plus) spec[k++] = '+';
	if (sp->space) spec[k++] = ' ';
	if (sp->hash) spec[k++] = '#';
	if (sp->zero) spec[k++] = '0';
	memcpy(spec + k, "*.*", 4);
	k += 3;
	spec[k++] = (char)sp->type;
	spec[k] = '\0';
	if (precision < 0)   /* "%*.*f" with a negative precision = none */
		precision = -1;
	n = snprintf(local, sizeof(local), spec, width < 0 ? 0 : width, precision, v);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(local)) {
		text = malloc((size_t)n + 1);
		if (text == NULL) {
			out_ascii(&st->out, "(no memory)", 11);
			return;
		}
		snprintf(text, (size_t)n + 1, spec, width < 0 ? 0 : width, precision, v);
	}
	out_ascii(&st->out, text, (size_t)n);
	if (text != local)
		free(text);
}

/* fmt.c — reading a format: literal text, conversion specs (flags, width,
 * precision, Microsoft size prefixes) and the dispatch to one conversion
 * each (fmt.h).  Every entry point ends here, in format_all().
 */
#include "fmt/fmt_internal.h"

#include <limits.h>
#include <string.h>

#include "fmt/utf.h"

static uint32_t at(const struct fmt_src *src, size_t i)
{
	return src->wide != NULL ? src->wide[i] : (unsigned char)src->narrow[i];
}

uint32_t fmt_at(const struct fmt_src *src, size_t i)
{
	return at(src, i);
}

static void out_literal(struct fmt_state *st, size_t from, size_t to)
{
	if (st->src.wide != NULL)
		out_wide_text(st, &st->out, st->src.wide + from, to - from);
	else
		out_narrow_text(st, &st->out, st->src.narrow + from, to - from);
}

void conv_echo(struct fmt_state *st, const struct fmt_spec *sp)
{
	out_literal(st, sp->start, sp->end);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Digits of a width or precision; saturates at INT_MAX. */
static int read_number(const struct fmt_src *src, size_t *i)
{
	long long v = 0;

	while (is_digit(at(src, *i))) {
		v = v * 10 + (at(src, *i) - '0');
		if (v > INT_MAX)
			v = INT_MAX;
		(*i)++;
	}
	return (int)v;
}

static void read_flags(const struct fmt_src *src, size_t *i, struct fmt_spec *sp)
{
	for (;; (*i)++) {
		switch (at(src, *i)) {
		case '-': sp->minus = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		case '#': sp->hash = true; break;
		case '0': sp->zero = true; break;
		default: return;
		}
	}
}

static void read_width_precision(struct fmt_state *st, size_t *i, struct fmt_spec *sp)
{
	const struct fmt_src *src = &st->src;

	if (at(src, *i) == '*') {
		int w = va_arg(st->ap, int);   /* negative: left-justify */
		(*i)++;
		if (w < 0) {
			sp->minus = true;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		sp->width = w;
	} else if (is_digit(at(src, *i))) {
		sp->width = read_number(src, i);
	}
	if (at(src, *i) != '.')
		return;
	(*i)++;
	if (at(src, *i) == '*') {
		int p = va_arg(st->ap, int);   /* negative: as if omitted */
		(*i)++;
		sp->precision = p < 0 ? -1 : p;
	} else {
		sp->precision = read_number(src, i);
	}
}

/* Microsoft size prefixes: l is 32-bit (LLP64), I is pointer-sized. */
static void read_size(const struct fmt_src *src, size_t *i, struct fmt_spec *sp)
{
	uint32_t c = at(src, *i);

	sp->size = SZ_NONE;
	if (c == 'h') {
		(*i)++;
		sp->size = SZ_H;
		if (at(src, *i) == 'h') {
			(*i)++;
			sp->size = SZ_HH;
		}
	} else if (c == 'l') {
		(*i)++;
		sp->size = SZ_L;
		if (at(src, *i) == 'l') {
			(*i)++;
			sp->size = SZ_LL;
		}
	} else if (c == 'L') {
		(*i)++;
		sp->size = SZ_LD;
	} else if (c == 'w') {
		(*i)++;
		sp->size = SZ_W;
	} else if (c == 'z' || c == 't' || c == 'j') {
		(*i)++;
		sp->size = SZ_PTR;
	} else if (c == 'I') {
		(*i)++;
		sp->size = SZ_PTR;
		if (at(src, *i) == '6' && at(src, *i + 1) == '4') {
			*i += 2;
			sp->size = SZ_I64;
		} else if (at(src, *i) == '3' && at(src, *i + 1) == '2') {
			*i += 2;
			sp->size = SZ_I32;
		}
	}
}

/* %n never writes through the driver's pointer: its argument is consumed
 * and the spec printed as written (docs/debug.md). */
static void conv_refused_pointer(struct fmt_state *st, const struct fmt_spec *sp)
{
	(void)va_arg(st->ap, void *);
	st->result.refused = true;
	conv_echo(st, sp);
}

void fmt_dispatch(struct fmt_state *st, const struct fmt_spec *sp)
{
	switch (sp->type) {
	case 'd': case 'i':
		conv_signed(st, sp);
		break;
	case 'u': case 'o': case 'x': case 'X':
		conv_unsigned(st, sp);
		break;
	case 'c': case 'C':
		conv_char(st, sp);
		break;
	case 's': case 'S':
		conv_string(st, sp);
		break;
	case 'Z':
		conv_counted(st, sp);
		break;
	case 'p':
		conv_pointer(st, sp);
		break;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		conv_float(st, sp);
		break;
	case 'n':
		conv_refused_pointer(st, sp);
		break;
	case '%':
		out_unit(&st->out, '%');
		break;
	default:   /* unknown: printed as written, no argument taken */
		st->result.refused = true;
		conv_echo(st, sp);
		break;
	}
}

/* WPP's %!d!, %!08x!, %!s!: a printf spec between shrieks, src[from, to)
 * (to is the closing '!').  False, nothing consumed, when it is not one. */
bool fmt_shriek_printf(struct fmt_state *st, struct fmt_spec *sp, size_t from, size_t to)
{
	size_t i = from;

	for (size_t j = from; j < to; j++)
		if (at(&st->src, j) == '*')
			return false;
	read_flags(&st->src, &i, sp);
	read_width_precision(st, &i, sp);
	read_size(&st->src, &i, sp);
	if (i + 1 != to || at(&st->src, i) == '%' || at(&st->src, i) == 'n')
		return false;
	sp->type = at(&st->src, i);
	sp->end = to + 1;
	fmt_dispatch(st, sp);
	return true;
}

/* The argument a printf spec between shrieks takes: src[from, to).  A '*'
 * (an argument of its own) is ARG_BAD: a positional spec has one argument. */
enum fmt_arg_class fmt_shriek_class(const struct fmt_src *src, size_t from, size_t to)
{
	struct fmt_spec sp = { .width = -1, .precision = -1 };
	size_t i = from;

	read_flags(src, &i, &sp);
	while (i < to && (is_digit(at(src, i)) || at(src, i) == '.'))
		i++;
	read_size(src, &i, &sp);
	if (i + 1 != to)
		return ARG_BAD;
	switch (at(src, i)) {
	case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
		return sp.size == SZ_LL || sp.size == SZ_I64 || sp.size == SZ_PTR ? ARG_I64 : ARG_I32;
	case 'c': case 'C':
		return ARG_I32;
	case 's': case 'S': case 'Z': case 'p':
		return ARG_PTR;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		return ARG_DBL;
	default:
		return ARG_BAD;
	}
}

/* One spec starting at the '%' at *i; *i ends after it. */
static void conversion(struct fmt_state *st, size_t *i)
{
	struct fmt_spec sp = { .width = -1, .precision = -1, .start = *i };

	(*i)++;
	if (st->options->wpp != NULL && at(&st->src, *i) == '!') {
		conv_wpp(st, &sp, i);
		return;
	}
	if (st->options->wpp != NULL && is_digit(at(&st->src, *i)) && conv_positional(st, &sp, i))
		return;
	read_flags(&st->src, i, &sp);
	read_width_precision(st, i, &sp);
	read_size(&st->src, i, &sp);
	sp.type = at(&st->src, *i);
	if (sp.type == 0) {          /* the format ends inside the spec */
		sp.end = *i;
		st->result.refused = true;
		conv_echo(st, &sp);
		return;
	}
	(*i)++;
	sp.end = *i;
	fmt_dispatch(st, &sp);
}

static struct fmt_result format_all(struct fmt_state *st)
{
	static const char null_text[] = "(null)";
	size_t i = 0, from = 0;

	if (st->src.narrow == NULL && st->src.wide == NULL) {
		out_ascii(&st->out, null_text, sizeof(null_text) - 1);
	} else {
		while (at(&st->src, i) != 0) {
			if (at(&st->src, i) != '%') {
				i++;
				continue;
			}
			out_literal(st, from, i);
			conversion(st, &i);
			from = i;
		}
		out_literal(st, from, i);
	}
	out_finish(&st->out);
	if (st->has_start)
		va_end(st->start);
	st->result.length = st->out.len;
	/* a NUL needs a unit of its own: len == cap is already cut */
	if (st->options->flags & FMT_NO_NUL)
		st->result.truncated = st->out.len > st->out.cap;
	else
		st->result.truncated = st->out.len >= st->out.cap;
	va_end(st->ap);
	return st->result;
}

static void state_init(struct fmt_state *st, const struct fmt_options *options)
{
	static const struct fmt_options defaults;

	memset(st, 0, sizeof(*st));
	st->options = options != NULL ? options : &defaults;
}

/* A trace site's format may number its arguments (%1!d!): the list's
 * start is kept to find them. */
static void keep_start(struct fmt_state *st)
{
	if (st->options->wpp != NULL) {
		va_copy(st->start, st->ap);
		st->has_start = true;
	}
}

/* Units the buffer takes before its terminator (all with FMT_NO_NUL). */
static void set_buffer(struct fmt_state *st, size_t cap)
{
	st->out.cap = cap;
	if (cap == 0)
		st->out.room = 0;
	else
		st->out.room = (st->options->flags & FMT_NO_NUL) ? cap : cap - 1;
}

struct fmt_result fmt_vformat(char *buf, size_t size, const char *format,
			      va_list ap, const struct fmt_options *options)
{
	struct fmt_state st;

	state_init(&st, options);
	st.out.narrow = buf;
	set_buffer(&st, buf != NULL ? size : 0);
	st.src.narrow = format;
	va_copy(st.ap, ap);
	keep_start(&st);
	return format_all(&st);
}

struct fmt_result fmt_vformat_wide(uint16_t *buf, size_t count,
				   const uint16_t *format, va_list ap,
				   const struct fmt_options *options)
{
	struct fmt_state st;

	state_init(&st, options);
	st.out.wide = true;
	st.out.units = buf;
	set_buffer(&st, buf != NULL ? count : 0);
	st.src.wide = format;
	st.wide_family = true;
	va_copy(st.ap, ap);
	keep_start(&st);
	return format_all(&st);
}

struct fmt_result fmt_vformat_wide_to_narrow(char *buf, size_t size,
					     const uint16_t *format, va_list ap,
					     const struct fmt_options *options)
{
	struct fmt_state st;

	state_init(&st, options);
	st.out.narrow = buf;
	set_buffer(&st, buf != NULL ? size : 0);
	st.src.wide = format;
	st.wide_family = true;
	va_copy(st.ap, ap);
	keep_start(&st);
	return format_all(&st);
}

struct fmt_result fmt_format(char *buf, size_t size, const struct fmt_options *options,
			     const char *format, ...)
{
	struct fmt_result r;
	va_list ap;

	va_start(ap, format);
	r = fmt_vformat(buf, size, format, ap, options);
	va_end(ap);
	return r;
}

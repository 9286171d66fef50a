/* fmt_wpp_pos.c — WPP's positional specs, FormatMessage style: %1!d!,
 * %2!s!, %1!STATUS! (wpp facts §1.10; docs/wpp.md "Format strings").  The
 * number n names the message's argument n - argbase (tracewpp's -argbase:,
 * default 1), so a spec may come out of order or twice.  Varargs cannot be
 * indexed: the argument is found by walking the list from its start,
 * skipping each earlier argument by the type its own spec in the format
 * gives.  An argument no spec names, or a number below argbase, has no
 * known type: the spec is printed as written and the result says so
 * (ndisdma-wpp refuses such a format at build time).
 */
#include "fmt/fmt_internal.h"

#define MAX_POSITION 99

static bool digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* %<digits>! at i (on the first digit): the number and the name's
 * [from, to); false when i starts no positional spec. */
static bool positional_at(const struct fmt_src *src, size_t i, unsigned *number,
			  size_t *from, size_t *to)
{
	unsigned n = 0;
	size_t j = i;

	while (digit(fmt_at(src, j)) && n <= MAX_POSITION)
		n = n * 10 + (fmt_at(src, j++) - '0');
	if (j == i || n > MAX_POSITION || fmt_at(src, j) != '!')
		return false;
	*from = ++j;
	while (fmt_at(src, j) != 0 && fmt_at(src, j) != '!')
		j++;
	if (fmt_at(src, j) != '!' || j == *from)
		return false;
	*number = n;
	*to = j;
	return true;
}

/* The first spec of the format that names argument `number`. */
static bool find_number(const struct fmt_state *st, unsigned number, size_t *from, size_t *to)
{
	unsigned n;

	for (size_t i = 0; fmt_at(&st->src, i) != 0; i++) {
		if (fmt_at(&st->src, i) != '%')
			continue;
		if (fmt_at(&st->src, i + 1) == '%') {
			i++;
			continue;
		}
		if (positional_at(&st->src, i + 1, &n, from, to) && n == number)
			return true;
	}
	return false;
}

/* st->ap at argument `index` (0-based) of the list; false when an earlier
 * argument's type is unknown. */
static bool seek(struct fmt_state *st, unsigned index, unsigned base)
{
	size_t from, to;

	va_end(st->ap);
	va_copy(st->ap, st->start);
	for (unsigned k = 0; k < index; k++)
		if (!find_number(st, base + k, &from, &to) || !wpp_skip(st, from, to))
			return false;
	return true;
}

bool conv_positional(struct fmt_state *st, struct fmt_spec *sp, size_t *i)
{
	unsigned base = st->options->wpp->argbase != 0 ? st->options->wpp->argbase : 1;
	unsigned number;
	size_t from, to;
	va_list saved;

	if (!st->has_start || !positional_at(&st->src, *i, &number, &from, &to))
		return false;
	*i = to + 1;
	sp->end = to + 1;
	va_copy(saved, st->ap);
	if (number >= base && seek(st, number - base, base)) {
		wpp_spec(st, sp, from, to);
	} else {
		st->result.refused = true;
		conv_echo(st, sp);
	}
	va_end(st->ap);
	va_copy(st->ap, saved);
	va_end(saved);
	return true;
}

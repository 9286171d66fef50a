/* fmt_internal.h — what the formatter's files share: the bounded output,
 * the parsed conversion and the state of one formatting call (fmt.h). */
#ifndef NDISDMA_FMT_INTERNAL_H
#define NDISDMA_FMT_INTERNAL_H

#include "fmt/fmt.h"

/* The bounded output: narrow (UTF-8 bytes) or wide (UTF-16 units).  `len`
 * counts every unit produced, written or not; units go to the buffer while
 * len < room, room = cap - 1 (the last unit is the NUL's) or cap with
 * FMT_NO_NUL.  cap 0: count only. */
struct fmt_out {
	bool wide;
	char *narrow;
	uint16_t *units;
	size_t cap;
	size_t room;
	size_t len;
};

/* The format being read: narrow bytes or UTF-16 units. */
struct fmt_src {
	const char *narrow;
	const uint16_t *wide;
};

enum fmt_size {
	SZ_NONE, SZ_HH, SZ_H, SZ_L, SZ_LL, SZ_LD, SZ_W, SZ_I32, SZ_I64, SZ_PTR,
};

struct fmt_spec {
	bool minus, plus, space, hash, zero;
	int width;          /* -1: none */
	int precision;      /* -1: none */
	enum fmt_size size;
	uint32_t type;      /* the conversion character */
	size_t start, end;  /* [start, end) of the whole spec in the format */
};

struct fmt_state {
	struct fmt_out out;
	struct fmt_src src;
	const struct fmt_options *options;
	struct fmt_result result;
	va_list ap;
	va_list start;          /* the first argument: positional %n!x! (fmt_wpp_pos.c) */
	bool has_start;
	bool wide_family;       /* wide format: %s/%c wide, %S/%C narrow */
	bool function_known;
	char function[160];     /* what the __FUNCTION__ marker prints */
};

/* fmt_out.c */
void out_unit(struct fmt_out *o, uint32_t unit);
void out_repeat(struct fmt_out *o, uint32_t unit, size_t count);
void out_ascii(struct fmt_out *o, const char *s, size_t n);
/* A narrow / wide run of text, the __FUNCTION__ marker replaced. */
void out_narrow_text(struct fmt_state *st, struct fmt_out *o, const char *s, size_t n);
void out_wide_text(struct fmt_state *st, struct fmt_out *o, const uint16_t *s, size_t n);
/* Output units those runs take (what width pads against). */
size_t measure_narrow_text(struct fmt_state *st, const char *s, size_t n);
size_t measure_wide_text(struct fmt_state *st, const uint16_t *s, size_t n);
void out_finish(struct fmt_out *o);

/* fmt_convert.c: one conversion each, argument taken from st->ap. */
void conv_signed(struct fmt_state *st, const struct fmt_spec *sp);
void conv_unsigned(struct fmt_state *st, const struct fmt_spec *sp);
void conv_pointer(struct fmt_state *st, const struct fmt_spec *sp);
void conv_float(struct fmt_state *st, const struct fmt_spec *sp);
/* fmt_text.c */
void conv_char(struct fmt_state *st, const struct fmt_spec *sp);
void conv_string(struct fmt_state *st, const struct fmt_spec *sp);
void conv_counted(struct fmt_state *st, const struct fmt_spec *sp);
/* fmt.c */
void fmt_dispatch(struct fmt_state *st, const struct fmt_spec *sp);
bool fmt_shriek_printf(struct fmt_state *st, struct fmt_spec *sp, size_t from, size_t to);
/* What a printf spec between shrieks, src[from, to), takes (fmt.c). */
enum fmt_arg_class { ARG_NONE, ARG_I32, ARG_I64, ARG_PTR, ARG_DBL, ARG_BAD };
enum fmt_arg_class fmt_shriek_class(const struct fmt_src *src, size_t from, size_t to);
uint32_t fmt_at(const struct fmt_src *src, size_t i);
/* fmt_wpp.c: %!NAME! at st->src index *i (on the '!'); *i ends after it. */
void conv_wpp(struct fmt_state *st, struct fmt_spec *sp, size_t *i);
/* %!x! whose x is src[from, to): the driver's own type, an extension or a
 * printf spec; the argument (if any) taken from st->ap. */
void wpp_spec(struct fmt_state *st, struct fmt_spec *sp, size_t from, size_t to);
/* Consumes from st->ap the argument %!x! (src[from, to)) takes; false
 * when that is unknown. */
bool wpp_skip(struct fmt_state *st, size_t from, size_t to);
/* fmt_wpp_pos.c: %n!x! at st->src index *i (on the first digit), when a
 * trace site is given; false (nothing read) when it is not one. */
bool conv_positional(struct fmt_state *st, struct fmt_spec *sp, size_t *i);
/* The spec as written in the format (refused conversions). */
void conv_echo(struct fmt_state *st, const struct fmt_spec *sp);

#endif

/* fmt.h — the one formatter for a driver's format strings, with Microsoft
 * printf semantics (docs/debug.md "Format strings"; facts §7, wpp facts
 * §1.10).  DbgPrint, vDbgPrintEx, the RtlString*Printf family and WPP
 * traces format through it; a driver's format never reaches glibc's printf
 * (%lx is 32-bit under LLP64, %ws is UTF-16, %wZ is a counted string).
 *
 * Conversions: d i u o x X c C s S Z p e E f F g G a A %, with the flags
 * - + space # 0, width and precision (digits or *), and the Microsoft size
 * prefixes hh h l ll L w I I32 I64 z t j (l = 32 bits, ll/I64 = 64, I/z/t/j
 * = pointer-sized).  A narrow format is the printf family (%s narrow, %S
 * wide), a wide format the wprintf family (%s wide, %S narrow); h forces
 * narrow and l/w wide in both.  %n, an unknown conversion and (with
 * FMT_NO_FLOAT) a floating conversion are printed as written, their
 * argument consumed, and the result says so (`refused`).
 *
 * Output is UTF-8 (narrow) or UTF-16 (wide) in a bounded buffer, always
 * NUL-terminated when it has room for one unit (unless FMT_NO_NUL); the
 * result gives the length the whole output needs and whether it was cut.
 */
#ifndef NDISDMA_FMT_H
#define NDISDMA_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What <wdm.h> defines __FUNCTION__ as (docs/msvc-c.md, "Function names
 * and empty __VA_ARGS__"): a string literal that can be pasted to others.
 * Wherever the formatter meets it, in the format or in a string argument,
 * it prints the name of the calling function (struct fmt_options). */
#define FMT_FUNCTION_MARKER "\x1a" "__FUNCTION__" "\x1a"
#define FMT_FUNCTION_MARKER_LEN 14

enum {
	/* DbgPrint documents no floating point: e/f/g/a are refused (printed
	 * as written, the double consumed). */
	FMT_NO_FLOAT = 1u << 0,
	/* No terminator: every unit of the buffer is output (a UNICODE_STRING
	 * is counted, RtlUnicodeStringPrintf writes no NUL). */
	FMT_NO_NUL = 1u << 1,
};

/* A WPP trace call's site (docs/wpp.md; wpp facts §1.10): with it the
 * formatter also reads WPP's extended specs %!NAME! (fmt_wpp.c).  The
 * names are the call's condition arguments as written (stringised). */
struct fmt_wpp {
	const char *file;      /* %!FILE! (the directory is not printed) */
	unsigned line;         /* %!LINE! */
	const char *function;  /* %!FUNC! */
	const char *level;     /* %!LEVEL! */
	const char *flags;     /* %!FLAGS! */
	const char *compname;  /* %!COMPNAME! */
	/* Positional %n!x! (FormatMessage style, wpp facts §1.10): n - argbase
	 * is the argument's index; 0 means 1, tracewpp's default (-argbase:). */
	unsigned argbase;
	/* The driver's own types (CUSTOM_TYPE, TYPEMACRO, DEFINE_CPLX_TYPE;
	 * src/wdm/wpp_types.c), asked before the built-in extensions: for
	 * %!name[0..len)! it consumes one argument from *ap and writes its text
	 * to buf (buf NULL, size 0: consumes only), returning true; false, and
	 * nothing consumed, when name is not one of them.  NULL: none. */
	bool (*custom)(const struct fmt_wpp *site, const char *name, size_t len,
		       va_list *ap, char *buf, size_t size);
	const void *custom_context;   /* for the custom hook */
};

struct fmt_options {
	unsigned flags;        /* FMT_* */
	/* What the __FUNCTION__ marker prints.  `function`: the caller's name
	 * as the WDK headers' macros pass it (NdisDmaCallerFunction, from
	 * __PRETTY_FUNCTION__; "void Class::Method(int)" prints Class::Method).
	 * Else `caller`, a return address inside the function that wrote the
	 * format (the caller of DbgPrint, RtlStringCbPrintfA, ...), named from
	 * the module's symbols.  Neither: "__FUNCTION__". */
	const char *function;
	const void *caller;
	const struct fmt_wpp *wpp;   /* NULL: %! is an unknown conversion */
};

/* The WPP extension named by name[0..len) (case-insensitive): how many
 * varargs it consumes and of which kind, or NULL when fmt_wpp.c does not
 * know it.  ndisdma-wpp checks trace calls against the same table. */
enum fmt_wpp_arg { WPP_ARG_NONE, WPP_ARG_INT32, WPP_ARG_INT64, WPP_ARG_POINTER };
const struct fmt_wpp_ext *fmt_wpp_lookup(const char *name, size_t len);
enum fmt_wpp_arg fmt_wpp_arg_of(const struct fmt_wpp_ext *ext);

struct fmt_result {
	size_t length;     /* output units the whole result needs, without the NUL */
	bool truncated;    /* the output was cut: length >= the buffer's units
			    * (FMT_NO_NUL: length > the buffer's units) */
	bool converted;    /* a wide argument went to narrow output or the
			    * reverse (Windows: PASSIVE_LEVEL only, facts §7) */
	bool refused;      /* %n, an unknown conversion or a refused float */
};

/* Narrow format, UTF-8 output: buf holds `size` bytes (NULL if size 0). */
struct fmt_result fmt_vformat(char *buf, size_t size, const char *format,
			      va_list ap, const struct fmt_options *options);
/* Wide format (wprintf family), UTF-16 output: buf holds `count` units. */
struct fmt_result fmt_vformat_wide(uint16_t *buf, size_t count,
				   const uint16_t *format, va_list ap,
				   const struct fmt_options *options);
/* Wide format (wprintf family), UTF-8 output (a log line). */
struct fmt_result fmt_vformat_wide_to_narrow(char *buf, size_t size,
					     const uint16_t *format, va_list ap,
					     const struct fmt_options *options);

struct fmt_result fmt_format(char *buf, size_t size, const struct fmt_options *options,
			     const char *format, ...);

#endif

/* test_fmt.c — the formatter (src/fmt, fmt.h): every conversion, size
 * prefix, flag, width and precision with Microsoft printf semantics, NULL
 * strings, counted strings, refused conversions and truncation.  Wide
 * output, UTF-16 and the __FUNCTION__ marker: test_fmt_wide.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fmt/fmt.h"

static struct fmt_result last;

/* Formats into a 256-byte buffer and compares. */
#define EXPECT(want, ...) do { \
	char buf_[256]; \
	last = fmt_format(buf_, sizeof(buf_), NULL, __VA_ARGS__); \
	assert_string_equal(buf_, want); \
	assert_int_equal(last.length, strlen(want)); \
	assert_false(last.truncated); \
} while (0)

static const struct fmt_options no_float = { FMT_NO_FLOAT, NULL, NULL, NULL };

static void test_signed(void **state)
{
	EXPECT("42 -42 0", "%d %i %d", 42, -42, 0);
	EXPECT("[   42] [42   ] [00042] [+42] [ 42] [-0042]", "[%5d] [%-5d] [%05d] [%+d] [% d] [%05d]",
	       42, 42, 42, 42, 42, -42);
	EXPECT("[  042] [] [ ] [+0]", "[%5.3d] [%.0d] [%1.0d] [%+d]", 42, 0, 0, 0);
	EXPECT("-2147483648 2147483647", "%d %d", (int)0x80000000u, 0x7fffffff);
	EXPECT("[-5   ] [+5]", "[%-+5d] [%+ d]", -5, 5);   /* + wins over space */
	EXPECT("[   -7]", "[%05.1d]", -7);                   /* 0 ignored with a precision */
}

static void test_unsigned(void **state)
{
	EXPECT("4294967295 ffffffff FFFFFFFF 37777777777", "%u %x %X %o",
	       0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu);
	EXPECT("0x1f 0X1F 017 0 0", "%#x %#X %#o %#x %#o", 31u, 31u, 15u, 0u, 0u);
	EXPECT("[0x001f] [  0x1f] [0x1f  ]", "[%#06x] [%#6x] [%-#6x]", 31u, 31u, 31u);
	EXPECT("[00ab] [0017]", "[%.4x] [%#.4o]", 0xabu, 15u);
}

/* l is 32 bits (LLP64), ll/I64 64, I/z/t/j pointer-sized, I32 32, h 16,
 * hh 8: each consumes exactly its argument, so the next one is intact. */
static void test_size_prefixes(void **state)
{
	EXPECT("ffffffff 7", "%lx %d", 0xffffffffu, 7);
	EXPECT("-1 4294967295 7", "%ld %lu %d", -1, 0xffffffffu, 7);
	EXPECT("123456789abcdef0 7", "%llx %d", 0x123456789abcdef0ull, 7);
	EXPECT("123456789ABCDEF0 7", "%I64X %d", 0x123456789abcdef0ull, 7);
	EXPECT("-9223372036854775808", "%I64d", (long long)0x8000000000000000ull);
	EXPECT("fedcba9876543210 -1 7", "%Ix %Id %d", (size_t)0xfedcba9876543210ull, (ptrdiff_t)-1, 7);
	EXPECT("18446744073709551615 -3 -4 7", "%zu %td %jd %d", (size_t)-1, (ptrdiff_t)-3,
	       (long long)-4, 7);
	EXPECT("deadbeef 7", "%I32x %d", 0xdeadbeefu, 7);
	EXPECT("2345 -1 65535", "%hx %hd %hu", 0x12345, 0xffff, 0xffff);
	EXPECT("ff -1 255", "%hhx %hhd %hhu", 0x1ff, 0xff, 0xff);
	EXPECT("18446744073709551615 7", "%Lu %d", (unsigned long long)-1, 7);
	EXPECT("42 7", "%wd %d", 42, 7);   /* w on an integer: int */
}

static void test_chars(void **state)
{
	EXPECT("A [    B] [C  ] z", "%c [%5c] [%-3c] %hc", 'A', 'B', 'C', 'z');
	EXPECT("\xc3\xa9 \xc3\xa9 \xc3\xa9 x", "%C %wc %lc %hC", 0xe9, 0xe9, 0xe9, 'x');
	assert_true(last.converted);
	EXPECT("[ \xe2\x82\xac]", "[%4C]", 0x20ac);    /* width in output bytes */
	EXPECT("\xef\xbf\xbd", "%C", 0xd800);          /* lone surrogate: U+FFFD */
	EXPECT("a%b", "a%%b");
}

static void test_narrow_strings(void **state)
{
	EXPECT("abc (null) ab [  abc] [abc  ] (nu", "%s %s %.2s [%5s] [%-5s] %.3s",
	       "abc", (char *)NULL, "abc", "abc", "abc", (char *)NULL);
	assert_false(last.converted);
	EXPECT("xyz", "%hs", "xyz");
	/* precision never reads past it: no NUL needed within */
	char raw[3] = { 'p', 'q', 'r' };
	EXPECT("pq", "%.2s", raw);
}

static void test_wide_strings(void **state)
{
	EXPECT("wide wide wide wide", "%S %ws %ls %lS", L"wide", L"wide", L"wide", L"wide");
	assert_true(last.converted);
	EXPECT("(null) (null)", "%ws %S", (uint16_t *)NULL, (uint16_t *)NULL);
	EXPECT("caf\xc3\xa9 \xe2\x82\xac", "%ws %ws", L"caf\u00e9", L"\u20ac");
	/* a surrogate pair is one code point; U+1F600 */
	EXPECT("\xf0\x9f\x98\x80", "%ws", L"\U0001F600");
	/* a precision never splits a pair: .1 of a pair prints nothing */
	EXPECT("[]", "[%.1ws]", L"\U0001F600");
	EXPECT("a", "%.2ws", L"a\U0001F600");
	EXPECT("a\xf0\x9f\x98\x80", "%.3ws", L"a\U0001F600");
	/* unpaired surrogates: U+FFFD each */
	static const uint16_t lone[] = { 'x', 0xdc00, 'y', 0xd800, 0 };
	EXPECT("x\xef\xbf\xbdy\xef\xbf\xbd", "%ws", lone);
	EXPECT("[   ab]", "[%5.2ws]", L"abcd");
}

/* The x64 layout of ANSI_STRING / UNICODE_STRING (facts §4.2). */
struct counted { uint16_t Length, MaximumLength; const void *Buffer; };

static void test_counted_strings(void **state)
{
	char bytes[] = { 'h', 'e', 'l', 'l', 'o', '!', '!' };   /* no NUL */
	struct counted a = { 5, 7, bytes };
	uint16_t units[] = { 'w', 'i', 'd', 'e', 'X' };
	struct counted u = { 8, 10, units };
	struct counted odd = { 3, 10, units };   /* odd byte count: whole units */
	struct counted nobuf = { 4, 4, NULL };

	EXPECT("hello wide w", "%Z %wZ %wZ", &a, &u, &odd);
	EXPECT("(null) (null) (null)", "%Z %wZ %wZ", (void *)NULL, (void *)NULL, &nobuf);
	EXPECT("[  he] [wi   ] wide", "[%4.2Z] [%-5.2wZ] %lZ", &a, &u, &u);
	assert_true(last.converted);
}

/* %p: 16 upper-case hex digits, no 0x (MSVC on x64). */
static void test_pointer(void **state)
{
	EXPECT("0000000000001234 0000000000000000", "%p %p", (void *)0x1234, (void *)NULL);
	EXPECT("00007FFFABCD0123", "%p", (void *)0x7fffabcd0123ull);
	EXPECT("0X0000000000001234", "%#p", (void *)0x1234);
	EXPECT("[    0000000000001234] [0000000000001234    ]", "[%20p] [%-20p]",
	       (void *)0x1234, (void *)0x1234);
}

static void test_star_width_precision(void **state)
{
	EXPECT("[   42] [7   ] [ab]", "[%*d] [%-*d] [%.*s]", 5, 42, 4, 7, 2, "abcdef");
	EXPECT("[42   ]", "[%*d]", -5, 42);          /* negative width: left */
	EXPECT("[abcdef]", "[%.*s]", -1, "abcdef");  /* negative precision: none */
	EXPECT("[  0x2a]", "[%#*x]", 6, 42u);
}

static void test_float(void **state)
{
	EXPECT("1.500000 1.25 1.000000e+02 0.5 [  3.142] [3.1  ]", "%f %.2f %e %g [%7.3f] [%-5.1f]",
	       1.5, 1.25, 100.0, 0.5, 3.14159, 3.14159);
	EXPECT("+2.0 -2.00E+00 7", "%+.1f %.2E %d", 2.0, -2.0, 7);
	EXPECT("1.5 7", "%Lg %d", 1.5, 7);   /* MSVC long double = double */
	char buf[64];
	last = fmt_format(buf, sizeof(buf), &no_float, "v=%.2f n=%d", 2.5, 7);
	assert_string_equal(buf, "v=%.2f n=7");
	assert_true(last.refused);
}

static void test_refused(void **state)
{
	int target = 99;
	char buf[64];

	last = fmt_format(buf, sizeof(buf), NULL, "a%nb%d", &target, 5);
	assert_string_equal(buf, "a%nb5");   /* argument consumed, never written */
	assert_int_equal(target, 99);
	assert_true(last.refused);
	last = fmt_format(buf, sizeof(buf), NULL, "x%hny%d", &target, 6);
	assert_string_equal(buf, "x%hny6");
	EXPECT("%k %5q", "%k %5q");
	assert_true(last.refused);
	EXPECT("end %", "end %");
	EXPECT("end %-5", "end %-5");
	EXPECT("plain", "plain");
	assert_false(last.refused);
	last = fmt_format(buf, sizeof(buf), NULL, NULL);
	assert_string_equal(buf, "(null)");
}

static void test_truncation(void **state)
{
	char buf[8];
	struct fmt_result r;

	memset(buf, 'Z', sizeof(buf));
	r = fmt_format(buf, 5, NULL, "abcdefgh");
	assert_string_equal(buf, "abcd");
	assert_int_equal(r.length, 8);
	assert_true(r.truncated);
	assert_int_equal(buf[5], 'Z');            /* nothing past the buffer */
	r = fmt_format(buf, 5, NULL, "abcd");
	assert_string_equal(buf, "abcd");
	assert_false(r.truncated);
	r = fmt_format(buf, 1, NULL, "%d", 12345);
	assert_string_equal(buf, "");
	assert_int_equal(r.length, 5);
	assert_true(r.truncated);
	r = fmt_format(NULL, 0, NULL, "%s-%d", "xyz", 42);
	assert_int_equal(r.length, 6);
	assert_true(r.truncated);
	/* huge padding is counted, not looped over */
	r = fmt_format(buf, sizeof(buf), NULL, "%*d", 2000000000, 1);
	assert_int_equal(r.length, 2000000000);
	assert_string_equal(buf, "       ");
	/* a multi-byte character cut at the end stays cut (bytes, like Windows) */
	r = fmt_format(buf, 3, NULL, "%ws", L"\u20ac");
	assert_int_equal(r.length, 3);
	assert_int_equal((unsigned char)buf[0], 0xe2);
	assert_int_equal(buf[2], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_size_prefixes),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_narrow_strings),
		cmocka_unit_test(test_wide_strings),
		cmocka_unit_test(test_counted_strings),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_star_width_precision),
		cmocka_unit_test(test_float),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

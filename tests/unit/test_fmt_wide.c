/* test_fmt_wide.c — the formatter's wide side (src/fmt, fmt.h): the
 * wprintf family (%s/%c wide, %S/%C narrow, h and l/w forcing), UTF-16
 * output and its truncation in units, UTF-8 arguments widened, and the
 * __FUNCTION__ marker replaced by the caller's function, static ones
 * included (vf_site_function).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt/fmt.h"
#include "fmt/utf.h"

static struct fmt_result wformat(uint16_t *buf, size_t count, const struct fmt_options *o,
				 const uint16_t *format, ...)
{
	struct fmt_result r;
	va_list ap;

	va_start(ap, format);
	r = fmt_vformat_wide(buf, count, format, ap, o);
	va_end(ap);
	return r;
}

static struct fmt_result wnarrow(char *buf, size_t size, const uint16_t *format, ...)
{
	struct fmt_result r;
	va_list ap;

	va_start(ap, format);
	r = fmt_vformat_wide_to_narrow(buf, size, format, ap, NULL);
	va_end(ap);
	return r;
}

static void assert_wide_equal(const uint16_t *got, const uint16_t *want)
{
	size_t n = utf16_strlen(want);

	if (utf16_strlen(got) != n || memcmp(got, want, n * sizeof(uint16_t)) != 0) {
		char g[256], w[256];
		fmt_format(g, sizeof(g), NULL, "%ws", got);
		fmt_format(w, sizeof(w), NULL, "%ws", want);
		fail_msg("wide output \"%s\", expected \"%s\"", g, w);
	}
}

static void test_wprintf_family(void **state)
{
	uint16_t buf[128];
	struct fmt_result r;

	r = wformat(buf, 128, NULL, L"%s|%S|%hs|%ls|%ws|%c|%C|%hc|%wc|%d", L"wide", "narrow",
		    "h", L"l", L"w", L'W', 'n', 'h', L'x', -3);
	assert_wide_equal(buf, L"wide|narrow|h|l|w|W|n|h|x|-3");
	assert_int_equal(r.length, utf16_strlen(buf));
	assert_true(r.converted);   /* narrow arguments widened */
	r = wformat(buf, 128, NULL, L"%s %d", L"only wide", 5);
	assert_wide_equal(buf, L"only wide 5");
	assert_false(r.converted);
	r = wformat(buf, 128, NULL, L"[%5s] [%-4s] [%.2s] %s", L"ab", L"ab", L"abc", (uint16_t *)NULL);
	assert_wide_equal(buf, L"[   ab] [ab  ] [ab] (null)");
}

static void test_utf8_widened(void **state)
{
	uint16_t buf[32];

	/* UTF-8 arguments become UTF-16; width counts UTF-16 units */
	wformat(buf, 32, NULL, L"%S [%3S] %S", "caf\xc3\xa9", "\xe2\x82\xac",
		"\xf0\x9f\x98\x80");
	assert_wide_equal(buf, L"caf\u00e9 [  \u20ac] \U0001F600");
	/* malformed UTF-8: U+FFFD per bad byte */
	wformat(buf, 32, NULL, L"%S", "a\xff" "b\xc3");
	assert_wide_equal(buf, L"a\uFFFDb\uFFFD");
}

static void test_wide_counted(void **state)
{
	struct { uint16_t Length, MaximumLength; const void *Buffer; }
		u = { 6, 6, L"abcdef" }, a = { 2, 2, "xyz" };
	uint16_t buf[32];

	wformat(buf, 32, NULL, L"%wZ/%Z/%p", &u, &a, (void *)0xab);
	assert_wide_equal(buf, L"abc/xy/00000000000000AB");
}

static void test_wide_truncation(void **state)
{
	uint16_t buf[6];
	struct fmt_result r;

	for (size_t i = 0; i < 6; i++)
		buf[i] = 0x7777;
	r = wformat(buf, 4, NULL, L"%s", L"abcdef");
	assert_wide_equal(buf, L"abc");
	assert_int_equal(r.length, 6);
	assert_true(r.truncated);
	assert_int_equal(buf[4], 0x7777);
	r = wformat(NULL, 0, NULL, L"%d", 12345);
	assert_int_equal(r.length, 5);
	r = wformat(buf, 6, NULL, L"%S", "\xf0\x9f\x98\x80");   /* 2 units */
	assert_int_equal(r.length, 2);
	assert_false(r.truncated);
}

static void test_wide_format_narrow_output(void **state)
{
	char buf[64];
	struct fmt_result r = wnarrow(buf, sizeof(buf), L"%s=%d %S \u00e9", L"x", 1, "n");

	assert_string_equal(buf, "x=1 n \xc3\xa9");
	assert_int_equal(r.length, strlen(buf));
}

/* ---- the __FUNCTION__ marker ------------------------------------------------ */

/* A return address inside the function that calls it. */
static __attribute__((noinline)) const void *here(void)
{
	return __builtin_return_address(0);
}

static __attribute__((noinline)) void static_function_name(char *buf, size_t size)
{
	struct fmt_options o = { 0, NULL, here(), NULL };

	fmt_format(buf, size, &o, FMT_FUNCTION_MARKER ": x=%d, again %s", 5, FMT_FUNCTION_MARKER);
}

static void test_marker(void **state)
{
	char buf[128];
	uint16_t wbuf[128];
	struct fmt_options o = { 0, NULL, here(), NULL };

	/* a static function: named from the test program's .symtab */
	static_function_name(buf, sizeof(buf));
	assert_string_equal(buf, "static_function_name: x=5, again static_function_name");
	/* in a %s argument, pasted between literals */
	fmt_format(buf, sizeof(buf), &o, "[%s]", "<" FMT_FUNCTION_MARKER ">");
	assert_string_equal(buf, "[<test_marker>]");
	/* width counts the name, precision cuts the argument before replacing */
	fmt_format(buf, sizeof(buf), &o, "[%-14s]", FMT_FUNCTION_MARKER);
	assert_string_equal(buf, "[test_marker   ]");
	/* wide formats and wide arguments */
	wformat(wbuf, 128, &o, L"" FMT_FUNCTION_MARKER L": %s", L"" FMT_FUNCTION_MARKER);
	assert_wide_equal(wbuf, L"test_marker: test_marker");
	/* a name given by the WDK macros (__PRETTY_FUNCTION__): C and C++ forms */
	static const char *const pretty[][2] = {
		{ "MpInitialize", "MpInitialize" },
		{ "NDIS_STATUS MpInitialize(NDIS_HANDLE, NDIS_HANDLE)", "MpInitialize" },
		{ "void ns::CAdapter::Init(int) const", "ns::CAdapter::Init" },
		{ "std::pair<int, int> ns::Pool<char (*)(int)>::Take()", "ns::Pool<char (*)(int)>::Take" },
	};
	for (size_t i = 0; i < sizeof(pretty) / sizeof(pretty[0]); i++) {
		struct fmt_options named = { 0, pretty[i][0], here(), NULL };
		fmt_format(buf, sizeof(buf), &named, "[" FMT_FUNCTION_MARKER "]");
		char want[128];
		snprintf(want, sizeof(want), "[%s]", pretty[i][1]);
		assert_string_equal(buf, want);
	}
	/* no caller: the marker prints as the name it stands for */
	fmt_format(buf, sizeof(buf), NULL, FMT_FUNCTION_MARKER "()");
	assert_string_equal(buf, "__FUNCTION__()");
	/* an address in no known function */
	struct fmt_options nowhere = { 0, NULL, (const void *)0x10, NULL };
	fmt_format(buf, sizeof(buf), &nowhere, FMT_FUNCTION_MARKER);
	assert_string_equal(buf, "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wprintf_family),
		cmocka_unit_test(test_utf8_widened),
		cmocka_unit_test(test_wide_counted),
		cmocka_unit_test(test_wide_truncation),
		cmocka_unit_test(test_wide_format_narrow_output),
		cmocka_unit_test(test_marker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

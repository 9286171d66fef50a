/* test_fmt_wpp.c — WPP's extended format specs in the formatter
 * (src/fmt/fmt_wpp.c; docs/wpp.md "Format extensions"; wpp facts §1.10):
 * every extension, each consuming exactly its argument (the next one is
 * intact), case-insensitive names, %!d!-style printf specs, unknown names
 * printed as written, and %! without a trace site.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt/fmt.h"

static const struct fmt_wpp site = {
	"/src/drv/Device.c", 42, "MpInitializeEx", "TRACE_LEVEL_ERROR", "DBG_INIT", "NetComp",
	0, NULL, NULL,
};
static const struct fmt_options wpp = { 0, NULL, NULL, &site };
static struct fmt_result last;

#define EXPECT(want, ...) do { \
	char buf_[512]; \
	last = fmt_format(buf_, sizeof(buf_), &wpp, __VA_ARGS__); \
	assert_string_equal(buf_, want); \
	assert_int_equal(last.length, strlen(want)); \
} while (0)

static void test_site(void **state)
{
	EXPECT("Device.c:42 MpInitializeEx", "%!FILE!:%!LINE! %!FUNC!");
	EXPECT("TRACE_LEVEL_ERROR DBG_INIT NetComp", "%!LEVEL! %!FLAGS! %!COMPNAME!");
	EXPECT("[][] 7", "[%!SUBCOMP!][%!STDPREFIX!] %d", 7);
	assert_false(last.refused);
}

static void test_status_codes(void **state)
{
	EXPECT("0x8000000f(STATUS_DEVICE_POWERED_OFF) 7", "%!STATUS! %d", 0x8000000fu, 7);
	EXPECT("0x00000000(STATUS_SUCCESS) 0xc000009a(STATUS_INSUFFICIENT_RESOURCES)",
	       "%!status! %!NTSTATUS!", 0u, 0xc000009au);
	EXPECT("0x00000103(STATUS_PENDING) 0x12345678 7", "%!NDIS_STATUS! %!STATUS! %d",
	       0x103u, 0x12345678u, 7);
	EXPECT("0x80004005(E_FAIL) 0x00000000(S_OK) 0x80001234 7",
	       "%!HRESULT! %!hresult! %!HRESULT! %d", 0x80004005u, 0u, 0x80001234u, 7);
	EXPECT("5(ERROR_ACCESS_DENIED) 4242 7", "%!WINERROR! %!NTerror! %d", 5u, 4242u, 7);
}

static void test_values(void **state)
{
	EXPECT("TRUE FALSE 7", "%!bool! %!BOOL! %d", 1, 0, 7);
	EXPECT("PASSIVE_LEVEL DISPATCH_LEVEL HIGH_LEVEL IRQL 5 7", "%!irql! %!irql! %!irql! %!irql! %d",
	       0, 2, 15, 5, 7);
	EXPECT("80 443 7", "%!PORT! %!PORT! %d", 0x5000, 0xbb01, 7);
}

static void test_addresses(void **state)
{
	static const unsigned char ip[4] = { 192, 168, 1, 20 };
	static const unsigned char mac[6] = { 0x00, 0x15, 0x5d, 0xab, 0xcd, 0xef };
	static const unsigned char ip6[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					       0x02, 0x15, 0x5d, 0xff, 0xfe, 0xab, 0xcd, 0xef };

	EXPECT("192.168.1.20 00:15:5d:ab:cd:ef 7", "%!IPADDR! %!MACADDR! %d", ip, mac, 7);
	EXPECT("fe80:0:0:0:215:5dff:feab:cdef 7", "%!IPV6ADDR! %d", ip6, 7);
	EXPECT("(null) (null) (null) 7", "%!IPADDR! %!MACADDR! %!IPV6ADDR! %d",
	       (void *)0, (void *)0, (void *)0, 7);
}

static void test_guid_sid(void **state)
{
	/* a GUID's first three fields are little-endian integers */
	static const unsigned char g[16] = { 0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,
					     1, 2, 3, 4, 5, 6, 7, 8 };
	/* S-1-5-32-544: revision 1, 2 sub-authorities, authority 5 */
	static const unsigned char sid[16] = { 1, 2, 0, 0, 0, 0, 0, 5,
					       32, 0, 0, 0, 0x20, 0x02, 0, 0 };

	EXPECT("{12345678-9ABC-DEF0-0102-030405060708} 7", "%!GUID! %d", g, 7);
	EXPECT("{12345678-9ABC-DEF0-0102-030405060708}", "%!CLSID!", g);
	EXPECT("{12345678-9ABC-DEF0-0102-030405060708}{12345678-9ABC-DEF0-0102-030405060708}",
	       "%!IID!%!LIBID!", g, g);
	EXPECT("S-1-5-32-544 (null) 7", "%!sid! %!sid! %d", sid, (void *)0, 7);
}

static void test_times(void **state)
{
	/* 2005-06-10 14:25:43.968 UTC in 100 ns units since 1601 */
	long long t = (1118413543LL + 11644473600LL) * 10000000LL + 9680000LL;

	EXPECT("06/10/2005-14:25:43.968 7", "%!TIMESTAMP! %d", t, 7);
	EXPECT("06/10/2005-14:25:43.968 06/10/2005-14:25:43.968", "%!datetime! %!TIME!", t, t);
	EXPECT("1~01:01:01.500 0~00:00:00.250 -0~00:00:01.000 7", "%!delta! %!WAITTIME! %!due! %d",
	       90061500LL, 250LL, -1000LL, 7);
}

/* %!s!, %!d!, %!08x!: a printf spec between shrieks; the formatter's MSVC
 * rules apply (%!lx! is 32 bits). */
static void test_printf_in_shrieks(void **state)
{
	EXPECT("name 5 0000001f ffffffff 7", "%!s! %!d! %!08x! %!lx! %d", "name", 5, 31u,
	       0xffffffffu, 7);
	assert_false(last.refused);
}

static void test_unknown(void **state)
{
	/* an unknown name: printed as written, no argument taken */
	EXPECT("%!NOPE! 7", "%!NOPE! %d", 7);
	assert_true(last.refused);
	EXPECT("%!FUNC", "%!FUNC");
	assert_true(last.refused);
	/* without a trace site, %! is an ordinary unknown conversion */
	char buf[64];
	last = fmt_format(buf, sizeof(buf), NULL, "%!STATUS! %d", 7);
	assert_string_equal(buf, "%!STATUS! 7");
	assert_true(last.refused);
}

/* A wide format (ACX's L"..." MSG) reads the same names. */
static struct fmt_result wide(char *buf, size_t size, const uint16_t *format, ...)
{
	struct fmt_result r;
	va_list ap;

	va_start(ap, format);
	r = fmt_vformat_wide_to_narrow(buf, size, format, ap, &wpp);
	va_end(ap);
	return r;
}

static void test_wide_format(void **state)
{
	static const uint16_t format[] = { '%', '!', 'S', 'T', 'A', 'T', 'U', 'S', '!', ' ',
					   '%', '!', 'F', 'U', 'N', 'C', '!', ' ', '%', 'd', 0 };
	char buf[128];

	wide(buf, sizeof(buf), format, 0xc0000001u, 7);
	assert_string_equal(buf, "0xc0000001(STATUS_UNSUCCESSFUL) MpInitializeEx 7");
}

/* FormatMessage-style %n!x!: out of order, twice, every argument kind,
 * with the default base (1) and -argbase:10. */
static void test_positional(void **state)
{
	EXPECT("two 5 two 7", "%2!s! %1!d! %2!s! %3!d!", 5, "two", 7);
	assert_false(last.refused);
	EXPECT("123456789 ffffffff x", "%2!I64x! %1!lx! %3!c!", 0xffffffffu, 0x123456789ull, 'x');
	EXPECT("0xc0000001(STATUS_UNSUCCESSFUL) MpInitializeEx 1.50", "%1!STATUS! %!FUNC! %2!.2f!",
	       0xc0000001u, 1.5);
	/* a literal % and a width that is no position */
	EXPECT("100% 5|", "100%% %1!d!|", 5);
	EXPECT("   12|", "%5d|", 12);
	assert_false(last.refused);

	struct fmt_wpp based = site;
	struct fmt_options o = { 0, NULL, NULL, &based };
	char buf[128];
	based.argbase = 10;
	last = fmt_format(buf, sizeof(buf), &o, "%11!s!-%10!u!", 3u, "b");
	assert_string_equal(buf, "b-3");
	/* below the base, or an argument no spec names: printed as written */
	last = fmt_format(buf, sizeof(buf), &o, "%1!d! %12!d!", 3, 4, 5);
	assert_string_equal(buf, "%1!d! %12!d!");
	assert_true(last.refused);
	/* without a trace site, %1!d! is no positional spec */
	last = fmt_format(buf, sizeof(buf), NULL, "%1!d!", 3);
	assert_true(last.refused);
}

/* The driver's own types come before the built-in names. */
static bool custom(const struct fmt_wpp *w, const char *name, size_t len, va_list *ap,
		   char *buf, size_t size)
{
	assert_ptr_equal(w->custom_context, &site);
	if (len == 4 && strncmp(name, "MINE", 4) == 0) {
		int v = va_arg(*ap, int);
		if (buf != NULL)
			snprintf(buf, size, "mine=%d", v);
		return true;
	}
	if (len == 6 && strncmp(name, "STATUS", 6) == 0) {   /* overrides the built-in */
		(void)va_arg(*ap, int);
		if (buf != NULL)
			snprintf(buf, size, "own-status");
		return true;
	}
	return false;
}

static void test_custom_hook(void **state)
{
	struct fmt_wpp hooked = site;
	struct fmt_options o = { 0, NULL, NULL, &hooked };
	char buf[128];

	hooked.custom = custom;
	hooked.custom_context = &site;
	last = fmt_format(buf, sizeof(buf), &o, "%!MINE! %!STATUS! %!bool! %2!MINE! %1!MINE!", 4, 5, 1);
	/* a numbered spec names its argument from the start, whatever came before */
	assert_string_equal(buf, "mine=4 own-status TRUE mine=5 mine=4");
	last = fmt_format(buf, sizeof(buf), &o, "%2!MINE! %1!MINE! %!LINE!", 4, 5);
	assert_string_equal(buf, "mine=5 mine=4 42");
	assert_false(last.refused);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_status_codes),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_guid_sid),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_printf_in_shrieks),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_wide_format),
		cmocka_unit_test(test_positional),
		cmocka_unit_test(test_custom_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

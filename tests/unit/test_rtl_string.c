/* test_rtl_string.c — counted strings and conversions (facts §4.2;
 * src/wdm/rtl_string.c, rtl_convert.c): Init clamps, Copy, Equal/Compare
 * with upcase, Append, the integer conversions with their documented
 * quirks, ANSI (UTF-8) <-> Unicode with and without allocation, the frees,
 * RTL_CONSTANT_STRING / NDIS_STRING_CONST, and RTL-ARGUMENT reports.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static WCHAR *wide_filled(size_t units, WCHAR c)
{
	WCHAR *w = malloc((units + 1) * sizeof(WCHAR));

	for (size_t i = 0; i < units; i++)
		w[i] = c;
	w[units] = 0;
	return w;
}

static void test_init(void **state)
{
	struct th t;
	UNICODE_STRING u;
	ANSI_STRING a;
	STRING s;
	WCHAR *big = wide_filled(40000, 'w');
	char *bigc = malloc(70001);

	th_setup(&t, NULL);
	RtlInitUnicodeString(&u, L"abc");
	assert_int_equal(u.Length, 6);
	assert_int_equal(u.MaximumLength, 8);
	RtlInitUnicodeString(&u, NULL);
	assert_int_equal(u.Length + u.MaximumLength, 0);
	assert_null(u.Buffer);
	RtlInitUnicodeString(&u, big);    /* clamped (facts §4.2) */
	assert_int_equal(u.Length, 65532);
	assert_int_equal(u.MaximumLength, 65534);
	assert_ptr_equal(u.Buffer, big);
	RtlInitAnsiString(&a, "xy");
	assert_int_equal(a.Length, 2);
	assert_int_equal(a.MaximumLength, 3);
	memset(bigc, 'c', 70000);
	bigc[70000] = '\0';
	RtlInitAnsiString(&a, bigc);
	assert_int_equal(a.Length, 65534);
	assert_int_equal(a.MaximumLength, 65535);
	RtlInitString(&s, NULL);
	assert_int_equal(s.Length + s.MaximumLength, 0);
	RtlInitUnicodeString(NULL, L"x");
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	free(big);
	free(bigc);
	th_teardown(&t);
}

/* facts §4.2: RTL_CONSTANT_STRING takes the literal as written;
 * NDIS_STRING_CONST widens a narrow one. */
static UNICODE_STRING global_u = RTL_CONSTANT_STRING(L"Keyword");
static ANSI_STRING global_a = RTL_CONSTANT_STRING("narrow");

static void test_constant_strings(void **state)
{
	NDIS_STRING n = NDIS_STRING_CONST("*JumboPacket");

	assert_int_equal(global_u.Length, 14);
	assert_int_equal(global_u.MaximumLength, 16);
	assert_int_equal(global_u.Buffer[0], 'K');
	assert_int_equal(global_a.Length, 6);
	assert_int_equal(global_a.MaximumLength, 7);
	assert_string_equal(global_a.Buffer, "narrow");
	assert_int_equal(n.Length, 24);
	assert_int_equal(n.Buffer[0], '*');
	assert_int_equal(n.Buffer[11], 't');
}

static void test_copy(void **state)
{
	struct th t;
	WCHAR buf[4] = { 9, 9, 9, 9 };
	UNICODE_STRING dst = { 0, sizeof(buf), buf }, src = RTL_CONSTANT_STRING(L"abcdef");
	UNICODE_STRING small = RTL_CONSTANT_STRING(L"ab");

	th_setup(&t, NULL);
	RtlCopyUnicodeString(&dst, &src);      /* min(Length, MaximumLength) */
	assert_int_equal(dst.Length, 8);
	assert_int_equal(dst.MaximumLength, 8);
	assert_memory_equal(buf, L"abcd", 8);
	RtlCopyUnicodeString(&dst, &small);    /* NUL when there is room */
	assert_int_equal(dst.Length, 4);
	assert_int_equal(buf[2], 0);
	RtlCopyUnicodeString(&dst, NULL);
	assert_int_equal(dst.Length, 0);
	assert_ptr_equal(dst.Buffer, buf);
	RtlCopyUnicodeString(NULL, &src);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	th_teardown(&t);
}

static void test_compare(void **state)
{
	struct th t;
	UNICODE_STRING a = RTL_CONSTANT_STRING(L"Adapter"), b = RTL_CONSTANT_STRING(L"ADAPTER");
	UNICODE_STRING c = RTL_CONSTANT_STRING(L"Adapt"), d = RTL_CONSTANT_STRING(L"\u00e9t\u00e9");
	UNICODE_STRING e = RTL_CONSTANT_STRING(L"\u00c9T\u00c9"), z = { 0, 0, NULL };

	th_setup(&t, NULL);
	assert_false(RtlEqualUnicodeString(&a, &b, FALSE));
	assert_true(RtlEqualUnicodeString(&a, &b, TRUE));
	assert_false(RtlEqualUnicodeString(&a, &c, TRUE));
	assert_true(RtlEqualUnicodeString(&d, &e, TRUE));
	assert_true(RtlEqualUnicodeString(&z, &z, FALSE));
	assert_true(RtlCompareUnicodeString(&a, &b, FALSE) > 0);   /* 'd' > 'D' */
	assert_int_equal(RtlCompareUnicodeString(&a, &b, TRUE), 0);
	assert_true(RtlCompareUnicodeString(&c, &a, TRUE) < 0);    /* a prefix sorts first */
	assert_true(RtlCompareUnicodeString(&a, &c, FALSE) > 0);
	assert_int_equal(RtlUpcaseUnicodeChar('q'), 'Q');
	assert_int_equal(RtlUpcaseUnicodeChar(0xff), 0x178);
	assert_int_equal(RtlUpcaseUnicodeChar(0x101), 0x100);
	assert_int_equal(RtlUpcaseUnicodeChar(0x17e), 0x17d);
	assert_int_equal(RtlUpcaseUnicodeChar(0x131), 'I');
	assert_int_equal(RtlUpcaseUnicodeChar(0x3c2), 0x3a3);
	assert_int_equal(RtlUpcaseUnicodeChar(0x3b1), 0x391);
	assert_int_equal(RtlUpcaseUnicodeChar(0x430), 0x410);
	assert_int_equal(RtlUpcaseUnicodeChar(0x451), 0x401);
	assert_int_equal(RtlUpcaseUnicodeChar(0xff41), 0xff21);
	assert_int_equal(RtlUpcaseUnicodeChar(0xf7), 0xf7);
	assert_int_equal(RtlUpcaseUnicodeChar('1'), '1');
	assert_false(RtlEqualUnicodeString(NULL, &a, FALSE));
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	th_teardown(&t);
}

static void test_append(void **state)
{
	struct th t;
	WCHAR buf[6];
	UNICODE_STRING dst = { 0, sizeof(buf), buf }, more = RTL_CONSTANT_STRING(L"de");

	th_setup(&t, NULL);
	assert_int_equal(RtlAppendUnicodeToString(&dst, L"abc"), STATUS_SUCCESS);
	assert_int_equal(dst.Length, 6);
	assert_int_equal(buf[3], 0);
	assert_int_equal(RtlAppendUnicodeToString(&dst, NULL), STATUS_SUCCESS);
	assert_int_equal(RtlAppendUnicodeStringToString(&dst, &more), STATUS_SUCCESS);
	assert_int_equal(dst.Length, 10);
	assert_memory_equal(buf, L"abcde", 10);
	assert_int_equal(buf[5], 0);
	/* does not fit: STATUS_BUFFER_TOO_SMALL and nothing changes */
	assert_int_equal(RtlAppendUnicodeToString(&dst, L"fg"), STATUS_BUFFER_TOO_SMALL);
	assert_int_equal(RtlAppendUnicodeStringToString(&dst, &more), STATUS_BUFFER_TOO_SMALL);
	assert_int_equal(dst.Length, 10);
	assert_memory_equal(buf, L"abcde", 10);
	assert_int_equal(RtlAppendUnicodeToString(&dst, L"f"), STATUS_SUCCESS);   /* exact fit */
	assert_int_equal(dst.Length, 12);
	th_teardown(&t);
}

static ULONG parse(const WCHAR *text, ULONG base, NTSTATUS *status)
{
	UNICODE_STRING s;
	ULONG v = 0xdeadbeef;

	RtlInitUnicodeString(&s, text);
	*status = RtlUnicodeStringToInteger(&s, base, &v);
	return v;
}

static void test_to_integer(void **state)
{
	struct th t;
	NTSTATUS st;

	th_setup(&t, NULL);
	assert_int_equal(parse(L"1234", 0, &st), 1234);
	assert_int_equal(st, STATUS_SUCCESS);
	assert_int_equal(parse(L"  \t-42", 10, &st), (ULONG)-42);
	assert_int_equal(parse(L"0x1F", 0, &st), 0x1f);
	assert_int_equal(parse(L"0o17", 0, &st), 017);
	assert_int_equal(parse(L"0b101", 0, &st), 5);
	/* the documented quirks: stop at the first invalid digit, else 0 */
	assert_int_equal(parse(L"xyz", 0, &st), 0);
	assert_int_equal(st, STATUS_SUCCESS);
	assert_int_equal(parse(L"+678abc", 16, &st), 0x678abc);
	assert_int_equal(parse(L"789", 8, &st), 7);
	assert_int_equal(parse(L"0x10", 16, &st), 0);     /* no prefix with a base */
	assert_int_equal(parse(L"", 10, &st), 0);
	assert_int_equal(parse(L"4294967296", 10, &st), 0);   /* wraps modulo 2^32 */
	assert_int_equal(parse(L"12", 7, &st), 0xdeadbeef);
	assert_int_equal(st, STATUS_INVALID_PARAMETER);
	/* PASSIVE_LEVEL only */
	TH_AT_DISPATCH(parse(L"1", 10, &st));
	th_expect(&t, VF_IRQL, 1);
	assert_int_equal(RtlUnicodeStringToInteger(NULL, 10, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	th_teardown(&t);
}

static void test_from_integer(void **state)
{
	struct th t;
	WCHAR buf[12];
	UNICODE_STRING s = { 0, sizeof(buf), buf };

	th_setup(&t, NULL);
	assert_int_equal(RtlIntegerToUnicodeString(4294967295u, 0, &s), STATUS_SUCCESS);
	assert_int_equal(s.Length, 20);
	assert_memory_equal(buf, L"4294967295", 22);
	assert_int_equal(RtlIntegerToUnicodeString(0xBEEF, 16, &s), STATUS_SUCCESS);
	assert_memory_equal(buf, L"BEEF", 10);
	assert_int_equal(RtlIntegerToUnicodeString(5, 2, &s), STATUS_SUCCESS);
	assert_memory_equal(buf, L"101", 8);
	assert_int_equal(RtlIntegerToUnicodeString(8, 8, &s), STATUS_SUCCESS);
	assert_memory_equal(buf, L"10", 6);
	assert_int_equal(RtlIntegerToUnicodeString(1, 3, &s), STATUS_INVALID_PARAMETER);
	s.MaximumLength = 8;   /* "12345" + NUL needs 12 */
	assert_int_equal(RtlIntegerToUnicodeString(12345, 10, &s), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(s.Length, 4);   /* unchanged: still "10" */
	assert_memory_equal(buf, L"10", 6);
	th_teardown(&t);
}

static void test_ansi_unicode(void **state)
{
	struct th t;
	ANSI_STRING a = RTL_CONSTANT_STRING("caf\xc3\xa9 \xf0\x9f\x98\x80");
	ANSI_STRING back = { 0, 0, NULL };
	UNICODE_STRING u = { 0, 0, NULL };
	WCHAR small[4];
	UNICODE_STRING fixed = { 0, sizeof(small), small };

	th_setup(&t, NULL);
	assert_int_equal(RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_SUCCESS);
	assert_int_equal(u.Length, 14);   /* c a f é space + a surrogate pair */
	assert_int_equal(u.MaximumLength, 16);
	assert_int_equal(u.Buffer[3], 0xe9);
	assert_int_equal(u.Buffer[5], 0xd83d);
	assert_int_equal(u.Buffer[7], 0);
	assert_int_equal(RtlUnicodeStringToAnsiString(&back, &u, TRUE), STATUS_SUCCESS);
	assert_int_equal(back.Length, a.Length);
	assert_memory_equal(back.Buffer, a.Buffer, a.Length + 1);
	RtlFreeAnsiString(&back);
	assert_null(back.Buffer);
	RtlFreeUnicodeString(&u);
	assert_null(u.Buffer);
	assert_int_equal(u.Length + u.MaximumLength, 0);
	/* into the caller's buffer: STATUS_BUFFER_OVERFLOW when it does not fit */
	assert_int_equal(RtlAnsiStringToUnicodeString(&fixed, &a, FALSE), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(fixed.Length, 0);
	ANSI_STRING three = RTL_CONSTANT_STRING("abc");
	assert_int_equal(RtlAnsiStringToUnicodeString(&fixed, &three, FALSE), STATUS_SUCCESS);
	assert_memory_equal(small, L"abc", 8);
	/* freeing a Buffer no conversion allocated: a report, nothing freed */
	UNICODE_STRING init;
	RtlInitUnicodeString(&init, L"static");
	RtlFreeUnicodeString(&init);
	th_expect(&t, VF_RTL_ARGUMENT, 1);
	assert_non_null(init.Buffer);
	th_teardown(&t);
}

static void test_conversion_limits(void **state)
{
	struct th t;
	char *text = malloc(40000);
	ANSI_STRING a = { 0, 0, text };
	UNICODE_STRING u = { 0, 0, NULL };
	struct fault_config f = { FAULT_NTH, 1, 0 };
	struct th_options o;

	memset(text, 'a', 40000);
	a.Length = 32767;                      /* 65534 bytes: no room for the NUL */
	th_setup(&t, NULL);
	assert_int_equal(RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_INVALID_PARAMETER_2);
	a.Length = 32766;
	assert_int_equal(RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_SUCCESS);
	assert_int_equal(u.Length, 65532);
	assert_int_equal(u.MaximumLength, 65534);
	RtlFreeUnicodeString(&u);
	th_teardown(&t);
	/* the allocation fails: STATUS_NO_MEMORY (fault point rtl.string) */
	th_default_options(&o);
	o.fault = f;
	th_setup(&t, &o);
	a.Length = 4;
	assert_int_equal(RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_NO_MEMORY);
	assert_int_equal(atomic_load(&t.k->stats.faults_injected), 1);   /* named by th_teardown */
	th_teardown(&t);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_constant_strings),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_to_integer),
		cmocka_unit_test(test_from_integer),
		cmocka_unit_test(test_ansi_unicode),
		cmocka_unit_test(test_conversion_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

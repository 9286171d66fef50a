/* test_strsafe.c — <ntstrsafe.h> (facts §4.5; src/wdm/rtl_strsafe*.c,
 * rtl_ustrsafe.c): every status path of Copy, CopyN, Cat, CatN, Printf and
 * Length in A and W, Cb and Cch; the Ex flags and outputs; the
 * UNICODE_STRING forms (Length set, no NUL); the IRQL rule for Unicode
 * conversions in Printf.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include <ntstrsafe.h>

#define OVERFLOW STATUS_BUFFER_OVERFLOW
#define INVALID  STATUS_INVALID_PARAMETER

static void test_copy(void **state)
{
	struct th t;
	char a[6];
	WCHAR w[4];

	th_setup(&t, NULL);
	assert_int_equal(RtlStringCbCopyA(a, sizeof(a), "hello"), STATUS_SUCCESS);
	assert_string_equal(a, "hello");
	assert_int_equal(RtlStringCchCopyA(a, 6, "toolong"), OVERFLOW);   /* cut, terminated */
	assert_string_equal(a, "toolo");
	assert_false(NT_SUCCESS(OVERFLOW));
	assert_int_equal(RtlStringCbCopyW(w, sizeof(w), L"abc"), STATUS_SUCCESS);
	assert_memory_equal(w, L"abc", 8);
	assert_int_equal(RtlStringCbCopyW(w, 7, L"abcd"), OVERFLOW);   /* 7 bytes = 3 WCHARs */
	assert_memory_equal(w, L"ab", 6);
	assert_int_equal(RtlStringCchCopyW(w, 4, L"wxyz"), OVERFLOW);
	assert_memory_equal(w, L"wxy", 8);
	/* NULL pointers, zero and oversized destinations */
	assert_int_equal(RtlStringCbCopyA(NULL, 6, "x"), INVALID);
	assert_int_equal(RtlStringCbCopyA(a, 6, NULL), INVALID);
	assert_int_equal(RtlStringCchCopyA(a, 0, ""), INVALID);             /* Cch: always */
	assert_int_equal(RtlStringCbCopyA(a, 0, ""), STATUS_SUCCESS);       /* Cb: empty source */
	assert_int_equal(RtlStringCbCopyA(a, 0, "x"), INVALID);
	assert_int_equal(RtlStringCbCopyW(w, 1, L""), STATUS_SUCCESS);      /* 1 byte: 0 WCHARs */
	assert_int_equal(RtlStringCchCopyA(a, (size_t)NTSTRSAFE_MAX_CCH + 1, "x"), INVALID);
	assert_int_equal(RtlStringCbCopyW(w, (size_t)NTSTRSAFE_MAX_CCH * 2 + 2, L"x"), INVALID);
	th_teardown(&t);
}

static void test_copy_n_cat(void **state)
{
	struct th t;
	char a[8];
	WCHAR w[6];

	th_setup(&t, NULL);
	assert_int_equal(RtlStringCchCopyNA(a, 8, "abcdef", 3), STATUS_SUCCESS);
	assert_string_equal(a, "abc");
	assert_int_equal(RtlStringCbCopyNA(a, 8, "ab", 100), STATUS_SUCCESS);   /* stops at NUL */
	assert_string_equal(a, "ab");
	assert_int_equal(RtlStringCchCopyNA(a, 4, "abcdef", 5), OVERFLOW);
	assert_string_equal(a, "abc");
	assert_int_equal(RtlStringCbCopyNW(w, sizeof(w), L"uvwxyz", 6), STATUS_SUCCESS);  /* 3 WCHARs */
	assert_memory_equal(w, L"uvw", 8);
	assert_int_equal(RtlStringCchCopyNA(a, 8, "x", (size_t)NTSTRSAFE_MAX_CCH + 1), INVALID);
	/* Cat */
	assert_int_equal(RtlStringCchCopyA(a, 8, "ab"), STATUS_SUCCESS);
	assert_int_equal(RtlStringCchCatA(a, 8, "cd"), STATUS_SUCCESS);
	assert_string_equal(a, "abcd");
	assert_int_equal(RtlStringCbCatA(a, 8, "efghij"), OVERFLOW);
	assert_string_equal(a, "abcdefg");
	assert_int_equal(RtlStringCbCatA(a, 8, ""), STATUS_SUCCESS);        /* full, nothing to add */
	assert_int_equal(RtlStringCbCatA(a, 8, "z"), OVERFLOW);
	memset(a, 'q', sizeof(a));                                         /* no NUL within 8 */
	assert_int_equal(RtlStringCchCatA(a, 8, "z"), INVALID);
	assert_int_equal(RtlStringCchCopyA(a, 8, "12"), STATUS_SUCCESS);
	assert_int_equal(RtlStringCchCatNA(a, 8, "3456789", 2), STATUS_SUCCESS);
	assert_string_equal(a, "1234");
	assert_int_equal(RtlStringCbCatNA(a, 8, "56789", 9), OVERFLOW);
	assert_string_equal(a, "1234567");
	assert_int_equal(RtlStringCchCopyW(w, 6, L"ab"), STATUS_SUCCESS);
	assert_int_equal(RtlStringCbCatW(w, sizeof(w), L"cd"), STATUS_SUCCESS);
	assert_int_equal(RtlStringCchCatNW(w, 6, L"efg", 2), OVERFLOW);     /* room for 1 */
	assert_memory_equal(w, L"abcde", 12);
	assert_int_equal(RtlStringCbCatNW(w, sizeof(w), NULL, 2), INVALID);
	th_teardown(&t);
}

static void test_length(void **state)
{
	struct th t;
	size_t n = 99;
	char raw[4] = { 'a', 'b', 'c', 'd' };

	th_setup(&t, NULL);
	assert_int_equal(RtlStringCchLengthA("abc", 10, &n), STATUS_SUCCESS);
	assert_int_equal(n, 3);
	assert_int_equal(RtlStringCbLengthA("abc", 4, &n), STATUS_SUCCESS);
	assert_int_equal(RtlStringCbLengthA("abc", 4, NULL), STATUS_SUCCESS);   /* optional */
	assert_int_equal(RtlStringCbLengthW(L"abc", 8, &n), STATUS_SUCCESS);
	assert_int_equal(n, 6);                                                  /* bytes */
	assert_int_equal(RtlStringCchLengthW(L"abc", 4, &n), STATUS_SUCCESS);
	assert_int_equal(n, 3);
	assert_int_equal(RtlStringCchLengthA(raw, 4, &n), INVALID);   /* no NUL within */
	assert_int_equal(n, 0);
	assert_int_equal(RtlStringCbLengthW(L"abc", 6, &n), INVALID);
	assert_int_equal(RtlStringCchLengthA(NULL, 4, &n), INVALID);
	assert_int_equal(RtlStringCchLengthA("a", (size_t)NTSTRSAFE_MAX_CCH + 1, &n), INVALID);
	assert_int_equal(RtlStringCchLengthA("a", 0, &n), INVALID);
	th_teardown(&t);
}

static void test_printf(void **state)
{
	struct th t;
	char a[24];
	WCHAR w[8];
	UNICODE_STRING u = RTL_CONSTANT_STRING(L"ustr");

	th_setup(&t, NULL);
	assert_int_equal(RtlStringCbPrintfA(a, sizeof(a), "%lx-%I64d-%wZ", 0xffffffffu, -5ll, &u),
			 STATUS_SUCCESS);
	assert_string_equal(a, "ffffffff--5-ustr");
	assert_int_equal(RtlStringCchPrintfA(a, 6, "%d", 1234567), OVERFLOW);
	assert_string_equal(a, "12345");
	assert_int_equal(RtlStringCchPrintfW(w, 8, L"%s=%S", L"k", "v"), STATUS_SUCCESS);
	assert_memory_equal(w, L"k=v", 8);
	assert_int_equal(RtlStringCbPrintfW(w, sizeof(w), L"%d", 123456789), OVERFLOW);
	assert_memory_equal(w, L"1234567", 16);
	assert_int_equal(RtlStringCbPrintfA(a, sizeof(a), "%.2f", 2.5), STATUS_SUCCESS);
	assert_string_equal(a, "2.50");   /* floating point is formatted here */
	assert_int_equal(RtlStringCbPrintfA(a, sizeof(a), NULL), INVALID);
	assert_int_equal(RtlStringCchPrintfA(a, 0, "x"), INVALID);
	assert_int_equal(RtlStringCbPrintfA(a, 0, ""), STATUS_SUCCESS);
	/* a Unicode conversion above PASSIVE_LEVEL */
	TH_AT_DISPATCH(RtlStringCbPrintfA(a, sizeof(a), "%s", "narrow"));
	th_assert_reports(&t);
	TH_AT_DISPATCH(RtlStringCbPrintfA(a, sizeof(a), "%ws", L"wide"));
	th_expect(&t, VF_IRQL, 1);
	assert_string_equal(a, "wide");
	th_teardown(&t);
}

static NTSTATUS vprint(char *buf, size_t cb, const char *format, ...)
{
	NTSTATUS status;
	va_list ap;

	va_start(ap, format);
	status = RtlStringCbVPrintfA(buf, cb, format, ap);
	va_end(ap);
	return status;
}

static NTSTATUS vprint_ex(char *buf, size_t cch, char **end, size_t *rem, ULONG flags,
			  const char *format, ...)
{
	NTSTATUS status;
	va_list ap;

	va_start(ap, format);
	status = RtlStringCchVPrintfExA(buf, cch, end, rem, flags, format, ap);
	va_end(ap);
	return status;
}

static void test_ex_flags(void **state)
{
	struct th t;
	char a[8], *end = NULL;
	size_t rem = 0;

	th_setup(&t, NULL);
	assert_int_equal(vprint(a, sizeof(a), "%s%d", "v", 1), STATUS_SUCCESS);
	assert_string_equal(a, "v1");
	/* outputs: the NUL and what is left, NUL included */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "abc", &end, &rem, 0), STATUS_SUCCESS);
	assert_ptr_equal(end, a + 3);
	assert_int_equal(rem, 5);
	assert_int_equal(RtlStringCbCatExA(a, 8, "defgh", &end, &rem, 0), OVERFLOW);
	assert_ptr_equal(end, a + 7);
	assert_int_equal(rem, 1);
	/* FILL_BEHIND_NULL */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "ab", NULL, NULL, STRSAFE_FILL_BYTE('*')),
			 STATUS_SUCCESS);
	assert_memory_equal(a, "ab\0*****", 8);
	/* FILL_ON_FAILURE: all filled, still terminated */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "toolongtext", &end, &rem,
					     STRSAFE_FAILURE_BYTE('#')), OVERFLOW);
	assert_memory_equal(a, "#######\0", 8);
	assert_ptr_equal(end, a + 7);
	assert_int_equal(rem, 1);
	/* NULL_ON_FAILURE */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "toolongtext", &end, &rem,
					     STRSAFE_NULL_ON_FAILURE), OVERFLOW);
	assert_string_equal(a, "");
	assert_ptr_equal(end, a);
	assert_int_equal(rem, 8);
	/* NO_TRUNCATION: Copy leaves the empty string, Cat the original */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "toolongtext", NULL, NULL,
					     STRSAFE_NO_TRUNCATION), OVERFLOW);
	assert_string_equal(a, "");
	assert_int_equal(RtlStringCchCopyA(a, 8, "keep"), STATUS_SUCCESS);
	assert_int_equal(RtlStringCchCatExA(a, 8, "more", &end, &rem, STRSAFE_NO_TRUNCATION),
			 OVERFLOW);
	assert_string_equal(a, "keep");
	assert_ptr_equal(end, a + 4);
	/* IGNORE_NULLS: a NULL source is "", a NULL destination of size 0 */
	assert_int_equal(RtlStringCchCopyExA(a, 8, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS),
			 STATUS_SUCCESS);
	assert_string_equal(a, "");
	assert_int_equal(RtlStringCchCopyExA(NULL, 0, NULL, &end, &rem, STRSAFE_IGNORE_NULLS),
			 STATUS_SUCCESS);
	assert_null(end);
	assert_int_equal(rem, 0);
	assert_int_equal(RtlStringCchCopyExA(NULL, 0, "x", NULL, NULL, STRSAFE_IGNORE_NULLS),
			 INVALID);
	assert_int_equal(RtlStringCchCopyExA(NULL, 4, "x", NULL, NULL, STRSAFE_IGNORE_NULLS),
			 INVALID);
	assert_int_equal(RtlStringCchPrintfExA(a, 8, NULL, NULL, STRSAFE_IGNORE_NULLS, NULL),
			 STATUS_SUCCESS);
	/* unknown flags; failure flags on an invalid call */
	assert_int_equal(RtlStringCchCopyExA(a, 8, "x", NULL, NULL, 0x10000), INVALID);
	memset(a, 'q', 8);
	assert_int_equal(RtlStringCchCatExA(a, 8, "x", NULL, NULL, STRSAFE_FAILURE_BYTE('-')),
			 INVALID);
	assert_memory_equal(a, "-------\0", 8);
	/* Cb remaining in bytes (odd sizes keep their odd byte) */
	WCHAR w[4];
	assert_int_equal(RtlStringCbCopyExW(w, 7, L"a", NULL, &rem, 0), STATUS_SUCCESS);
	assert_int_equal(rem, 5);
	assert_int_equal(RtlStringCbPrintfExW(w, sizeof(w), NULL, &rem, 0, L"%d", 42),
			 STATUS_SUCCESS);
	assert_int_equal(rem, 4);
	assert_int_equal(vprint_ex(a, 4, &end, &rem, STRSAFE_NULL_ON_FAILURE, "%d", 12345), OVERFLOW);
	assert_string_equal(a, "");
	assert_ptr_equal(end, a);
	assert_int_equal(rem, 4);
	th_teardown(&t);
}

static void test_unicode_string_forms(void **state)
{
	struct th t;
	WCHAR buf[4];
	UNICODE_STRING d = { 0, sizeof(buf), buf }, s = RTL_CONSTANT_STRING(L"abcdef");
	UNICODE_STRING two = RTL_CONSTANT_STRING(L"xy"), bad = { 3, 4, buf }, init;
	WCHAR *big = calloc(40000, sizeof(WCHAR));

	th_setup(&t, NULL);
	assert_int_equal(RtlUnicodeStringValidate(&d), STATUS_SUCCESS);
	assert_int_equal(RtlUnicodeStringValidate(&bad), INVALID);
	assert_int_equal(RtlUnicodeStringValidate(NULL), INVALID);
	assert_int_equal(RtlUnicodeStringCopy(&d, &two), STATUS_SUCCESS);
	assert_int_equal(d.Length, 4);
	assert_int_equal(RtlUnicodeStringCat(&d, &two), STATUS_SUCCESS);
	assert_int_equal(d.Length, 8);       /* exactly full: no NUL written */
	assert_memory_equal(buf, L"xyxy", 8);
	assert_int_equal(RtlUnicodeStringCatString(&d, L"z"), OVERFLOW);
	assert_int_equal(RtlUnicodeStringCopy(&d, &s), OVERFLOW);
	assert_int_equal(d.Length, 8);
	assert_memory_equal(buf, L"abcd", 8);
	assert_int_equal(RtlUnicodeStringCopyString(&d, L"q"), STATUS_SUCCESS);
	assert_int_equal(d.Length, 2);
	assert_int_equal(RtlUnicodeStringCopy(&bad, &s), INVALID);
	/* Printf: Length set, no NUL */
	buf[3] = 0x7777;
	assert_int_equal(RtlUnicodeStringPrintf(&d, L"%d%s", 12, L"a"), STATUS_SUCCESS);
	assert_int_equal(d.Length, 6);
	assert_int_equal(buf[3], 0x7777);
	assert_int_equal(RtlUnicodeStringPrintf(&d, L"%d", 123456), OVERFLOW);
	assert_int_equal(d.Length, 8);
	assert_memory_equal(buf, L"1234", 8);
	assert_int_equal(RtlUnicodeStringPrintf(&bad, L"x"), INVALID);
	/* Init: refuses a source past NTSTRSAFE_UNICODE_STRING_MAX_CCH */
	assert_int_equal(RtlUnicodeStringInit(&init, L"abc"), STATUS_SUCCESS);
	assert_int_equal(init.Length, 6);
	assert_int_equal(init.MaximumLength, 8);
	for (int i = 0; i < 39999; i++)
		big[i] = 'b';
	assert_int_equal(RtlUnicodeStringInit(&init, big), INVALID);
	assert_int_equal(init.Length, 0);
	assert_null(init.Buffer);
	big[32766] = 0;
	assert_int_equal(RtlUnicodeStringInit(&init, big), STATUS_SUCCESS);
	assert_int_equal(init.MaximumLength, 65534);
	free(big);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_copy_n_cat),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_ex_flags),
		cmocka_unit_test(test_unicode_string_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

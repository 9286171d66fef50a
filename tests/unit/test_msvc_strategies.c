/* test_msvc_strategies.c — the two MSVC-source strategies of issue 11
 * (docs/msvc-c.md, "Function names and empty __VA_ARGS__"), compiled as
 * driver code is (<ntddk.h>, <ntstrsafe.h>) by the build's compiler: gcc
 * in `make test`, clang in `CC=clang make test`; cli_debug builds a
 * miniport with both in one run.
 * - `__FUNCTION__ ": x"` compiles and prints the calling function's name,
 *   static functions included, in formats and %s arguments.
 * - A driver macro forwarding an empty __VA_ARGS__ (`DbgPrint(fmt, )`)
 *   compiles for DbgPrint, DbgPrintEx, KdPrint(Ex) and the RtlString*Printf
 *   family; &DbgPrint and calls with arguments keep working.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include <ntstrsafe.h>

#include "fmt/fmt.h"

/* Driver-style macros, as MSVC code writes them. */
#define MP_TRACE 2
#define DEBUGP(Level, Fmt, ...) DbgPrint(Fmt, __VA_ARGS__)
#define ERRP(Fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, Fmt, __VA_ARGS__)
#define KDP(Fmt, ...) KdPrint((Fmt, __VA_ARGS__))
#define FORMAT(Buf, Fmt, ...) RtlStringCbPrintfA(Buf, sizeof(Buf), Fmt, __VA_ARGS__)
#define FORMATW(Buf, Fmt, ...) RtlStringCchPrintfW(Buf, RTL_NUMBER_OF(Buf), Fmt, __VA_ARGS__)
#define USTR(Us, Fmt, ...) RtlUnicodeStringPrintf(Us, Fmt, __VA_ARGS__)

/* A driver's own variadic function needs ##__VA_ARGS__ (docs/msvc-c.md). */
static int my_log_calls;
static void MyLog(const char *Fmt, ...)
{
	(void)Fmt;
	my_log_calls++;
}
#define MYLOG(Fmt, ...) MyLog(Fmt, ##__VA_ARGS__)

static FILE *log_file;

static const char *take_log(void)
{
	static char text[4096];
	size_t n;

	fflush(log_file);
	rewind(log_file);
	n = fread(text, 1, sizeof(text) - 1, log_file);
	text[n] = '\0';
	fclose(log_file);
	log_file = tmpfile();
	kernel_current()->config.trace_file = log_file;
	return text;
}

static void setup_log(struct th *t)
{
	th_setup(t, NULL);
	log_file = tmpfile();
	t->k->config.trace_file = log_file;
}

static void teardown_log(struct th *t)
{
	t->k->config.trace_file = NULL;
	fclose(log_file);
	th_teardown(t);
}

static __attribute__((noinline)) void StaticDriverRoutine(int x)
{
	DbgPrint(__FUNCTION__ ": x=%d\n", x);
	KdPrint((__FUNCTION__ " failed\n"));
	DbgPrint("%s: in an argument\n", __FUNCTION__);
	(DbgPrint)(__FUNCTION__ ": not through the macro\n");   /* named from its return address */
	DEBUGP(MP_TRACE, "---> " __FUNCTION__ "\n");           /* a tail call: named by the macro */
}

static void test_function_literal(void **state)
{
	struct th t;
	char buf[64];
	WCHAR wbuf[64];

	setup_log(&t);
	assert_memory_equal(__FUNCTION__, FMT_FUNCTION_MARKER, FMT_FUNCTION_MARKER_LEN + 1);
	StaticDriverRoutine(5);
	assert_string_equal(take_log(),
			    "DbgPrint: StaticDriverRoutine: x=5\n"
			    "DbgPrint: StaticDriverRoutine failed\n"
			    "DbgPrint: StaticDriverRoutine: in an argument\n"
			    "DbgPrint: StaticDriverRoutine: not through the macro\n"
			    "DbgPrint: ---> StaticDriverRoutine\n");
	/* the safe-string formatters name their caller too, A and W */
	assert_int_equal(RtlStringCbPrintfA(buf, sizeof(buf), "%s()", __FUNCTION__), STATUS_SUCCESS);
	assert_string_equal(buf, "test_function_literal()");
	assert_int_equal(RtlStringCchPrintfW(wbuf, 64, __FUNCTIONW__ L"/%s", __FUNCTIONW__),
			 STATUS_SUCCESS);
	fmt_format(buf, sizeof(buf), NULL, "%ws", wbuf);
	assert_string_equal(buf, "test_function_literal/test_function_literal");
	teardown_log(&t);
}

static void test_empty_va_args(void **state)
{
	struct th t;
	char buf[32];
	WCHAR wbuf[32], ubuf[8];
	UNICODE_STRING us = { 0, sizeof(ubuf), ubuf };
	ULONG (*print)(PCSTR, ...) = &DbgPrint;   /* the function itself */

	setup_log(&t);
	DEBUGP(MP_TRACE, "no arguments\n");
	DEBUGP(MP_TRACE, "one %d\n", 1);
	ERRP("no arguments either\n");
	KDP("kd, none\n");
	(DbgPrint)("parenthesised %s\n", "name");
	print("through a pointer %d\n", 2);
	assert_string_equal(take_log(),
			    "DbgPrint: no arguments\n" "DbgPrint: one 1\n"
			    "DbgPrintEx IHVNETWORK ERROR: no arguments either\n"
			    "DbgPrint: kd, none\n" "DbgPrint: parenthesised name\n"
			    "DbgPrint: through a pointer 2\n");
	assert_int_equal(FORMAT(buf, "plain"), STATUS_SUCCESS);
	assert_string_equal(buf, "plain");
	assert_int_equal(FORMATW(wbuf, L"wide"), STATUS_SUCCESS);
	assert_int_equal(wbuf[0], 'w');
	assert_int_equal(USTR(&us, L"ustr"), STATUS_SUCCESS);
	assert_int_equal(us.Length, 8);
	MYLOG("x");
	MYLOG("x %d", 1);
	assert_int_equal(my_log_calls, 2);
	teardown_log(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_literal),
		cmocka_unit_test(test_empty_va_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

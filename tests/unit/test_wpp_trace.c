/* test_wpp_trace.c — the WPP runtime entries (src/wdm/wpp_trace.c,
 * include/wdk/ndisdma_wdk_wpp.h; docs/wpp.md): WPP_INIT_TRACING gives the
 * control blocks the machine's session, WPP_CLEANUP takes it back, a trace
 * message is one line of the run's log formatted by src/fmt, and the
 * public session API (ndisdma_trace_session).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "ndisdma_wdk_wpp.h"
#include <ndisdma/ndisdma.h>
#include "runtime/runtime.h"

#define NDISDMA_WPP_AFFIX_TEST 256

static FILE *log_file;

static const char *take_log(void)
{
	static char text[8192];
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
	assert_non_null(log_file);
	t->k->config.trace_file = log_file;
}

static void teardown_log(struct th *t)
{
	t->k->config.trace_file = NULL;
	fclose(log_file);
	th_teardown(t);
}

static void test_init_cleanup(void **state)
{
	struct th t;
	NDISDMA_WPP_CONTROL_BLOCK cb[2];

	setup_log(&t);
	memset(cb, 0, sizeof(cb));
	/* default: no session */
	NdisDmaWppInit(cb, 2);
	assert_true(cb[0].Initialized && cb[1].Initialized);
	assert_int_equal(cb[0].Level, 0);
	assert_int_equal(cb[1].Flags[0], 0);
	atomic_store(&t.k->debug.wpp_level, 4);
	atomic_store(&t.k->debug.wpp_flags, 0x5);
	NdisDmaWppInit(cb, 2);
	assert_int_equal(cb[0].Level, 4);
	assert_int_equal(cb[1].Level, 4);
	assert_int_equal(cb[0].Flags[0], 0x5);
	assert_int_equal(cb[0].FlagsLen, 1);
	NdisDmaWppCleanup(cb, 2);
	assert_false(cb[0].Initialized || cb[1].Initialized);
	assert_int_equal(cb[0].Flags[0], 0);
	NdisDmaWppInit(NULL, 3);       /* nothing to do, no crash */
	NdisDmaWppCleanup(NULL, 3);
	teardown_log(&t);
}

static void test_trace_line(void **state)
{
	struct th t;
	UNICODE_STRING name;

	setup_log(&t);
	RtlInitUnicodeString(&name, L"vhub0");
	NdisDmaWppTrace("/x/y/Device.c", 17, "MpInit", "TRACE_LEVEL_ERROR", "DBG_INIT", "",
			"%!FUNC! failed %!STATUS! %lx %I64x %wZ %ws\n", 0xc000009au, 0xffffffffu,
			0x123456789ull, &name, L"wide");
	NdisDmaWppTrace("Rx.c", 3, "f", "", "", "", "lvl=%!LEVEL! a\nb");
	assert_string_equal(take_log(),
			    "WPP Device.c:17: MpInit failed 0xc000009a(STATUS_INSUFFICIENT_RESOURCES)"
			    " ffffffff 123456789 vhub0 wide\n"
			    "WPP Rx.c:3: lvl= a\\nb\n");
	teardown_log(&t);
}

static void test_long_line(void **state)
{
	struct th t;
	char big[1500];

	setup_log(&t);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	NdisDmaWppTrace("a.c", 1, "f", "", "", "", "%s", big);
	const char *log = take_log();
	assert_non_null(strstr(log, " [cut at 1024 bytes: 476 more]\n"));
	teardown_log(&t);
}

/* What a .tmh's table of the driver's own types holds (gen_types.c). */
static const NDISDMA_WPP_ITEM states[] = { { 0, "Down" }, { 5, "Testing" }, { -1, "Last" } };
static const NDISDMA_WPP_ITEM bits[] = { { 0, "Csum" }, { 2, "Rss" } };

typedef struct { const VOID *Buffer; USHORT Length; } DUMP;

/* A complex type's reader: the .tmh expands the driver's helper macro,
 * WPP_LOGPAIR(sizeof(USHORT), &x.Length) WPP_LOGPAIR(x.Length, x.Buffer). */
static VOID read_dump(va_list *args, NDISDMA_WPP_PAIRS *pairs)
{
	DUMP d = va_arg(*args, DUMP);

	NdisDmaWppPair(pairs, sizeof(USHORT), &d.Length);
	NdisDmaWppPair(pairs, d.Length, d.Buffer);
}

static VOID read_string(va_list *args, NDISDMA_WPP_PAIRS *pairs)
{
	const STRING *s = va_arg(*args, const STRING *);

	NdisDmaWppPair(pairs, sizeof(USHORT), &s->Length);
	NdisDmaWppPair(pairs, s->Length, s->Buffer);
}

static VOID read_wide(va_list *args, NDISDMA_WPP_PAIRS *pairs)
{
	PCUNICODE_STRING s = va_arg(*args, PCUNICODE_STRING);

	NdisDmaWppPair(pairs, s->Length, s->Buffer);
}

static VOID read_mac(va_list *args, NDISDMA_WPP_PAIRS *pairs)
{
	NdisDmaWppPair(pairs, 6, va_arg(*args, const UCHAR *));
}

static const NDISDMA_WPP_TYPE types[] = {
	{ "LINK", NdisDmaWppList, 3, states, NULL },
	{ "OFFLOADS", NdisDmaWppSet, 2, bits, NULL },
	{ "HEXDUMP", NdisDmaWppHexDump, 0, NULL, read_dump },
	{ "ANSI", NdisDmaWppPString, 0, NULL, read_string },
	{ "WIDE", NdisDmaWppPWString, 0, NULL, read_wide },
	{ "MAC", NdisDmaWppMacAddr, 0, NULL, read_mac },
};

static void test_site_types(void **state)
{
	static const UCHAR data[300] = { 0xde, 0xad, 0xbe, 0xef };
	static const UCHAR mac[6] = { 0x02, 0, 0x5e, 0x10, 0x20, 0x30 };
	NDISDMA_WPP_SITE site = { "/d/Rx.c", 9, "RxPath", "4", "MP_TRACE", "", 1, 6, types, NULL };
	DUMP d = { data, 4 }, big = { data, 300 }, none = { NULL, 3 };
	STRING name = { 4, 5, (PCHAR)"vhub" };
	UNICODE_STRING wide;
	struct th t;

	setup_log(&t);
	RtlInitUnicodeString(&wide, L"p\u00f6rt");
	NdisDmaWppTraceSite(&site, "", "", 1, "%!LINK! %!link! %!LINK! %!LINK! %d", 5, -1, 7, 0, 42);
	NdisDmaWppTraceSite(&site, "", "", 1, "%!OFFLOADS! %!OFFLOADS! %!OFFLOADS! %d", 5, 0x3, 0, 42);
	NdisDmaWppTraceSite(&site, "", "", 1, "%!HEXDUMP! [%!HEXDUMP!] %!ANSI! %!WIDE! %!MAC! %d",
			    d, none, &name, &wide, mac, 42);
	NdisDmaWppTraceSite(&site, "", "", 1, "%2!HEXDUMP! %1!LINK! %3!d!", 5, d, 42);
	assert_string_equal(take_log(),
			    "WPP Rx.c:9: Testing Last 7 Down 42\n"
			    "WPP Rx.c:9: Csum|Rss Csum|0x2 0x0 42\n"
			    "WPP Rx.c:9: de ad be ef [(null)] vhub p\xc3\xb6rt 02:00:5e:10:20:30 42\n"
			    "WPP Rx.c:9: de ad be ef Testing 42\n");
	/* a pair is kept up to 256 bytes, then "..." */
	NdisDmaWppTraceSite(&site, "", "", 1, "%!HEXDUMP!", big);
	const char *log = take_log();
	assert_non_null(strstr(log, " 00 00..."));
	assert_int_equal(strlen(log), strlen("WPP Rx.c:9: ") + 256 * 3 - 1 + 3 + 1);
	teardown_log(&t);
}

/* Prefix and suffix with their arguments (USEPREFIX/USESUFFIX), a wide
 * MSG (wprintf rules: %s wide, %hs narrow), a message without MSG. */
static void test_site_affixes(void **state)
{
	NDISDMA_WPP_SITE site = { "Tx.c", 3, "TxSend", "TRACE_LEVEL_ERROR", "DBG_TX", "TxComp",
				  1, 0, NULL, NULL };
	char prefix[NDISDMA_WPP_AFFIX_TEST], suffix[NDISDMA_WPP_AFFIX_TEST];
	struct th t;

	setup_log(&t);
	NdisDmaWppAffix(&site, prefix, sizeof(prefix), 1, "%!STDPREFIX![%!FUNC! %s] ", "Status");
	NdisDmaWppAffix(&site, suffix, sizeof(suffix), 2, L" (%!STATUS! %ws)", 0xc0000001u, L"w");
	assert_string_equal(prefix, "[TxSend Status] ");
	assert_string_equal(suffix, " (0xc0000001(STATUS_UNSUCCESSFUL) w)");
	NdisDmaWppTraceSite(&site, prefix, suffix, 2, L"wide %s %hs %!COMPNAME! %d", L"a", "b", 7);
	NdisDmaWppTraceSite(&site, "--> %!FUNC!", NULL, 1, "");
	NdisDmaWppTraceSite(&site, "", "", 4, "x");
	assert_string_equal(take_log(),
			    "WPP Tx.c:3: [TxSend Status] wide a b TxComp 7 (0xc0000001(STATUS_UNSUCCESSFUL) w)\n"
			    "WPP Tx.c:3: --> %!FUNC!\n"
			    "WPP Tx.c:3: [a wide format needs 16-bit wchar_t: -fshort-wchar]\n");
	/* the message is cut at 1024 bytes with its prefix and suffix counted */
	char big[1500];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	NdisDmaWppTraceSite(&site, "pre ", " suf", 1, "%s", big);
	assert_non_null(strstr(take_log(), " [cut at 1024 bytes: 484 more]\n"));
	NdisDmaWppAffix(&site, NULL, 0, 1, "x");   /* nothing to do, no crash */
	teardown_log(&t);
}

static void test_public_session(void **state)
{
	struct ndisdma_machine *m;
	char err[128];

	assert_int_equal(ndisdma_machine_create(NULL, &m, err, sizeof(err)), 0);
	assert_int_equal(atomic_load(&m->k->debug.wpp_level), 0);
	assert_int_equal(atomic_load(&m->k->debug.wpp_flags), 0);
	ndisdma_trace_session(m, 5, 0x3);
	assert_int_equal(atomic_load(&m->k->debug.wpp_level), 5);
	assert_int_equal(atomic_load(&m->k->debug.wpp_flags), 0x3);
	ndisdma_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_cleanup),
		cmocka_unit_test(test_trace_line),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_site_types),
		cmocka_unit_test(test_site_affixes),
		cmocka_unit_test(test_public_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

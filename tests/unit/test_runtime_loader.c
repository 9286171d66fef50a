/* test_runtime_loader.c — loading miniports from shared objects (spec §13):
 * each failure is one clear line, and a good miniport loads, initializes,
 * runs, halts and unloads cleanly.  The .so files are built at test time
 * from tests/drivers/ (tests/runtime_so.cmake).
 */
#include "runtime_miniport.h"

#include <stdio.h>
#include <unistd.h>

static void expect_load_error(const char *path, const char *needle)
{
	struct rt_fixture f;
	struct ndisdma_driver *d = (void *)1;
	char err[512] = "";

	rt_fixture_setup(&f);
	assert_int_not_equal(ndisdma_driver_load(f.m, path, &d, err, sizeof(err)), 0);
	assert_null(d);
	if (!strstr(err, needle))
		fail_msg("'%s' lacks '%s'", err, needle);
	assert_null(strchr(err, '\n'));   /* one line */
	print_message("load error: %s\n", err);
	rt_fixture_teardown(&f);
}

static void missing_file(void **state)
{
	(void)state;
	expect_load_error(RT_SO_DIR "/does-not-exist.so", "No such file or directory");
}

static void text_file_named_so(void **state)
{
	char path[] = RT_SO_DIR "/x.so";
	FILE *fp = fopen(path, "w");

	(void)state;
	assert_non_null(fp);
	fputs("this is not an ELF file\n", fp);
	fclose(fp);
	expect_load_error(path, "not a shared object");
	unlink(path);
}

static void no_driver_entry(void **state)
{
	(void)state;
	expect_load_error(RT_SO_NO_ENTRY, "exports no DriverEntry");
}

/* Every missing name at once, one line each with its family, in family
 * order; wcslen resolves in the C library but with a 32-bit wchar_t. */
static void unresolved_calls_listed(void **state)
{
	static const char *const lines[] = {
		"rt_unresolved.so: 5 names ndisdma does not provide:",
		"  NdisNotProvidedByNdisdma ",
		"  KeNotProvidedByNdisdma ",
		"  RtlNotProvidedByNdisdma ",
		"  _snwprintf ",
		"  wcslen ",
	};
	static const char *const families[] = {
		"", " Ndis", " Ke (kernel executive)", " Rtl (run-time library)",
		" C runtime", " C runtime: the C library's has another meaning",
	};
	struct rt_fixture f;
	struct ndisdma_driver *d = (void *)1;
	char err[4096] = "";
	const char *at = err;

	(void)state;
	rt_fixture_setup(&f);
	assert_int_not_equal(ndisdma_driver_load(f.m, RT_SO_UNRESOLVED, &d, err, sizeof(err)), 0);
	assert_null(d);
	print_message("load error: %s\n", err);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *eol = strchr(at, '\n');
		size_t len = eol ? (size_t)(eol - at) : strlen(at);
		char line[512];

		assert_true(len < sizeof(line));
		memcpy(line, at, len);
		line[len] = '\0';
		if (strstr(line, lines[i]) == NULL || strstr(line, families[i]) == NULL)
			fail_msg("line %zu '%s' lacks '%s' and '%s'", i, line, lines[i], families[i]);
		at = eol ? eol + 1 : at + len;
	}
	assert_int_equal(*at, '\0');   /* nothing else */
	rt_fixture_teardown(&f);
}

/* A small buffer still gets whole lines and says how many are left. */
static void unresolved_list_truncated(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d = (void *)1;
	char err[200] = "";

	(void)state;
	rt_fixture_setup(&f);
	assert_int_not_equal(ndisdma_driver_load(f.m, RT_SO_UNRESOLVED, &d, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "5 names ndisdma does not provide:"));
	assert_non_null(strstr(err, "more"));
	rt_fixture_teardown(&f);
}

static void driver_entry_fails(void **state)
{
	(void)state;
	expect_load_error(RT_SO_FAILING_ENTRY, "DriverEntry failed with status 0xC0000001");
}

static void good_miniport_runs(void **state)
{
	static const char *const params[] = { "DmaBits=32", NULL };
	struct ndisdma_adapter_params p = { .name = "good0", .mmio_length = 0x1000,
					    .mmio_base = 0xFEB00000, .params = params };
	struct ndisdma_adapter_stats s;
	struct ndisdma_driver *d = NULL, *builtin;
	struct ndisdma_adapter *a = NULL;
	struct rt_fixture f;
	char err[512] = "";

	(void)state;
	rt_fixture_setup(&f);
	if (ndisdma_driver_load(f.m, RT_SO_GOOD_MINIPORT, &d, err, sizeof(err)))
		fail_msg("%s", err);
	builtin = tm_load(&f);   /* a built-in miniport beside it */
	if (ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(ndisdma_adapter_restart(a, err, sizeof(err)), 0);
	ndisdma_adapter_stats(a, &s);
	assert_true(s.mac_valid);
	assert_int_equal(s.mac[5], 0x55);
	assert_int_equal(ndisdma_adapter_pause(a, err, sizeof(err)), 0);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	ndisdma_driver_unload(builtin);
	rt_fixture_teardown(&f);
}

/* Without DmaBits=32 the good miniport fails its initialization cleanly. */
static void good_miniport_refuses_config(void **state)
{
	struct ndisdma_driver *d = NULL;
	struct ndisdma_adapter *a = NULL;
	struct rt_fixture f;
	char err[512] = "";

	(void)state;
	rt_fixture_setup(&f);
	assert_int_equal(ndisdma_driver_load(f.m, RT_SO_GOOD_MINIPORT, &d, err, sizeof(err)), 0);
	assert_int_not_equal(ndisdma_adapter_initialize(d, NULL, &a, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "0xC0000001"));
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_file),
		cmocka_unit_test(text_file_named_so),
		cmocka_unit_test(no_driver_entry),
		cmocka_unit_test(unresolved_calls_listed),
		cmocka_unit_test(unresolved_list_truncated),
		cmocka_unit_test(driver_entry_fails),
		cmocka_unit_test(good_miniport_runs),
		cmocka_unit_test(good_miniport_refuses_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

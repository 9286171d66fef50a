/* test_error_log.c — NdisWriteErrorLogEntry (issue 11, facts §6.5,
 * src/ndis/error_log.c): each entry is a run-log line with the code's name
 * and values, a warning-level ERROR-LOG report in the JSON lines and the
 * SARIF output (level "warning"), counted per adapter; unknown codes and
 * long value lists are shown as such; the IRQL rule (<= DISPATCH) holds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "runtime_miniport.h"

struct captured {
	char *buf;
	size_t len;
	FILE *f;
};

static void test_error_log_everywhere(void **state)
{
	struct captured log = { 0 }, json = { 0 }, sarif = { 0 };
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_device_stats ds;
	struct ndisdma_config c;
	char err[256];

	(void)state;
	tm_reset();
	log.f = open_memstream(&log.buf, &log.len);
	json.f = open_memstream(&json.buf, &json.len);
	sarif.f = open_memstream(&sarif.buf, &sarif.len);
	ndisdma_config_init(&c);
	c.log = log.f;
	c.report_json = json.f;
	c.report_text = NULL;
	assert_int_equal(ndisdma_machine_create(&c, &m, err, sizeof(err)), 0);
	ndisdma_thread_enter(m);
	assert_int_equal(ndisdma_driver_load_builtin(m, "tm", tm_driver_entry, &d, err,
						     sizeof(err)), 0);
	assert_int_equal(ndisdma_adapter_initialize(d, NULL, &a, err, sizeof(err)), 0);

	NdisWriteErrorLogEntry(a->na.handle, NDIS_ERROR_CODE_TIMEOUT, 2, 0x11ul, 0x22ul);
	NdisWriteErrorLogEntry(a->na.handle, 0xC0001399ul, 0);   /* not an NDIS code */
	NdisWriteErrorLogEntry(a->na.handle, NDIS_ERROR_CODE_OUT_OF_RESOURCES, 18,
			       1ul, 2ul, 3ul, 4ul, 5ul, 6ul, 7ul, 8ul, 9ul, 10ul, 11ul, 12ul,
			       13ul, 14ul, 15ul, 16ul, 17ul, 18ul);
	kernel_set_irql(KIRQL_DISPATCH);   /* allowed up to DISPATCH_LEVEL */
	NdisWriteErrorLogEntry(a->na.handle, NDIS_ERROR_CODE_ADAPTER_DISABLED, 1, 0x33ul);
	kernel_set_irql(KIRQL_PASSIVE);
	ndisdma_adapter_device_stats(a, &ds);
	assert_int_equal(ds.error_log_entries, 4);
	assert_int_equal(ndisdma_report_count(m, "ERROR-LOG"), 4);
	assert_int_equal(ndisdma_report_errors(m), 0);   /* warnings only */
	assert_int_equal(ndisdma_reports_write_sarif(m, sarif.f), 0);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(m);
	fclose(log.f);
	fclose(json.f);
	fclose(sarif.f);

	/* the run log: the code's name and values */
	assert_non_null(strstr(log.buf, "error log: NDIS_ERROR_CODE_TIMEOUT (0x8000138F), "
				       "2 values: 0x00000011 0x00000022"));
	assert_non_null(strstr(log.buf, "error log: unknown code (0xC0001399), 0 values:"));
	assert_non_null(strstr(log.buf, "0x00000010 (+2 more)"));
	assert_non_null(strstr(log.buf, "NDIS_ERROR_CODE_ADAPTER_DISABLED (0x80001396)"));
	/* JSON lines: one object per entry */
	assert_non_null(strstr(json.buf, "\"rule\":\"ERROR-LOG\""));
	assert_non_null(strstr(json.buf, "\"severity\":\"warning\""));
	assert_non_null(strstr(json.buf, "NDIS_ERROR_CODE_OUT_OF_RESOURCES (0xC0001389), 18 values"));
	/* SARIF: a warning-level result of the documented rule */
	{
		const char *r = strstr(sarif.buf, "\"ruleId\":\"ERROR-LOG\"");
		const char *l = r ? strstr(r, "\"level\":") : NULL;

		assert_non_null(r);
		assert_non_null(l);
		assert_memory_equal(l + 8, "\"warning\"", 9);
	}
	assert_non_null(strstr(sarif.buf, "NDIS_ERROR_CODE_TIMEOUT (0x8000138F), 2 values: "
					 "0x00000011 0x00000022"));
	free(log.buf);
	free(json.buf);
	free(sarif.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_log_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

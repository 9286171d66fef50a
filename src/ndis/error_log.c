/* error_log.c — NdisWriteErrorLogEntry (facts §6.5).  Windows writes an
 * event-log record (message id = the NDIS_ERROR_CODE, i.e. EVENT_NDIS_*)
 * with the ULONG values as dump data.  ndisdma has no event log: each entry
 * is one line of the run log, with the code's name and the values, and a
 * warning-level ERROR-LOG report, so it lands in the text, JSON and SARIF
 * reports beside the verifier's findings (docs/verifier-rules.md).  The
 * adapter counts the entries (device stats error_log_entries).
 *
 * The record size is capped on Windows (ERROR_LOG_MAXIMUM_SIZE), so drivers
 * pass a few values; ndisdma shows the first NDIS_ERROR_LOG_SHOWN of them
 * and says how many more there were.
 */
#include <stdarg.h>
#include <stdio.h>

#include "ndis/ndis_internal.h"

#define NDIS_ERROR_LOG_SHOWN 16u

struct error_code_name {
	NDIS_ERROR_CODE code;
	const char *name;
};

#define CODE(n) { NDIS_ERROR_CODE_##n, "NDIS_ERROR_CODE_" #n }
static const struct error_code_name names[] = {
	CODE(RESOURCE_CONFLICT), CODE(OUT_OF_RESOURCES), CODE(HARDWARE_FAILURE),
	CODE(ADAPTER_NOT_FOUND), CODE(INTERRUPT_CONNECT), CODE(DRIVER_FAILURE),
	CODE(BAD_VERSION), CODE(TIMEOUT), CODE(NETWORK_ADDRESS),
	CODE(UNSUPPORTED_CONFIGURATION), CODE(INVALID_VALUE_FROM_ADAPTER),
	CODE(MISSING_CONFIGURATION_PARAMETER), CODE(BAD_IO_BASE_ADDRESS),
	CODE(RECEIVE_SPACE_SMALL), CODE(ADAPTER_DISABLED),
};
#undef CODE

const char *ndis_error_code_name(NDIS_ERROR_CODE code)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return NULL;
}

VOID __cdecl NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode,
				    ULONG NumberOfErrorValues, ...)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct vf_facts f = { .irql = -1, .call_site = site, .handle = NdisAdapterHandle };
	const char *name = ndis_error_code_name(ErrorCode);
	struct ndis_adapter *a;
	char values[16 * NDIS_ERROR_LOG_SHOWN + 48] = "";
	size_t used = 0;
	va_list ap;

	ndis_check_irql(k, "NdisWriteErrorLogEntry", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	a = ndis_adapter_from_handle(NdisAdapterHandle, "NdisWriteErrorLogEntry", site);
	if (!a)
		return;
	va_start(ap, NumberOfErrorValues);
	for (ULONG i = 0; i < NumberOfErrorValues && i < NDIS_ERROR_LOG_SHOWN; i++) {
		int n = snprintf(values + used, sizeof(values) - used, " 0x%08X",
				 (unsigned)va_arg(ap, ULONG));
		used += n > 0 ? (size_t)n : 0;
	}
	va_end(ap);
	if (NumberOfErrorValues > NDIS_ERROR_LOG_SHOWN)
		snprintf(values + used, sizeof(values) - used, " (+%u more)",
			 (unsigned)(NumberOfErrorValues - NDIS_ERROR_LOG_SHOWN));
	kernel_count(a->k, &a->error_log_entries, 1);
	kernel_trace(k, "  error log: %s (0x%08X), %u value%s:%s", name ? name : "unknown code",
		     (unsigned)ErrorCode, (unsigned)NumberOfErrorValues,
		     NumberOfErrorValues == 1 ? "" : "s", values);
	vf_report(k->verifier, VF_ERROR_LOG, &f, "NdisWriteErrorLogEntry: %s (0x%08X), %u value%s:%s",
		  name ? name : "unknown code", (unsigned)ErrorCode, (unsigned)NumberOfErrorValues,
		  NumberOfErrorValues == 1 ? "" : "s", values);
}

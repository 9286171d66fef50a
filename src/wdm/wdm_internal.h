/* wdm_internal.h — what every src/wdm family file shares: the WDK
 * declarations, the machine's kernel, the verifier, and the two checks each
 * exported routine makes (its miniport call site, its IRQL rule).
 *
 * src/wdm sits beside src/ndis on src/kernel: src/ndis may call src/wdm,
 * never the reverse (docs/ARCHITECTURE.md).
 */
#ifndef NDISDMA_WDM_INTERNAL_H
#define NDISDMA_WDM_INTERNAL_H

#include <ntddk.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"
#include "verifier/verifier.h"

/* The miniport call site of an exported routine (spec §10: reports name
 * the driver's call).  Use only directly inside the exported function. */
#define WDM_CALLER() __builtin_return_address(0)

/* True when min <= current IRQL <= max; otherwise reports IRQL naming
 * `api` and the allowed range (spec §9) and returns false.  Every
 * exported routine asks, so the passing check is inline and only a
 * violation calls out (wdm_irql_report). */
bool wdm_irql_report(struct kernel *k, const char *api, uint8_t min, uint8_t max,
		     const void *site);
static inline bool wdm_check_irql(struct kernel *k, const char *api, uint8_t min,
				  uint8_t max, const void *site)
{
	uint8_t irql = kernel_irql();

	if (__builtin_expect(irql >= min && irql <= max, 1))
		return true;
	return wdm_irql_report(k, api, min, max, site);
}

/* dbg_print.c: text[0..n) as one log line (trailing newlines dropped,
 * control characters escaped); out holds 4 * n + 1 bytes. */
void wdm_debug_one_line(const char *text, size_t n, char *out);

#endif

/* fmt_wpp_names.h — symbolic names of status codes for WPP's %!STATUS!,
 * %!HRESULT! and %!WINERROR! (fmt_wpp_names.c).  NULL: no name known. */
#ifndef NDISDMA_FMT_WPP_NAMES_H
#define NDISDMA_FMT_WPP_NAMES_H

#include <stdint.h>

#include "fmt/fmt.h"

/* fmt_wpp_table.c: the extensions, what each prints and takes. */
enum wpp_kind {
	K_FILE, K_LINE, K_FUNC, K_LEVEL, K_FLAGS, K_COMPNAME, K_EMPTY,
	K_BOOL, K_IRQL, K_SID, K_GUID, K_DELTA, K_TIME, K_STATUS, K_WINERROR,
	K_HRESULT, K_IPADDR, K_PORT, K_MACADDR, K_IPV6ADDR,
};

struct fmt_wpp_ext {
	const char *name;
	enum wpp_kind kind;
	enum fmt_wpp_arg arg;
};


const char *fmt_wpp_ntstatus_name(uint32_t status);
const char *fmt_wpp_hresult_name(uint32_t hr);
const char *fmt_wpp_winerror_name(uint32_t error);

#endif

/* fmt_wpp_names.h — symbolic names of status codes for WPP's %!STATUS!,
 * %!HRESULT! and %!WINERROR! (fmt_wpp_names.c).  NULL: no name known. */
#ifndef NDISDMA_FMT_WPP_NAMES_H
#define NDISDMA_FMT_WPP_NAMES_H

#include <stdint.h>

const char *fmt_wpp_ntstatus_name(uint32_t status);
const char *fmt_wpp_hresult_name(uint32_t hr);
const char *fmt_wpp_winerror_name(uint32_t error);

#endif

/* wpp_types.h — a driver's own WPP types at run time (wpp_types.c). */
#ifndef NDISDMA_WDM_WPP_TYPES_H
#define NDISDMA_WDM_WPP_TYPES_H

#include "fmt/fmt.h"

/* The formatter's custom hook (struct fmt_wpp): %!name! of one of the
 * site's types (custom_context is the NDISDMA_WPP_SITE). */
bool wpp_custom_type(const struct fmt_wpp *site, const char *name, size_t len,
		     va_list *ap, char *buf, size_t size);

#endif

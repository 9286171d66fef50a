/* fmt_wpp_table.c — the table of WPP extended format specs (wpp facts
 * §1.10; docs/wpp.md "Format extensions"): the formatter prints them
 * (fmt_wpp.c) and ndisdma-wpp checks trace calls against the same table.
 */
#include "fmt/fmt_wpp_names.h"

#include <string.h>
#include <strings.h>

static const struct fmt_wpp_ext exts[] = {
	{ "FILE", K_FILE, WPP_ARG_NONE }, { "LINE", K_LINE, WPP_ARG_NONE },
	{ "FUNC", K_FUNC, WPP_ARG_NONE }, { "LEVEL", K_LEVEL, WPP_ARG_NONE },
	{ "FLAGS", K_FLAGS, WPP_ARG_NONE }, { "COMPNAME", K_COMPNAME, WPP_ARG_NONE },
	/* the log line's own head is the prefix; no sub-components */
	{ "SUBCOMP", K_EMPTY, WPP_ARG_NONE }, { "STDPREFIX", K_EMPTY, WPP_ARG_NONE },
	{ "bool", K_BOOL, WPP_ARG_INT32 }, { "irql", K_IRQL, WPP_ARG_INT32 },
	{ "sid", K_SID, WPP_ARG_POINTER }, { "GUID", K_GUID, WPP_ARG_POINTER },
	{ "CLSID", K_GUID, WPP_ARG_POINTER }, { "IID", K_GUID, WPP_ARG_POINTER },
	{ "LIBID", K_GUID, WPP_ARG_POINTER },
	{ "delta", K_DELTA, WPP_ARG_INT64 }, { "WAITTIME", K_DELTA, WPP_ARG_INT64 },
	{ "due", K_DELTA, WPP_ARG_INT64 },
	{ "TIMESTAMP", K_TIME, WPP_ARG_INT64 }, { "datetime", K_TIME, WPP_ARG_INT64 },
	{ "TIME", K_TIME, WPP_ARG_INT64 },
	{ "STATUS", K_STATUS, WPP_ARG_INT32 }, { "NTSTATUS", K_STATUS, WPP_ARG_INT32 },
	{ "NDIS_STATUS", K_STATUS, WPP_ARG_INT32 },
	{ "WINERROR", K_WINERROR, WPP_ARG_INT32 }, { "NTerror", K_WINERROR, WPP_ARG_INT32 },
	{ "HRESULT", K_HRESULT, WPP_ARG_INT32 },
	{ "IPADDR", K_IPADDR, WPP_ARG_POINTER }, { "PORT", K_PORT, WPP_ARG_INT32 },
	{ "MACADDR", K_MACADDR, WPP_ARG_POINTER }, { "IPV6ADDR", K_IPV6ADDR, WPP_ARG_POINTER },
};

const struct fmt_wpp_ext *fmt_wpp_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strlen(exts[i].name) == len && strncasecmp(exts[i].name, name, len) == 0)
			return &exts[i];
	return NULL;
}

enum fmt_wpp_arg fmt_wpp_arg_of(const struct fmt_wpp_ext *ext)
{
	return ext->arg;
}


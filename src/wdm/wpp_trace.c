/* wpp_trace.c — NdisDmaWppInit, NdisDmaWppCleanup, NdisDmaWppTrace: what
 * the macros of an ndisdma-wpp .tmh call (include/wdk/ndisdma_wdk_wpp.h,
 * docs/wpp.md; wpp facts §1.5, §1.6, §1.10).
 *
 * Windows hands an enabled message to ETW and a consumer formats it later;
 * here it is formatted at once by src/fmt (Microsoft printf rules plus the
 * %!x! extensions, never glibc's printf) and written as one line of the
 * run's log: "WPP file.c:42: text".  Which messages are enabled is the
 * driver's own ENABLED test against its control blocks, which
 * WPP_INIT_TRACING fills from the machine's session (kernel.h,
 * struct kernel_debug: `ndisdma run --trace LEVEL[:FLAGS]`).
 */
#include "wdm/wdm_internal.h"

#include <stdio.h>
#include <string.h>

#include "fmt/fmt.h"
#include "ndisdma_wdk_wpp.h"

#define WPP_TEXT_MAX 1024   /* bytes of one message; longer is cut and marked */

VOID NdisDmaWppInit(NDISDMA_WPP_CONTROL_BLOCK *Blocks, ULONG Count)
{
	struct kernel *k = kernel_current();
	uint32_t level = k != NULL ? atomic_load(&k->debug.wpp_level) : 0;
	uint32_t flags = k != NULL ? atomic_load(&k->debug.wpp_flags) : 0;

	for (ULONG i = 0; Blocks != NULL && i < Count; i++) {
		Blocks[i].FlagsLen = 1;
		Blocks[i].Level = (UCHAR)level;
		Blocks[i].Flags[0] = flags;
		Blocks[i].Initialized = TRUE;
	}
}

VOID NdisDmaWppCleanup(NDISDMA_WPP_CONTROL_BLOCK *Blocks, ULONG Count)
{
	for (ULONG i = 0; Blocks != NULL && i < Count; i++) {
		Blocks[i].Level = 0;
		Blocks[i].Flags[0] = 0;
		Blocks[i].Initialized = FALSE;
	}
}

static const char *base_name(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	return slash != NULL ? slash + 1 : path != NULL ? path : "?";
}

VOID NdisDmaWppTrace(const char *File, ULONG Line, const char *Function,
		     const char *Level, const char *Flags, const char *CompName,
		     const char *Format, ...)
{
	struct kernel *k = kernel_current();
	struct fmt_wpp site = { File, Line, Function, Level, Flags, CompName };
	struct fmt_options options = { 0, Function, NULL, &site };
	char text[WPP_TEXT_MAX], line[4 * WPP_TEXT_MAX + 1], cut[64] = "";
	struct fmt_result r;
	va_list ap;
	FILE *out = k != NULL ? k->config.trace_file : stderr;

	if (out == NULL)
		return;
	va_start(ap, Format);
	r = fmt_vformat(text, sizeof(text), Format, ap, &options);
	va_end(ap);
	size_t n = r.truncated ? strlen(text) : r.length;
	wdm_debug_one_line(text, n, line);
	if (r.truncated)
		snprintf(cut, sizeof(cut), " [cut at %u bytes: %zu more]", WPP_TEXT_MAX,
			 r.length - n);
	flockfile(out);   /* one locked write: lines of threads never interleave */
	fprintf(out, "WPP %s:%u: %s%s\n", base_name(File), (unsigned)Line, line, cut);
	fflush(out);
	funlockfile(out);
}

/* wpp_trace.c — NdisDmaWppInit, NdisDmaWppCleanup, NdisDmaWppTrace,
 * NdisDmaWppTraceSite, NdisDmaWppAffix: what the macros of an ndisdma-wpp
 * .tmh call (include/wdk/ndisdma_wdk_wpp.h,
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
#include "wdm/wpp_types.h"

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

static void site_options(const NDISDMA_WPP_SITE *site, struct fmt_wpp *w,
			 struct fmt_options *o)
{
	*w = (struct fmt_wpp){ site->File, site->Line, site->Function, site->Level,
			       site->Flags, site->CompName, site->ArgBase, wpp_custom_type, site };
	*o = (struct fmt_options){ 0, site->Function, NULL, w };
}

/* Format (narrow, or UTF-16 when unit is 2) into buf, UTF-8. */
static struct fmt_result format(char *buf, size_t size, SIZE_T unit, const VOID *fmt,
				va_list ap, const struct fmt_options *o)
{
	static const char wrong[] = "[a wide format needs 16-bit wchar_t: -fshort-wchar]";

	if (unit == 2)
		return fmt_vformat_wide_to_narrow(buf, size, fmt, ap, o);
	if (unit == 1)
		return fmt_vformat(buf, size, fmt, ap, o);
	snprintf(buf, size, "%s", wrong);
	return (struct fmt_result){ .length = sizeof(wrong) - 1, .refused = true };
}

/* A message traced to a log the driver created (an IFRLOG argument) is
 * marked with the log's identifier: "[rxlog] "; the default log and a
 * NULL one are not marked. */
static const char *log_mark(const VOID *log, char *mark)
{
	const NDISDMA_RECORDER_LOG *l = log;

	if (l == NULL || l->Magic != NDISDMA_RECORDER_LOG_MAGIC || l->Default)
		return "";
	snprintf(mark, RECORDER_LOG_IDENTIFIER_MAX_CHARS + 16, "[%.*s] ",
		 (int)sizeof(l->Identifier), l->Identifier);
	return mark;
}

/* "WPP file.c:42: prefix message suffix" as one line of the run's log; at
 * most WPP_TEXT_MAX bytes of text are kept, and a cut line says so. */
static void trace(const NDISDMA_WPP_SITE *site, const char *prefix, const char *suffix,
		  SIZE_T unit, const VOID *fmt, va_list ap)
{
	struct kernel *k = kernel_current();
	FILE *out = k != NULL ? k->config.trace_file : stderr;
	char text[WPP_TEXT_MAX], line[4 * WPP_TEXT_MAX + 1], cut[64] = "";
	char mark[RECORDER_LOG_IDENTIFIER_MAX_CHARS + 16];
	size_t plen, slen = strlen(suffix), kept;
	struct fmt_options o;
	struct fmt_wpp w;

	if (out == NULL)
		return;
	site_options(site, &w, &o);
	snprintf(text, sizeof(text), "%s%s", log_mark(site->Log, mark), prefix);
	kept = plen = strlen(text);
	struct fmt_result r = format(text + kept, sizeof(text) - kept, unit, fmt, ap, &o);
	kept = strlen(text);
	snprintf(text + kept, sizeof(text) - kept, "%s", suffix);
	kept = strlen(text);
	size_t whole = plen + r.length + slen;
	wdm_debug_one_line(text, kept, line);
	if (whole > kept)
		snprintf(cut, sizeof(cut), " [cut at %u bytes: %zu more]", WPP_TEXT_MAX,
			 whole - kept);
	flockfile(out);   /* one locked write: lines of threads never interleave */
	fprintf(out, "WPP %s:%u: %s%s\n", base_name(site->File), (unsigned)site->Line, line, cut);
	fflush(out);
	funlockfile(out);
}

VOID NdisDmaWppTrace(const char *File, ULONG Line, const char *Function,
		     const char *Level, const char *Flags, const char *CompName,
		     const char *Format, ...)
{
	NDISDMA_WPP_SITE site = { File, Line, Function, Level, Flags, CompName, 1, 0, NULL, NULL };
	va_list ap;

	va_start(ap, Format);
	trace(&site, "", "", 1, Format, ap);
	va_end(ap);
}

VOID NdisDmaWppTraceSite(const NDISDMA_WPP_SITE *Site, const char *Prefix,
			 const char *Suffix, SIZE_T Unit, const VOID *Format, ...)
{
	va_list ap;

	va_start(ap, Format);
	trace(Site, Prefix != NULL ? Prefix : "", Suffix != NULL ? Suffix : "", Unit, Format, ap);
	va_end(ap);
}

VOID NdisDmaWppAffix(const NDISDMA_WPP_SITE *Site, char *Buffer, SIZE_T Size,
		     SIZE_T Unit, const VOID *Format, ...)
{
	struct fmt_options o;
	struct fmt_wpp w;
	va_list ap;

	if (Buffer == NULL || Size == 0)
		return;
	site_options(Site, &w, &o);
	va_start(ap, Format);
	format(Buffer, Size, Unit, Format, ap, &o);
	va_end(ap);
}

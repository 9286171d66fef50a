/* dbg_print.c — DbgPrint, DbgPrintEx, vDbgPrintEx, vDbgPrintExWithPrefix
 * (facts §7; docs/debug.md "Debug output").
 *
 * A message is formatted by src/fmt with Microsoft printf rules (never
 * glibc's; no floating point, as DbgPrint documents) and goes to the run's
 * log as one line: "DbgPrint: text" or "DbgPrintEx IHVNETWORK ERROR: text".
 * Windows sends at most 512 bytes per call; longer text is cut there and
 * the line says how much was left out.  Trailing newlines end the line;
 * other control characters are escaped (\n, \r, \xHH) so a call is always
 * one line.  The component/level filter is the machine's (kernel.h,
 * struct kernel_debug).  A Unicode conversion (%wZ %ws %S %C %lc %ls %wc)
 * above PASSIVE_LEVEL is an IRQL report: Windows documents them as
 * PASSIVE-only.  Outside any machine the line goes to stderr.
 */
#include "wdm/rtl_internal.h"

#include <stdio.h>
#include <string.h>

#include "fmt/fmt.h"

#undef DbgPrint
#undef DbgPrintEx

#define DBG_TEXT_MAX 512   /* bytes Windows transmits per call */

/* Level 0-31 is the mask 1 << Level; 32 and above is the mask itself
 * (DPFLTR_MASK marks it and is not a level bit). */
static uint32_t level_mask(ULONG level)
{
	return level < 32 ? 1u << level : level & ~(uint32_t)DPFLTR_MASK;
}

static bool filtered_in(struct kernel *k, ULONG component, ULONG level)
{
	uint32_t filter;

	if (k == NULL)
		return true;
	filter = atomic_load_explicit(&k->debug.system_mask, memory_order_relaxed);
	if (component < KERNEL_DBG_COMPONENTS)
		filter |= atomic_load_explicit(&k->debug.component_mask[component],
					       memory_order_relaxed);
	return (level_mask(level) & filter) != 0;
}

static const char *component_name(ULONG component, char *buf, size_t len)
{
	static const char *const ihv[] = { "IHVDRIVER", "IHVVIDEO", "IHVAUDIO",
					   "IHVNETWORK", "IHVSTREAMING", "IHVBUS" };

	if (component >= DPFLTR_IHVDRIVER_ID && component <= DPFLTR_IHVBUS_ID)
		return ihv[component - DPFLTR_IHVDRIVER_ID];
	if (component == DPFLTR_DEFAULT_ID)
		return "DEFAULT";
	snprintf(buf, len, "component %u", component);
	return buf;
}

static const char *level_name(ULONG level, char *buf, size_t len)
{
	static const char *const names[] = { "ERROR", "WARNING", "TRACE", "INFO" };

	if (level < 4)
		return names[level];
	if (level < 32)
		snprintf(buf, len, "level %u", level);
	else
		snprintf(buf, len, "mask 0x%X", level_mask(level));
	return buf;
}

/* Bytes of `s` that end on a whole UTF-8 character (a cut one is dropped). */
static size_t whole_characters(const char *s, size_t n)
{
	size_t i = n, back = 0;

	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--, back++;
	if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
		return n;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
	return back >= need ? n : i - 1;
}

/* The text as one log line: trailing newlines dropped, control
 * characters escaped.  out holds 4 * n + 1 (wpp_trace.c uses it too). */
void wdm_debug_one_line(const char *text, size_t n, char *out)
{
	size_t o = 0;

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n' || c == '\r') {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : 'r';
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			o += (size_t)snprintf(out + o, 5, "\\x%02X", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

static void emit(struct kernel *k, const char *head, const char *text,
		 const struct fmt_result *r)
{
	char line[4 * DBG_TEXT_MAX + 1], cut[64] = "";
	size_t n = r->truncated ? whole_characters(text, DBG_TEXT_MAX - 1) : r->length;

	wdm_debug_one_line(text, n, line);
	if (r->truncated)
		snprintf(cut, sizeof(cut), " [cut at %u bytes: %zu more]", DBG_TEXT_MAX,
			 r->length - n);
	FILE *out = k != NULL ? k->config.trace_file : stderr;

	if (out == NULL)
		return;
	/* one locked write: lines of several threads never interleave */
	flockfile(out);
	fprintf(out, "%s: %s%s\n", head, line, cut);
	fflush(out);
	funlockfile(out);
}

/* Every entry point: filter, format, check the IRQL rule, print. */
static ULONG print(const char *api, ULONG component, ULONG level, const char *prefix,
		   const char *format, va_list ap, const void *caller)
{
	struct kernel *k = kernel_current();
	struct fmt_options options = { FMT_NO_FLOAT, wdm_take_caller_function(), caller, NULL };
	char text[DBG_TEXT_MAX], head[96], cbuf[24], lbuf[24];
	size_t plen = prefix != NULL ? strnlen(prefix, DBG_TEXT_MAX - 1) : 0;
	struct fmt_result r;

	if (format == NULL)
		return (ULONG)STATUS_INVALID_PARAMETER;
	if (!filtered_in(k, component, level))
		return STATUS_SUCCESS;
	memcpy(text, prefix != NULL ? prefix : "", plen);
	r = fmt_vformat(text + plen, sizeof(text) - plen, format, ap, &options);
	r.length += plen;
	r.truncated = r.length >= sizeof(text);
	if (r.converted)
		wdm_check_irql(k, "DbgPrint with a Unicode conversion (%wZ %ws %S %C %lc %ls %wc)",
			       PASSIVE_LEVEL, PASSIVE_LEVEL, caller);
	if (strcmp(api, "DbgPrint") == 0)
		snprintf(head, sizeof(head), "DbgPrint");
	else
		snprintf(head, sizeof(head), "DbgPrintEx %s %s",
			 component_name(component, cbuf, sizeof(cbuf)),
			 level_name(level, lbuf, sizeof(lbuf)));
	emit(k, head, text, &r);
	return STATUS_SUCCESS;
}

ULONG DbgPrint(PCSTR Format, ...)
{
	va_list ap;
	ULONG status;

	va_start(ap, Format);
	status = print("DbgPrint", DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, NULL, Format, ap,
		       WDM_CALLER());
	va_end(ap);
	return status;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list ap;
	ULONG status;

	va_start(ap, Format);
	status = print("DbgPrintEx", ComponentId, Level, NULL, Format, ap, WDM_CALLER());
	va_end(ap);
	return status;
}

ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
	return print("vDbgPrintEx", ComponentId, Level, NULL, Format, arglist, WDM_CALLER());
}

ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format,
			    va_list arglist)
{
	return print("vDbgPrintExWithPrefix", ComponentId, Level, Prefix, Format, arglist,
		     WDM_CALLER());
}

/* debug.c — DbgPrint / DbgPrintEx: a miniport's debug output goes to the
 * machine's log (kernel_trace), one line per call, prefixed "DbgPrint:".
 *
 * Windows format strings have conversions glibc does not know (%wZ for a
 * PUNICODE_STRING, %ws and %S for wide strings); each becomes %p, which
 * consumes the same pointer argument, so a driver's format never crashes
 * the host.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ndis/ndis_internal.h"

static void windows_format(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; in[i] && o + 3 < len; i++) {
		if (in[i] == '%' && (!strncmp(in + i, "%wZ", 3) ||
				     !strncmp(in + i, "%ws", 3))) {
			memcpy(out + o, "%p", 2);
			o += 2;
			i += 2;
		} else if (in[i] == '%' && (in[i + 1] == 'S' || in[i + 1] == 'Z')) {
			memcpy(out + o, "%p", 2);
			o += 2;
			i += 1;
		} else if (in[i] == '%' && in[i + 1] == '%') {
			memcpy(out + o, "%%", 2);
			o += 2;
			i += 1;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
}

static ULONG debug_print(const char *format, va_list ap)
{
	char fmt[512], line[1024];
	struct kernel *k = kernel_current();
	size_t n;

	if (!format)
		return (ULONG)STATUS_INVALID_PARAMETER;
	windows_format(format, fmt, sizeof(fmt));
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (k)
		kernel_trace(k, "DbgPrint: %s", line);
	else
		fprintf(stderr, "DbgPrint: %s\n", line);
	return STATUS_SUCCESS;
}

ULONG DbgPrint(PCSTR Format, ...)
{
	va_list ap;
	ULONG status;

	va_start(ap, Format);
	status = debug_print(Format, ap);
	va_end(ap);
	return status;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list ap;
	ULONG status;

	va_start(ap, Format);
	status = debug_print(Format, ap);
	va_end(ap);
	return status;
}

/*
 * conf_check.h — how a conformance miniport reports what it saw.
 *
 * The conformance miniports are written only against Microsoft's public
 * NDIS 6 documentation, as an independent driver author would.  Each one
 * checks documented behaviour itself (IRQLs, statuses, list coverage ...)
 * and counts failures here; the host (conf_host.c) reads the result through
 * the exported ConfGetResult after the lifecycle ends.  A driver global is
 * what a real driver would use for such a trace buffer.
 */
#ifndef CONF_CHECK_H
#define CONF_CHECK_H

#define CONF_MESSAGE_CHARS 200

typedef struct _CONF_RESULT {
	LONG Checks;
	LONG Failures;
	LONG FirstLine;
	CHAR First[CONF_MESSAGE_CHARS];
} CONF_RESULT;

static CONF_RESULT g_ConfResult;

static VOID
ConfCheck(BOOLEAN Ok, PCSTR What, LONG Line)
{
	ULONG i;

	NdisInterlockedIncrement(&g_ConfResult.Checks);
	if (Ok) {
		return;
	}
	if (NdisInterlockedIncrement(&g_ConfResult.Failures) != 1) {
		return;
	}
	g_ConfResult.FirstLine = Line;
	for (i = 0; i + 1 < CONF_MESSAGE_CHARS && What[i] != '\0'; i++) {
		g_ConfResult.First[i] = What[i];
	}
	g_ConfResult.First[i] = '\0';
}

#define CONF_CHECK(_c) ConfCheck((_c) ? TRUE : FALSE, #_c, __LINE__)
#define CONF_CHECK_IRQL(_irql) CONF_CHECK(KeGetCurrentIrql() == (_irql))
#define CONF_CHECK_IRQL_MAX(_irql) CONF_CHECK(KeGetCurrentIrql() <= (_irql))

/* The host's view: number of checks, failures, first failure. */
LONG ConfGetResult(LONG *Checks, PCSTR *FirstFailure, LONG *FirstLine);

LONG
ConfGetResult(LONG *Checks, PCSTR *FirstFailure, LONG *FirstLine)
{
	*Checks = g_ConfResult.Checks;
	*FirstFailure = g_ConfResult.First;
	*FirstLine = g_ConfResult.FirstLine;
	return g_ConfResult.Failures;
}

#endif

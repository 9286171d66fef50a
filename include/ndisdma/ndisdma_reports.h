/* ndisdma_reports.h — what a driver says and what is said about it: verifier
 * reports (spec §10), debug output, WPP sessions and bug checks.
 * Part of ndisdma's own API; <ndisdma/ndisdma.h> includes it.
 */
#ifndef NDISDMA_NDISDMA_REPORTS_H
#define NDISDMA_NDISDMA_REPORTS_H

#include "ndisdma/ndisdma.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- verifier reports (spec §10) ------------------------------------------ */

struct ndisdma_report {
	const char *rule;       /* stable id, e.g. "SGL-DOUBLE-FREE" */
	const char *severity;   /* "error" | "warning" */
	const char *windows;    /* closest Windows counterpart or "none" */
	const char *message;    /* one line */
	const char *site;       /* miniport call site, "" if unknown */
	const void *handle, *list, *nb;
	uint64_t address, length;
};

/* Number of reports of `rule` (NULL: all), repeats included. */
uint64_t ndisdma_report_count(const struct ndisdma_machine *m, const char *rule);
uint64_t ndisdma_report_errors(const struct ndisdma_machine *m);
/* The i-th stored report; false past the end. */
bool ndisdma_report_at(const struct ndisdma_machine *m, size_t i,
		       struct ndisdma_report *out);
void ndisdma_reports_clear(struct ndisdma_machine *m);
int ndisdma_reports_write_sarif(const struct ndisdma_machine *m, FILE *out);
/* Text: level, totals, then one line per rule that fired: id, count
 * (repeats included), severity (the text stream printed only the first). */
void ndisdma_reports_print_summary(const struct ndisdma_machine *m, FILE *out);

/* ---- a driver's debug output and bug checks (docs/debug.md) ------
 * DbgPrint, DbgPrintEx, vDbgPrintEx and KdPrint write one line each to the
 * machine's log (config.log; nothing with log NULL).  A message of level
 * mask L (Level 0-31: 1 << Level, else Level itself) from component C is
 * printed when L & (mask of C | the system-wide mask) != 0 (facts §7).
 * Default: system-wide mask 0xFFFFFFFF, every message is shown (Windows'
 * default, 0x1, shows errors only: set it to reproduce that).  component:
 * a DPFLTR component id 0-255 (77 IHVDRIVER, 80 IHVNETWORK, 101 DEFAULT)
 * or NDISDMA_DBGPRINT_SYSTEM.  Returns 0, or -EINVAL for another id. */
#define NDISDMA_DBGPRINT_SYSTEM (-1)
int ndisdma_dbgprint_filter(struct ndisdma_machine *m, int component, uint32_t mask);
/* The mask set for `component` (0 for an id past 255). */
uint32_t ndisdma_dbgprint_mask(const struct ndisdma_machine *m, int component);
/* WPP tracing (docs/wpp.md): the trace session a driver's
 * WPP_INIT_TRACING enables, one level (TRACE_LEVEL_*, 0-255: a message of
 * level <= it) and one flags mask for each of its control GUIDs.
 * Default 0/0: no session, the driver's trace calls print nothing. */
void ndisdma_trace_session(struct ndisdma_machine *m, uint8_t level, uint32_t flags);

/* KeBugCheckEx never returns.  The library prints the STOP line (code and
 * parameters) to stderr and the log, records a BUGCHECK report and flushes
 * the report streams (config.report_text, config.report_json), then calls
 * the machine's bug-check handler on the driver's thread.  A handler may
 * write what it needs (SARIF, a summary) and must end the process (the
 * machine's other threads are still running); without one, or if it
 * returns, the process exits with NDISDMA_EXIT_BUGCHECK.  `ndisdma run`
 * installs one that writes its SARIF file and summary and exits 7. */
#define NDISDMA_EXIT_BUGCHECK 7
struct ndisdma_bugcheck {
	uint32_t code;              /* BugCheckCode */
	uint64_t parameters[4];     /* BugCheckParameter1..4 */
	const char *site;           /* the driver's call, "module!symbol+0xN" */
};
/* fn NULL restores the default. */
void ndisdma_set_bugcheck_handler(struct ndisdma_machine *m, ndisdma_bugcheck_handler fn,
				  void *ctx);

#ifdef __cplusplus
}
#endif
#endif

/* driver_imports.h — every name a miniport .so imports that ndisdma does
 * not provide, listed at once before it is loaded (spec §13: "a call the
 * runtime does not provide fails to link with a clear message listing
 * every missing name at once").  docs/run.md "Missing names". */
#ifndef NDISDMA_DRIVER_IMPORTS_H
#define NDISDMA_DRIVER_IMPORTS_H

#include <stddef.h>

/* Reads path's dynamic symbol table.  Returns 0 when each undefined,
 * non-weak name resolves, in this process or the driver's own libraries,
 * to something with its Windows meaning; else -ENOENT with err holding
 * "PATH: N names ndisdma does not provide:" and then one line per name,
 * "  NAME  FAMILY", in family order.  A name only the C library has and
 * whose meaning differs there (wcslen: 32-bit wchar_t; sprintf: LP64
 * %ld) counts as missing.  A file that is not ELF is left to dlopen's
 * own message (0). */
int rt_driver_imports_check(const char *path, char *err, size_t errlen);

/* The family of an imported name ("Ke (kernel executive)", "Ndis", "C
 * runtime" ...), decided by its prefix (driver_imports.c). */
const char *rt_import_family(const char *name);

#endif

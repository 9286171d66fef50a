/* version.c — what a miniport can ask of the NDIS library itself (issue
 * 11): its version (NdisGetVersion) and the address of one of its
 * routines by name (NdisGetRoutineAddress), which drivers use to call a
 * routine of a later NDIS only when the host has it.
 */
#include "ndis/ndis_internal.h"

#include <dlfcn.h>
#include <string.h>

/* ndisdma's headers build miniports up to NDIS 6.86 and the runtime hosts
 * every 6.x version they declare (spec §13), so the host is an NDIS 6.86:
 * a driver comparing with NDIS_RUNTIME_VERSION_6xx finds what it needs. */
#define NDISDMA_NDIS_MAJOR 6u
#define NDISDMA_NDIS_MINOR 86u

UINT NdisGetVersion(VOID)
{
	return (NDISDMA_NDIS_MAJOR << 16) | NDISDMA_NDIS_MINOR;
}

/* The name as ASCII in out (false: NULL, empty, too long or not ASCII). */
static bool name_ascii(const NDIS_STRING *s, char *out, size_t size)
{
	size_t n;

	if (!s || !s->Buffer || s->Length == 0 || s->Length % sizeof(WCHAR))
		return false;
	n = s->Length / sizeof(WCHAR);
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s->Buffer[i] == 0 || s->Buffer[i] > 0x7E)
			return false;
		out[i] = (char)s->Buffer[i];
	}
	out[n] = '\0';
	return true;
}

/* Only NDIS's own routines: Ndis* names the library exports, not the
 * NdisDma* accessors behind its macros nor ndisdma's test hooks. */
static bool is_ndis_routine(const char *name)
{
	return strncmp(name, "Ndis", 4) == 0 && strncmp(name, "NdisDma", 7) != 0 &&
	       strncmp(name, "Ndisdma", 7) != 0;
}

/* The address of `name` exported by the object this file is linked into
 * (libndisdma.so, or a program linked with the static library that exports
 * its symbols), never a same-named symbol of another object. */
static void *library_symbol(const char *name)
{
	Dl_info self, found;
	void *h, *sym;

	if (!dladdr((void *)(uintptr_t)NdisGetRoutineAddress, &self))
		return NULL;
	h = dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		h = dlopen(NULL, RTLD_LAZY);
	if (!h)
		return NULL;
	sym = dlsym(h, name);
	dlclose(h);
	if (!sym || !dladdr(sym, &found) || found.dli_fbase != self.dli_fbase)
		return NULL;
	return sym;
}

PVOID NdisGetRoutineAddress(PNDIS_STRING NdisRoutineName)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	char name[128];

	if (!ndis_check_irql(k, "NdisGetRoutineAddress", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NULL;
	if (!NdisRoutineName) {
		vf_report(k ? k->verifier : NULL, VF_REG_NULL,
			  &(struct vf_facts){ .irql = -1, .call_site = site },
			  "NdisGetRoutineAddress: NdisRoutineName is NULL");
		return NULL;
	}
	if (!name_ascii(NdisRoutineName, name, sizeof(name)) || !is_ndis_routine(name))
		return NULL;   /* documented: NULL when NDIS has no such routine */
	return library_symbol(name);
}

/* processors.c — the processors and processor groups as NDIS reports them
 * (NdisSystemProcessorCount; NDIS 6.20: NdisMaxGroupCount,
 * NdisActiveGroupCount, NdisGroupMaxProcessorCount,
 * NdisGroupActiveProcessorCount, NdisGroupActiveProcessorMask,
 * NdisCurrentProcessorIndex).  All at any IRQL.
 *
 * The machine's processors (docs/runtime.md "Processors"): one group,
 * group 0, whose processors are all active, so the maximum and the active
 * counts are the same; the numbers are the ones KeQueryActiveProcessorCount(Ex)
 * and KeGetCurrentProcessorNumberEx give (src/wdm/ke_time.c).
 */
#include "ndis/ndis_internal.h"

#include "wdm/ke_internal.h"

static ULONG group_processors(USHORT Group)
{
	if (Group != 0 && Group != ALL_PROCESSOR_GROUPS)
		return 0;   /* a group that does not exist has none */
	return kexec_processors(kernel_current());
}

CCHAR NdisSystemProcessorCount(VOID)
{
	return (CCHAR)kexec_processors(kernel_current());
}

USHORT NdisMaxGroupCount(VOID)
{
	return 1;
}

USHORT NdisActiveGroupCount(VOID)
{
	return 1;
}

ULONG NdisGroupMaxProcessorCount(USHORT Group)
{
	return group_processors(Group);
}

ULONG NdisGroupActiveProcessorCount(USHORT Group)
{
	return group_processors(Group);
}

/* Bit n set: processor n of the group is active; empty for a group that
 * does not exist (ALL_PROCESSOR_GROUPS is no group here). */
KAFFINITY NdisGroupActiveProcessorMask(USHORT Group)
{
	ULONG n = Group == 0 ? group_processors(0) : 0;

	return n >= 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << n) - 1;
}

ULONG NdisCurrentProcessorIndex(VOID)
{
	return ke_processor_current(kernel_current());
}

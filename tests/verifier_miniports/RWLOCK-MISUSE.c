/* RWLOCK-MISUSE: a reader asks for the write lock it cannot get while it
 * reads (a deadlock on Windows). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PNDIS_RW_LOCK_EX Lock = NdisAllocateRWLock(Adapter->MiniportAdapterHandle);
	LOCK_STATE_EX Read, Write;

	if (Lock == NULL)
		return NDIS_STATUS_RESOURCES;
	/* doc:begin */
	NdisAcquireRWLockRead(Lock, &Read, 0);
#ifndef FIXED
	NdisAcquireRWLockWrite(Lock, &Write, NDIS_RWL_AT_DISPATCH_LEVEL);   /* read -> write */
	NdisReleaseRWLock(Lock, &Write);
	NdisReleaseRWLock(Lock, &Read);
#else
	NdisReleaseRWLock(Lock, &Read);                                      /* done reading */
	NdisAcquireRWLockWrite(Lock, &Write, 0);                             /* then write */
	NdisReleaseRWLock(Lock, &Write);
#endif
	/* doc:end */
	NdisFreeRWLock(Lock);
	return NDIS_STATUS_SUCCESS;
}

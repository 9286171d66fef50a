/*
 * vn_device.c — the virtio-net device itself: register access, the
 * initialization handshake (virtio 1.1 §3.1.1), the split virtqueues in
 * shared memory (§2.6) and the interrupt (ISR at device IRQL, DPC at
 * DISPATCH_LEVEL).
 */
#include "virtio_net.h"

static MINIPORT_ISR VnIsr;
static MINIPORT_INTERRUPT_DPC VnInterruptDpc;

ULONG VnReadRegister(PVN_ADAPTER ad, ULONG offset)
{
	ULONG value;

	NdisReadRegisterUlong((PULONG)(ad->Registers + offset), &value);
	return value;
}

VOID VnWriteRegister(PVN_ADAPTER ad, ULONG offset, ULONG value)
{
	NdisWriteRegisterUlong((PULONG)(ad->Registers + offset), value);
}

static VOID VnSetStatus(PVN_ADAPTER ad, ULONG bits)
{
	VnWriteRegister(ad, VIRTIO_MMIO_STATUS, VnReadRegister(ad, VIRTIO_MMIO_STATUS) | bits);
}

/* §2.1.2: writing 0 resets; the device reads back 0 once the reset is done
 * and it no longer touches driver memory. */
VOID VnDeviceReset(PVN_ADAPTER ad)
{
	ULONG tries;

	if (ad->Registers == NULL)
		return;
	VnWriteRegister(ad, VIRTIO_MMIO_STATUS, 0);
	for (tries = 0; tries < 1000; tries++) {
		if (VnReadRegister(ad, VIRTIO_MMIO_STATUS) == 0)
			break;
		NdisStallExecution(10);
	}
	VN_FLAG_WRITE(ad->DeviceStarted, FALSE);
}

static ULONG64 VnDeviceFeatures(PVN_ADAPTER ad)
{
	ULONG64 features;

	VnWriteRegister(ad, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features = (ULONG64)VnReadRegister(ad, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	VnWriteRegister(ad, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features |= VnReadRegister(ad, VIRTIO_MMIO_DEVICE_FEATURES);
	return features;
}

static VOID VnReadMac(PVN_ADAPTER ad)
{
	static const UCHAR fallback[6] = { 0x02, 0x56, 0x4e, 0x45, 0x54, 0x01 };
	UCHAR byte;
	ULONG i;

	if (!(ad->Features & VN_FEATURE(VIRTIO_NET_F_MAC))) {
		NdisMoveMemory(ad->PermanentAddress, fallback, 6);
		return;
	}
	for (i = 0; i < 6; i++) {
		NdisReadRegisterUchar(ad->Registers + VIRTIO_MMIO_CONFIG +
				      VIRTIO_NET_CONFIG_MAC + i, &byte);
		ad->PermanentAddress[i] = byte;
	}
}

/* Identify the device, reset it and agree on features (§3.1.1 steps 1-6). */
NDIS_STATUS VnDeviceNegotiate(PVN_ADAPTER ad)
{
	ULONG64 offered, wanted;

	if (VnReadRegister(ad, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    VnReadRegister(ad, VIRTIO_MMIO_VERSION) != 2 ||
	    VnReadRegister(ad, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_NET)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	VnDeviceReset(ad);
	VnSetStatus(ad, VIRTIO_STATUS_ACKNOWLEDGE);
	VnSetStatus(ad, VIRTIO_STATUS_DRIVER);
	offered = VnDeviceFeatures(ad);
	if (!(offered & VN_FEATURE(VIRTIO_F_VERSION_1)))
		return NDIS_STATUS_NOT_SUPPORTED;   /* legacy devices are not driven */
	wanted = VN_FEATURE(VIRTIO_F_VERSION_1) | VN_FEATURE(VIRTIO_NET_F_MAC) |
		 VN_FEATURE(VIRTIO_NET_F_STATUS);
	ad->Features = offered & wanted;
	VnWriteRegister(ad, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	VnWriteRegister(ad, VIRTIO_MMIO_DRIVER_FEATURES, (ULONG)ad->Features);
	VnWriteRegister(ad, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	VnWriteRegister(ad, VIRTIO_MMIO_DRIVER_FEATURES, (ULONG)(ad->Features >> 32));
	VnSetStatus(ad, VIRTIO_STATUS_FEATURES_OK);
	if (!(VnReadRegister(ad, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		VnSetStatus(ad, VIRTIO_STATUS_FAILED);
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	VnReadMac(ad);
	NdisMoveMemory(ad->CurrentAddress, ad->PermanentAddress, 6);
	return NDIS_STATUS_SUCCESS;
}

static USHORT VnPowerOfTwoAtMost(ULONG n)
{
	USHORT size = 1;

	while ((ULONG)size * 2 <= n && size < VN_QUEUE_MAX)
		size = (USHORT)(size * 2);
	return size;
}

/* Rings of one queue in one shared block, addresses told to the device. */
NDIS_STATUS VnQueueAllocate(PVN_ADAPTER ad, VN_QUEUE *q, USHORT index)
{
	ULONG max, i;
	PUCHAR base;

	NdisZeroMemory(q, sizeof(*q));
	q->Index = index;
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_SEL, index);
	if (VnReadRegister(ad, VIRTIO_MMIO_QUEUE_READY) != 0)
		return NDIS_STATUS_FAILURE;
	max = VnReadRegister(ad, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	q->Size = VnPowerOfTwoAtMost(max);
	q->Ring.Length = VIRTQ_TOTAL_BYTES(q->Size);
	NdisMAllocateSharedMemory(ad->AdapterHandle, q->Ring.Length, FALSE,
				  &q->Ring.Va, &q->Ring.Pa);
	if (q->Ring.Va == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(q->Ring.Va, q->Ring.Length);
	base = (PUCHAR)q->Ring.Va;
	q->Desc = (VIRTQ_DESC *)base;
	q->Avail = (VIRTQ_AVAIL *)(base + VIRTQ_AVAIL_OFFSET(q->Size));
	q->Used = (VIRTQ_USED *)(base + VIRTQ_USED_OFFSET(q->Size));
	for (i = 0; i < q->Size; i++)
		q->Desc[i].Next = (USHORT)(i + 1);
	q->FreeHead = 0;
	q->FreeCount = q->Size;

	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_NUM, q->Size);
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DESC_LOW, q->Ring.Pa.LowPart);
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DESC_HIGH, (ULONG)q->Ring.Pa.HighPart);
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DRIVER_LOW,
			(ULONG)(q->Ring.Pa.QuadPart + VIRTQ_AVAIL_OFFSET(q->Size)));
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
			(ULONG)((q->Ring.Pa.QuadPart + VIRTQ_AVAIL_OFFSET(q->Size)) >> 32));
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DEVICE_LOW,
			(ULONG)(q->Ring.Pa.QuadPart + VIRTQ_USED_OFFSET(q->Size)));
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
			(ULONG)((q->Ring.Pa.QuadPart + VIRTQ_USED_OFFSET(q->Size)) >> 32));
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_READY, 1);
	return NDIS_STATUS_SUCCESS;
}

VOID VnQueueFree(PVN_ADAPTER ad, VN_QUEUE *q)
{
	if (q->Ring.Va != NULL)
		NdisMFreeSharedMemory(ad->AdapterHandle, q->Ring.Length, FALSE,
				      q->Ring.Va, q->Ring.Pa);
	q->Ring.Va = NULL;
}

/* Queues are set up and receive buffers posted: the device may run. */
NDIS_STATUS VnDeviceStart(PVN_ADAPTER ad)
{
	USHORT status;

	VnSetStatus(ad, VIRTIO_STATUS_DRIVER_OK);
	if (VnReadRegister(ad, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FAILED)
		return NDIS_STATUS_DEVICE_FAILED;
	VN_FLAG_WRITE(ad->DeviceStarted, TRUE);
	status = VIRTIO_NET_S_LINK_UP;
	if (ad->Features & VN_FEATURE(VIRTIO_NET_F_STATUS))
		NdisReadRegisterUshort(ad->Registers + VIRTIO_MMIO_CONFIG +
				       VIRTIO_NET_CONFIG_STATUS, &status);
	VN_FLAG_WRITE(ad->LinkUp, (status & VIRTIO_NET_S_LINK_UP) != 0);
	VnNotify(ad, &ad->RxQ);
	return NDIS_STATUS_SUCCESS;
}

/* §2.6.10.2: read after the avail->idx store (VnAvailPublish ends with a
 * full barrier); a device that set VIRTQ_USED_F_NO_NOTIFY is looking at
 * the ring and will see the new entries without the register write. */
VOID VnNotify(PVN_ADAPTER ad, VN_QUEUE *q)
{
	if (*(volatile USHORT *)&q->Used->Flags & VIRTQ_USED_F_NO_NOTIFY)
		return;
	VnWriteRegister(ad, VIRTIO_MMIO_QUEUE_NOTIFY, q->Index);
}

/* ---- descriptors and rings (callers hold the queue's lock) ------------------ */

USHORT VnDescTake(VN_QUEUE *q)
{
	USHORT d = q->FreeHead;

	q->FreeHead = q->Desc[d].Next;
	q->FreeCount--;
	return d;
}

VOID VnDescGiveChain(VN_QUEUE *q, USHORT head)
{
	USHORT d = head;

	for (;;) {
		USHORT flags = q->Desc[d].Flags;
		USHORT next = q->Desc[d].Next;

		q->Desc[d].Next = q->FreeHead;
		q->FreeHead = d;
		q->FreeCount++;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		d = next;
	}
}

/* §2.6.13: ring entries first, then (after a barrier) the index.  The
 * entries of a batch are added and the index published once, as Linux's
 * virtqueue_add and virtqueue_kick_prepare do: a queue's whole refill is
 * one barrier pair, not one per buffer. */
VOID VnAvailAdd(VN_QUEUE *q, USHORT head)
{
	q->Avail->Ring[q->AvailIdx & (q->Size - 1)] = head;
	q->AvailIdx++;
}

VOID VnAvailPublish(VN_QUEUE *q)
{
	KeMemoryBarrier();
	*(volatile USHORT *)&q->Avail->Idx = q->AvailIdx;
	KeMemoryBarrier();
}

/* A device has at most Size buffers of a queue (virtio 1.1 §2.6.8), so a
 * used index more than Size ahead of ours is a broken ring, as is a used id
 * the driver never posted (the callers' check).  As Linux's virtio_ring does
 * (BAD_RING), the queue is then not read again and the device is failed
 * (VnDeviceBroken), rather than trusting a ring that would have the DPC walk
 * up to 65,535 entries the device never filled, at DISPATCH_LEVEL. */
BOOLEAN VnUsedNext(VN_QUEUE *q, VIRTQ_USED_ELEM *elem)
{
	USHORT idx;

	if (q->Broken)
		return FALSE;
	idx = *(volatile USHORT *)&q->Used->Idx;
	if (idx == q->LastUsed)
		return FALSE;
	if ((USHORT)(idx - q->LastUsed) > q->Size) {
		q->Broken = TRUE;
		return FALSE;
	}
	KeMemoryBarrier();   /* the entry is read after the index */
	*elem = q->Used->Ring[q->LastUsed & (q->Size - 1)];
	q->LastUsed++;
	return TRUE;
}

/* ---- interrupt -------------------------------------------------------------- */

/* Device IRQL: read and acknowledge the cause, leave the work to the DPC. */
static BOOLEAN VnIsr(NDIS_HANDLE MiniportInterruptContext,
		     PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportInterruptContext;
	ULONG cause = VnReadRegister(ad, VIRTIO_MMIO_INTERRUPT_STATUS);

	*TargetProcessors = 0;
	*QueueDefaultInterruptDpc = FALSE;
	if (cause == 0)
		return FALSE;   /* not ours (shared line) */
	VnWriteRegister(ad, VIRTIO_MMIO_INTERRUPT_ACK, cause);
	InterlockedOr(&ad->IsrStatus, (LONG)cause);
	*QueueDefaultInterruptDpc = TRUE;
	return TRUE;
}

/* The device failed: the error is logged once (count: how many of the two
 * values the entry carries) and the sends it held are written off
 * (VnSendFailPosted); later sends fail at once. */
static VOID VnDeviceFailed(PVN_ADAPTER ad, ULONG count, ULONG value1, ULONG value2)
{
	if (InterlockedExchange(&ad->DeviceFailed, 1) != 0)
		return;
	NdisWriteErrorLogEntry(ad->AdapterHandle, NDIS_ERROR_CODE_HARDWARE_FAILURE,
			       count, value1, value2);
	VnSendFailPosted(ad);
}

/* DISPATCH_LEVEL, no queue lock held: a queue's used ring broke (VnUsedNext
 * or a caller's id check).  The device is reset first (a status of 0,
 * virtio 1.1 §2.1), so it stops all DMA before the buffers it held are
 * taken back; neither queue is read again.  The log entry names the queue
 * and how many of its used entries were read (the bad one included). */
static USHORT VnQueueBreak(VN_QUEUE *q, PNDIS_SPIN_LOCK lock)
{
	USHORT read;

	NdisDprAcquireSpinLock(lock);
	q->Broken = TRUE;
	read = q->LastUsed;
	NdisDprReleaseSpinLock(lock);
	return read;
}

VOID VnDeviceBroken(PVN_ADAPTER ad, VN_QUEUE *q)
{
	USHORT txRead = VnQueueBreak(&ad->TxQ, &ad->TxLock);
	USHORT rxRead = VnQueueBreak(&ad->RxQ, &ad->RxLock);

	if (VN_FLAG_READ(ad->DeviceFailed))
		return;
	VnDeviceReset(ad);
	VnDeviceFailed(ad, 2, q->Index, q == &ad->TxQ ? txRead : rxRead);
}

static VOID VnConfigChange(PVN_ADAPTER ad)
{
	ULONG status = VnReadRegister(ad, VIRTIO_MMIO_STATUS);
	USHORT link;

	if (status & VIRTIO_STATUS_NEEDS_RESET)
		VnDeviceFailed(ad, 1, status, 0);
	if (ad->Features & VN_FEATURE(VIRTIO_NET_F_STATUS)) {
		NdisReadRegisterUshort(ad->Registers + VIRTIO_MMIO_CONFIG +
				       VIRTIO_NET_CONFIG_STATUS, &link);
		if (((link & VIRTIO_NET_S_LINK_UP) != 0) != VN_FLAG_READ(ad->LinkUp)) {
			VN_FLAG_WRITE(ad->LinkUp, (link & VIRTIO_NET_S_LINK_UP) != 0);
			VnIndicateLinkState(ad);
		}
	}
}

/* DISPATCH_LEVEL: completions first (they free slots), then receives, at
 * most MaxNblsToIndicate of them (NDIS 6.20+ receive throttle); when some
 * are left MoreNblsPending asks NDIS to run this DPC again. */
static VOID VnInterruptDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
			   PVOID ReceiveThrottleParameters, PVOID NdisReserved2)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportInterruptContext;
	PNDIS_RECEIVE_THROTTLE_PARAMETERS throttle =
		(PNDIS_RECEIVE_THROTTLE_PARAMETERS)ReceiveThrottleParameters;
	LONG cause = InterlockedExchange(&ad->IsrStatus, 0);
	BOOLEAN more;

	if (cause & VIRTIO_MMIO_INT_CONFIG)
		VnConfigChange(ad);
	VnSendCompleteFromDevice(ad);
	more = VnReceiveFromDevice(ad, throttle != NULL ? throttle->MaxNblsToIndicate
							: NDIS_INDICATE_ALL_NBLS);
	if (throttle != NULL)
		throttle->MoreNblsPending = more ? 1 : 0;
}

NDIS_STATUS VnRegisterInterrupt(PVN_ADAPTER ad)
{
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic;

	NdisZeroMemory(&ic, sizeof(ic));
	ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	ic.InterruptHandler = VnIsr;
	ic.InterruptDpcHandler = VnInterruptDpc;
	ic.MsiSupported = FALSE;
	return NdisMRegisterInterruptEx(ad->AdapterHandle, ad, &ic, &ad->InterruptHandle);
}

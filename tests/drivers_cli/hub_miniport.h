/*
 * hub_miniport.h — what the two files of the hub miniport share
 * (hub_miniport.c: driver, adapters, OIDs; hub_datapath.c: sends,
 * forwarding, the receive DPC).  Written against <ndis.h> only.
 */
#ifndef HUB_MINIPORT_H
#define HUB_MINIPORT_H

#include <ndis.h>

#define HUB_TAG         ((ULONG)'H' | ((ULONG)'u' << 8) | ((ULONG)'b' << 16) | ((ULONG)'M' << 24))
#define HUB_MTU         1500
#define HUB_MAX_FRAME   (HUB_MTU + 14)
#define HUB_LINK_SPEED  1000000000ull
#define HUB_FILTERS     (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
			 NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST | \
			 NDIS_PACKET_TYPE_PROMISCUOUS)

/* One received frame waiting for, or out on, an indication. */
typedef struct _HUB_RX {
	LIST_ENTRY Link;
	PMDL Mdl;
	ULONG Length;
	PVOID Vlan;                    /* Ieee8021QNetBufferListInfo of the send */
	UCHAR Data[1];
} HUB_RX, *PHUB_RX;

typedef struct _HUB_ADAPTER {
	LIST_ENTRY Link;               /* on HubAdapters, under HubLock */
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE NblPool;
	NDIS_SPIN_LOCK Lock;           /* everything below */
	BOOLEAN Running;
	BOOLEAN Pausing;
	ULONG PacketFilter;
	LIST_ENTRY RxQueue;            /* HUB_RX not yet indicated */
	ULONG RxOutstanding;           /* indicated, not yet returned */
	KDPC RxDpc;
	UCHAR Address[6];
} HUB_ADAPTER, *PHUB_ADAPTER;

/* hub_miniport.c: every adapter of the driver, under HubLock */
extern NDIS_SPIN_LOCK HubLock;
extern LIST_ENTRY HubAdapters;

/* hub_datapath.c */
MINIPORT_SEND_NET_BUFFER_LISTS HubSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS HubReturnNetBufferLists;
MINIPORT_CANCEL_SEND HubCancelSend;
KDEFERRED_ROUTINE HubRxDpc;

#endif

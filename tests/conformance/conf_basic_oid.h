/*
 * conf_basic_oid.h — MiniportOidRequest of conf_basic.c: the query and set
 * OIDs an NDIS 6 Ethernet miniport answers, with the documented
 * BUFFER_TOO_SHORT / BytesNeeded contract.  OID_GEN_VENDOR_DESCRIPTION is
 * pended and completed from a work item with NdisMOidRequestComplete.
 */

static NDIS_STATUS
CbCopyInfo(PNDIS_OID_REQUEST req, const VOID *data, ULONG length)
{
	if (req->DATA.QUERY_INFORMATION.InformationBufferLength < length) {
		req->DATA.QUERY_INFORMATION.BytesNeeded = length;
		req->DATA.QUERY_INFORMATION.BytesWritten = 0;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(req->DATA.QUERY_INFORMATION.InformationBuffer, data, length);
	req->DATA.QUERY_INFORMATION.BytesWritten = length;
	req->DATA.QUERY_INFORMATION.BytesNeeded = 0;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
CbQuery(PCB_ADAPTER a, PNDIS_OID_REQUEST req)
{
	static const CHAR vendor[] = "ndisdma conformance NIC";
	ULONG ul = 0;
	ULONG64 u64 = 0;
	NDIS_HARDWARE_STATUS hw = NdisHardwareStatusReady;
	NDIS_MEDIUM medium = NdisMedium802_3;
	NDIS_MEDIA_STATE state = NdisMediaStateConnected;
	const VOID *data = &ul;
	ULONG length = sizeof(ul);

	switch (req->DATA.QUERY_INFORMATION.Oid) {
	case OID_GEN_SUPPORTED_LIST:
		data = g_SupportedOids;
		length = sizeof(g_SupportedOids);
		break;
	case OID_GEN_HARDWARE_STATUS:
		data = &hw;
		length = sizeof(hw);
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		data = &medium;
		length = sizeof(medium);
		break;
	case OID_GEN_MAXIMUM_LOOKAHEAD:
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		ul = CB_MTU;
		break;
	case OID_GEN_CURRENT_LOOKAHEAD:
		ul = a->Lookahead;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
	case OID_GEN_TRANSMIT_BLOCK_SIZE:
	case OID_GEN_RECEIVE_BLOCK_SIZE:
		ul = CB_MTU + CB_HEADER;
		break;
	case OID_GEN_LINK_SPEED:
		ul = (ULONG)(CB_LINK_SPEED / 100); /* in units of 100 bps */
		break;
	case OID_GEN_VENDOR_ID:
		ul = CB_VENDOR_ID;
		break;
	case OID_GEN_VENDOR_DESCRIPTION:
		data = vendor;
		length = sizeof(vendor);
		break;
	case OID_GEN_DRIVER_VERSION:
		ul = (NDIS_MINIPORT_MAJOR_VERSION << 8) | NDIS_MINIPORT_MINOR_VERSION;
		length = sizeof(USHORT); /* documented as a USHORT */
		break;
	case OID_GEN_VENDOR_DRIVER_VERSION:
		ul = 0x00010002;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		ul = a->PacketFilter;
		break;
	case OID_GEN_MAC_OPTIONS:
		ul = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
		     NDIS_MAC_OPTION_NO_LOOPBACK;
		break;
	case OID_GEN_MEDIA_CONNECT_STATUS:
		data = &state;
		length = sizeof(state);
		break;
	case OID_GEN_MAXIMUM_SEND_PACKETS:
		ul = 64;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		ul = 32;
		break;
	case OID_GEN_XMIT_OK:
		u64 = a->XmitOk;
		data = &u64;
		length = sizeof(u64);
		break;
	case OID_GEN_RCV_OK:
		data = &u64;
		length = sizeof(u64);
		break;
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_802_3_CURRENT_ADDRESS:
		data = a->Mac;
		length = ETH_LENGTH_OF_ADDRESS;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	return CbCopyInfo(req, data, length);
}

static NDIS_STATUS
CbSet(PCB_ADAPTER a, PNDIS_OID_REQUEST req)
{
	PVOID buffer = req->DATA.SET_INFORMATION.InformationBuffer;
	ULONG length = req->DATA.SET_INFORMATION.InformationBufferLength;
	ULONG value;

	switch (req->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
	case OID_GEN_CURRENT_LOOKAHEAD:
		if (length < sizeof(ULONG)) {
			req->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&value, buffer, sizeof(value));
		if (req->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_LOOKAHEAD) {
			if (value > CB_MTU) {
				return NDIS_STATUS_INVALID_DATA;
			}
			a->Lookahead = value;
		} else {
			if ((value & ~(ULONG)CB_FILTERS) != 0) {
				return NDIS_STATUS_NOT_SUPPORTED;
			}
			a->PacketFilter = value;
		}
		req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
		if (length % ETH_LENGTH_OF_ADDRESS != 0) {
			return NDIS_STATUS_INVALID_LENGTH;
		}
		if (length / ETH_LENGTH_OF_ADDRESS > 32) {
			return NDIS_STATUS_MULTICAST_FULL;
		}
		req->DATA.SET_INFORMATION.BytesRead = length;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

_Use_decl_annotations_
NDIS_STATUS
CbOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PCB_ADAPTER a = (PCB_ADAPTER)MiniportAdapterContext;

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	CONF_CHECK(OidRequest->Header.Type == NDIS_OBJECT_TYPE_OID_REQUEST);
	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		if (OidRequest->DATA.QUERY_INFORMATION.Oid == OID_GEN_VENDOR_DESCRIPTION &&
		    a->PendingOid == NULL) {
			a->PendingOid = OidRequest;
			NdisQueueIoWorkItem(a->WorkItem, CbWork, a);
			return NDIS_STATUS_PENDING;
		}
		return CbQuery(a, OidRequest);
	case NdisRequestSetInformation:
		return CbSet(a, OidRequest);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/*
 * ndisdma: <guiddef.h> for drivers built on Linux: the GUID type,
 * DEFINE_GUID, IsEqualGUID (ndisdma_wdk_guid.h; docs/compat.md).
 * Re-included after INITGUID is defined, DEFINE_GUID defines its GUIDs.
 *
 * Clean-room: written from the facts files and the public documentation.
 */
#include "ndisdma_wdk_guid.h"

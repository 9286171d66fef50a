/* guids.c — the GUIDs <wdmguid.h> declares, and GUID_NULL, defined once in
 * libndisdma as wdmguid.lib defines them for a Windows driver: a driver
 * that includes <wdmguid.h> without <initguid.h> still links
 * (ndisdma_wdk_guid.h).  A driver that defines them itself (after
 * <initguid.h>) carries its own select-any copy with the same value. */
#include <initguid.h>
#include <wdmguid.h>

const GUID GUID_NULL = { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0 } };

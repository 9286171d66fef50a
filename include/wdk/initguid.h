/*
 * ndisdma: <initguid.h> for drivers built on Linux.  Included in one
 * translation unit before the headers whose GUIDs it should define
 * (wdmguid.h, the driver's own): from here on DEFINE_GUID defines each GUID
 * select-any instead of declaring it (wdk-surface-facts.md section 8
 * "GUIDs"; Microsoft Learn "Including GUIDs in Windows Driver Code").
 * Defining them in several translation units is harmless: the link keeps
 * one copy.
 *
 * Clean-room: written from the facts files and the public documentation.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "ndisdma_wdk_guid.h"

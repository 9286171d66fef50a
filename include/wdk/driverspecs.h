/*
 * ndisdma: <driverspecs.h> for drivers built on Linux.  SAL and driver annotations
 * expand to nothing; the MSVC keywords come with them
 * (ndisdma_wdk_sal.h, ndisdma_wdk_msvc.h; docs/msvc-c.md).
 */
#include "ndisdma_wdk_sal.h"

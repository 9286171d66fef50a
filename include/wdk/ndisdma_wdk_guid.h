/*
 * ndisdma WDK compatibility headers: GUIDs (guiddef.h): REFGUID,
 * IsEqualGUID, InlineIsEqualGUID, GUID_NULL, DEFINE_GUID and
 * DEFINE_OLEGUID.  The GUID structure itself is in ndisdma_wdk_types.h.
 *
 * DEFINE_GUID(name, l, w1, w2, b1, ..., b8) declares `extern const GUID
 * name`; where INITGUID is defined (which <initguid.h> does) it defines the
 * object instead, select-any: every translation unit that defines it may,
 * and the link keeps one copy (weak; wdk-surface-facts.md section 8
 * "GUIDs").  The DEFINE_GUID part below is outside the include guard on
 * purpose, so that <initguid.h> included after <ntddk.h> turns it into
 * the defining form for the headers that follow.  Without <initguid.h> a
 * declared GUID comes from libndisdma, which defines every GUID
 * <wdmguid.h> declares and GUID_NULL, as wdmguid.lib does on Windows.
 *
 * Clean-room: written from the facts file and Microsoft's public
 * documentation ("Including GUIDs in Windows Driver Code"), not from any
 * WDK or third-party header.
 */
#ifndef NDISDMA_WDK_GUID_H
#define NDISDMA_WDK_GUID_H

#include "ndisdma_wdk_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef GUID IID, CLSID, FMTID;
typedef IID *LPIID;
typedef CLSID *LPCLSID;

#ifdef __cplusplus
}
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;
/* C++ compares GUIDs by reference and with == / != (as guiddef.h does). */
static inline int IsEqualGUID(REFGUID a, REFGUID b)
{
    return memcmp(&a, &b, sizeof(GUID)) == 0;
}
static inline int InlineIsEqualGUID(REFGUID a, REFGUID b)
{
    return a.Data1 == b.Data1 && a.Data2 == b.Data2 && a.Data3 == b.Data3 &&
           memcmp(a.Data4, b.Data4, sizeof(a.Data4)) == 0;
}
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) != 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) == 0; }
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
/* C passes pointers: IsEqualGUID(&a, &b); TRUE when all 16 bytes match. */
#define IsEqualGUID(rguid1, rguid2) \
    (memcmp((rguid1), (rguid2), sizeof(GUID)) == 0)
#define InlineIsEqualGUID(rguid1, rguid2) \
    ((rguid1)->Data1 == (rguid2)->Data1 && (rguid1)->Data2 == (rguid2)->Data2 && \
     (rguid1)->Data3 == (rguid2)->Data3 && \
     memcmp((rguid1)->Data4, (rguid2)->Data4, sizeof((rguid1)->Data4)) == 0)
#endif
#define IsEqualIID(riid1, riid2)       IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)

NDISDMA_WDK_STATIC_ASSERT(sizeof(GUID) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GUID, Data2) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GUID, Data3) == 6);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GUID, Data4) == 8);

/* The linkage of a defined GUID: extern in C by default (a const object
 * at file scope has external linkage in C; `extern` with an initializer
 * draws a warning), extern "C" in C++ (where const alone is internal). */
#ifdef __cplusplus
#define __NDISDMA_GUID_LINKAGE extern "C"
#else
#define __NDISDMA_GUID_LINKAGE
#endif

#endif /* NDISDMA_WDK_GUID_H */

/* Re-read on every inclusion: <initguid.h> switches it to definitions. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    __NDISDMA_GUID_LINKAGE const GUID DECLSPEC_SELECTANY name = \
        { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID name
#endif
#undef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
    DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)

#ifndef NDISDMA_WDK_GUID_NULL
#define NDISDMA_WDK_GUID_NULL
/* Declared once, whatever INITGUID says: libndisdma defines it. */
EXTERN_C const GUID GUID_NULL;
#endif

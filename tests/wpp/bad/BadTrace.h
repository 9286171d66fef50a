/* BadTrace.h — configuration statements ndisdma-wpp must refuse, each
 * naming its line (tests/scripts/wpp_build.sh). */
typedef enum _BAD_ENUM { BadSize = sizeof(int) } BAD_ENUM;

// begin_wpp config
// CUSTOM_TYPE(NOENUM, ItemEnum(NO_SUCH_ENUM));
// CUSTOM_TYPE(BADKIND, ItemFloat(A, B));
// DEFINE_CPLX_TYPE(IPV6X, WPP_LOGIPV6, PVOID, ItemIPV6Addr, "s", _IPV6_, 0);
// USESUFFIX(DEBUGP, " %d %d", Count);
// USEPREFIX(NoSuchFunc, "x");
// CUSTOM_TYPE(BADENUM, ItemEnum(BAD_ENUM));
// CUSTOM_TYPE(PKTKIND, ItemListLong(Again));
// end_wpp

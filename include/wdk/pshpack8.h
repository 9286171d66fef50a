/*
 * ndisdma: <pshpack8.h>: structures declared from here to the matching
 * <poppack.h> are packed to 8-byte alignment (#pragma pack, honoured by
 * gcc and clang).  No include guard: each inclusion pushes once.
 */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpragma-pack"
#endif
#pragma pack(push, 8)

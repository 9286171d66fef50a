/*
 * ndisdma: <poppack.h>: restores the packing that the matching
 * <pshpackN.h> pushed.  No include guard: each inclusion pops once.
 */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpragma-pack"
#endif
#pragma pack(pop)

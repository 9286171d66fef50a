/* Link.h — an enum of the wpp_build test's miniport that a trace type
 * names (CUSTOM_TYPE(LINKSTATE, ItemEnum(LINK_STATE)) in Trace.h):
 * ndisdma-wpp finds it because Rx.c includes this header. */
#ifndef WPP_TEST_LINK_H
#define WPP_TEST_LINK_H

typedef enum _LINK_STATE {
    LinkDown,                           /* 0 */
    LinkUp = 0x4,
    LinkTesting,                        /* 5 */
    LinkUnknown = (LinkUp << 2) | 1,    /* 17 */
    LinkLast = (int)-1                  /* a cast, and a negative value */
} LINK_STATE, *PLINK_STATE;

#endif

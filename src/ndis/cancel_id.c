/* cancel_id.c — NdisGeneratePartialCancelId: the high byte a driver puts
 * on the cancel ids of the NBLs it sends (NDIS_SET_NET_BUFFER_LIST_CANCEL_ID),
 * so that ids of different drivers on one machine do not collide.
 *
 * One counter per machine (kernel->partial_cancel_id): each call gets the
 * next value, the sequence wraps after 256 calls as the UCHAR does.
 * Deterministic: the n-th call on a machine returns n mod 256.
 */
#include "ndis/ndis_internal.h"

/* documented at IRQL <= DISPATCH_LEVEL */
UCHAR NdisGeneratePartialCancelId(VOID)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return 0;
	/* reported when broken, and the id is still handed out: a caller
	 * that goes on must not collide with another driver's ids */
	ndis_check_irql(k, "NdisGeneratePartialCancelId", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	return (UCHAR)(atomic_fetch_add(&k->partial_cancel_id, 1u) + 1u);
}

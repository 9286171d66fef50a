/* test_ndis_surface60.c — the NDIS 6.0 view of the names issue 11 adds
 * (facts §6.11, §6.13): the version chain stops at 6, the 6.0/6.1 API
 * switch is on, the NBL info enum ends at 11 slots while the NBL keeps
 * room for every version, and the interrupt DPC has the 6.0 signature.
 */
#define NDIS_MINIPORT_DRIVER
#define NDIS60_MINIPORT
#include <ndis.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static VOID Dpc60(NDIS_HANDLE Context, PVOID DpcContext, PULONG Reserved1, PULONG Reserved2)
{
	(void)Context; (void)DpcContext; (void)Reserved1; (void)Reserved2;
}

static void test_ndis60_view(void **state)
{
	MINIPORT_INTERRUPT_DPC_HANDLER dpc = Dpc60;   /* the 6.0 signature */

	(void)state;
	(void)dpc;
#if NDIS_SUPPORT_NDIS6 != 1 || NDIS_SUPPORT_NDIS61 != 0 || NDIS_SUPPORT_NDIS620 != 0
#error "NDIS60_MINIPORT selects 6 only"
#endif
#if NDIS_SUPPORT_60_COMPATIBLE_API != 1
#error "the 6.0/6.1 API is visible to a 6.0 miniport"
#endif
	assert_int_equal(NDIS_MINIPORT_MINOR_VERSION, 0);
	assert_int_equal(MaxNetBufferListInfo, 11);
	assert_int_equal(WfpNetBufferListInfo, 10);
	assert_int_equal(sizeof(NET_BUFFER_LIST), 0x180);   /* same for every version */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ndis60_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

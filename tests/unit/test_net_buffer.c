/* test_net_buffer.c — MDLs with their PFN arrays recorded at build time
 * (spec §3), NBL/NB pools as tracked resources, advance/retreat of the data
 * start, NdisGetDataBuffer (spec §13).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void test_mdl_fields_and_pfns(void **state)
{
	struct th t;
	char *buf = aligned_alloc(4096, 4 * 4096);
	uint64_t pfns[3];
	PMDL m;

	th_setup(&t, NULL);
	m = NdisAllocateMdl(t.adapter_handle, buf + 300, 2 * 4096);
	assert_non_null(m);
	assert_ptr_equal(m->StartVa, buf);
	assert_int_equal(m->ByteOffset, 300);
	assert_int_equal(m->ByteCount, 2 * 4096);
	assert_ptr_equal(m->MappedSystemVa, buf + 300);
	assert_ptr_equal(MmGetMdlVirtualAddress(m), buf + 300);
	assert_int_equal(m->MdlFlags, MDL_SOURCE_IS_NONPAGED_POOL |
			 MDL_MAPPED_TO_SYSTEM_VA | MDL_ALLOCATED_FIXED_SIZE);
	assert_null(m->Next);
	assert_int_equal(t.adapter.resources.count, 1);
	/* the PFN array is the platform's truth for the 3 pages spanned */
	assert_int_equal(platform_pfns(t.plat, buf + 300, 2 * 4096, pfns), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(MmGetMdlPfnArray(m)[i], pfns[i]);
	assert_ptr_equal(platform_pa_to_va(t.plat, pfns[1] << 12), buf + 4096);
	NdisFreeMdl(m);
	assert_int_equal(t.adapter.resources.count, 0);
	/* a bad owner handle: HANDLE, no MDL */
	assert_null(NdisAllocateMdl((NDIS_HANDLE)0x99, buf, 10));
	th_expect(&t, VF_HANDLE, 1);
	free(buf);
	th_teardown(&t);
}

static NDIS_HANDLE nbl_pool(struct th *t, BOOLEAN alloc_nb, ULONG data_size)
{
	NET_BUFFER_LIST_POOL_PARAMETERS p;

	memset(&p, 0, sizeof(p));
	p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	p.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	p.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	p.fAllocateNetBuffer = alloc_nb;
	p.DataSize = data_size;
	return NdisAllocateNetBufferListPool(t->adapter_handle, &p);
}

static void test_pools(void **state)
{
	struct th t;
	NDIS_HANDLE pool, nbpool;
	NET_BUFFER_POOL_PARAMETERS np;
	PNET_BUFFER_LIST nbl, nbl2;
	PNET_BUFFER nb;

	th_setup(&t, NULL);
	pool = nbl_pool(&t, TRUE, 2048);
	assert_non_null(pool);
	assert_int_equal(t.adapter.resources.count, 1);
	nbl = NdisAllocateNetBufferAndNetBufferList(pool, 16, 0, NULL, 0, 1514);
	assert_non_null(nbl);
	nb = NET_BUFFER_LIST_FIRST_NB(nbl);
	assert_non_null(nb);
	assert_non_null(NET_BUFFER_FIRST_MDL(nb));
	assert_int_equal(MmGetMdlByteCount(NET_BUFFER_FIRST_MDL(nb)), 2048);
	assert_int_equal(NET_BUFFER_DATA_LENGTH(nb), 1514);
	assert_ptr_equal(NET_BUFFER_CURRENT_MDL(nb), NET_BUFFER_FIRST_MDL(nb));
	assert_int_equal(NET_BUFFER_LIST_CONTEXT_DATA_SIZE(nbl), 16);
	nbl2 = NdisAllocateNetBufferList(pool, 0, 0);
	assert_non_null(nbl2);
	assert_null(NET_BUFFER_LIST_FIRST_NB(nbl2));
	NdisFreeNetBufferList(nbl);
	/* NB pool */
	memset(&np, 0, sizeof(np));
	np.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	np.Header.Revision = NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	np.Header.Size = NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	nbpool = NdisAllocateNetBufferPool(t.adapter_handle, &np);
	assert_non_null(nbpool);
	nb = NdisAllocateNetBuffer(nbpool, NULL, 0, 0);
	assert_non_null(nb);
	NdisFreeNetBuffer(nb);
	NdisFreeNetBufferPool(nbpool);
	/* freeing the pool reclaims the NBL still out */
	NdisFreeNetBufferListPool(pool);
	assert_int_equal(t.adapter.resources.count, 0);
	/* a freed pool handle is stale */
	assert_null(NdisAllocateNetBufferList(pool, 0, 0));
	th_expect(&t, VF_HANDLE, 1);
	th_teardown(&t);
}

static void test_advance_retreat(void **state)
{
	struct th t;
	NDIS_HANDLE pool;
	PNET_BUFFER_LIST nbl;
	PNET_BUFFER nb;
	PMDL first;

	th_setup(&t, NULL);
	pool = nbl_pool(&t, TRUE, 1024);
	nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 100, 900);
	nb = NET_BUFFER_LIST_FIRST_NB(nbl);
	first = NET_BUFFER_FIRST_MDL(nb);
	assert_int_equal(NET_BUFFER_CURRENT_MDL_OFFSET(nb), 100);
	/* retreat into the backfill */
	assert_int_equal(NdisRetreatNetBufferDataStart(nb, 60, 0, NULL),
			 NDIS_STATUS_SUCCESS);
	assert_int_equal(NET_BUFFER_DATA_OFFSET(nb), 40);
	assert_int_equal(NET_BUFFER_DATA_LENGTH(nb), 960);
	/* beyond the backfill: a new MDL at the head */
	assert_int_equal(NdisRetreatNetBufferDataStart(nb, 100, 32, NULL),
			 NDIS_STATUS_SUCCESS);
	assert_ptr_not_equal(NET_BUFFER_FIRST_MDL(nb), first);
	assert_ptr_equal(NET_BUFFER_FIRST_MDL(nb)->Next, first);
	assert_int_equal(NET_BUFFER_DATA_OFFSET(nb), 32);
	assert_int_equal(NET_BUFFER_DATA_LENGTH(nb), 1060);
	assert_int_equal(NET_BUFFER_CURRENT_MDL_OFFSET(nb), 32);
	/* advance past it, freeing the retreat MDL */
	NdisAdvanceNetBufferDataStart(nb, 100, TRUE, NULL);
	assert_ptr_equal(NET_BUFFER_FIRST_MDL(nb), first);
	assert_ptr_equal(NET_BUFFER_CURRENT_MDL(nb), first);
	assert_int_equal(NET_BUFFER_DATA_OFFSET(nb), 40);
	assert_int_equal(NET_BUFFER_DATA_LENGTH(nb), 960);
	NdisFreeNetBufferList(nbl);
	NdisFreeNetBufferListPool(pool);
	th_teardown(&t);
}

static void test_get_data_buffer(void **state)
{
	struct th t;
	char *a = aligned_alloc(4096, 4096), *b = aligned_alloc(4096, 4096);
	NET_BUFFER nb;
	PMDL m1, m2;
	char storage[64];
	char *p;

	th_setup(&t, NULL);
	memset(a, 'A', 4096);
	memset(b, 'B', 4096);
	m1 = NdisAllocateMdl(t.adapter_handle, a, 20);
	m2 = NdisAllocateMdl(t.adapter_handle, b, 20);
	m1->Next = m2;
	memset(&nb, 0, sizeof(nb));
	nb.MdlChain = nb.CurrentMdl = m1;
	nb.CurrentMdlOffset = 10;
	nb.DataOffset = 10;
	nb.DataLength = 30;
	assert_ptr_equal(NdisGetDataBuffer(&nb, 10, NULL, 1, 0), a + 10);
	assert_null(NdisGetDataBuffer(&nb, 15, NULL, 1, 0));
	p = NdisGetDataBuffer(&nb, 15, storage, 1, 0);
	assert_ptr_equal(p, storage);
	assert_memory_equal(p, "AAAAAAAAAABBBBB", 15);
	assert_null(NdisGetDataBuffer(&nb, 31, storage, 1, 0));
	NdisFreeMdl(m1);
	NdisFreeMdl(m2);
	free(a);
	free(b);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mdl_fields_and_pfns),
		cmocka_unit_test(test_pools),
		cmocka_unit_test(test_advance_retreat),
		cmocka_unit_test(test_get_data_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

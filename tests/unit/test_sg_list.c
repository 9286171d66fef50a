/* test_sg_list.c — NdisMAllocateNetBufferSGList / MiniportProcessSGList /
 * NdisMFreeNetBufferSGList, every rule of spec §5 and §6: caller buffer
 * exact / one byte short / NULL, each failure row, IRQL, free checks
 * (wrong NB, double free, unknown list, scribbled list), bounce copy-in
 * and copy-back, map register exhaustion -> FIFO, too large, teardown.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "ndis/sg_list_internal.h"

#define MAXMAP 65536u

struct req {
	struct sgt *s;
	int id;
	_Atomic int calls;
	PSCATTER_GATHER_LIST list;
	uint8_t irql;
};

struct sgt {
	struct th t;
	NDIS_HANDLE dma;
	struct sg_channel *ch;
	ULONG sgsize;
	int order[64];
	_Atomic int norder;
	PMDL mdls[64];
	int nmdls;
	char *bufs[64];
	int nbufs;
};

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved,
		       PSCATTER_GATHER_LIST sgl, PVOID ctx)
{
	struct req *r = ctx;

	assert_null(pdo);
	assert_null(reserved);
	r->list = sgl;
	r->irql = kernel_irql();
	r->s->order[atomic_fetch_add(&r->s->norder, 1) % 64] = r->id;
	atomic_fetch_add(&r->calls, 1);
}

static void up(struct sgt *s, bool bits64, enum platform_layout layout,
	       unsigned stress, uint32_t cap)
{
	struct th_options o;
	NDIS_SG_DMA_DESCRIPTION d;

	memset(s, 0, sizeof(*s));
	th_default_options(&o);
	o.layout = layout;
	o.stress = stress;
	o.map_register_cap = cap;
	th_setup(&s->t, &o);
	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = bits64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = MAXMAP;
	d.ProcessSGListHandler = process_sg;
	th_begin_init(&s->t);
	assert_int_equal(NdisMRegisterScatterGatherDma(s->t.adapter_handle, &d,
						       &s->dma), NDIS_STATUS_SUCCESS);
	th_end_init(&s->t);
	s->sgsize = d.ScatterGatherListSize;
	s->ch = s->t.adapter.dma;
	assert_non_null(s->ch);
	kernel_set_irql(KIRQL_DISPATCH);
}

static void down(struct sgt *s)
{
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(s->t.k);
	if (s->dma)
		NdisMDeregisterScatterGatherDma(s->dma);
	for (int i = 0; i < s->nmdls; i++)
		NdisFreeMdl(s->mdls[i]);
	for (int i = 0; i < s->nbufs; i++)
		free(s->bufs[i]);
	th_teardown(&s->t);
}

/* A NET_BUFFER over MDLs of the given sizes; data starts `data_offset`
 * bytes into the chain and runs `len` bytes. Buffers are filled. */
static PNET_BUFFER mk_nb(struct sgt *s, const ULONG *sizes, int n,
			 ULONG data_offset, ULONG len)
{
	PNET_BUFFER nb = calloc(1, sizeof(*nb));
	PMDL prev = NULL;

	for (int i = 0; i < n; i++) {
		char *b = aligned_alloc(4096, (sizes[i] + 4096 + 4095) & ~4095ul);
		char *va = b + 100 * (i + 1) % 4096;
		PMDL m;

		for (ULONG j = 0; j < sizes[i]; j++)
			va[j] = (char)(i * 31 + j);
		s->bufs[s->nbufs++] = b;
		m = NdisAllocateMdl(s->t.adapter_handle, va, sizes[i]);
		assert_non_null(m);
		s->mdls[s->nmdls++] = m;
		if (prev)
			prev->Next = m;
		else
			nb->MdlChain = m;
		prev = m;
	}
	nb->DataOffset = data_offset;
	nb->DataLength = len;
	nb->CurrentMdl = nb->MdlChain;
	nb->CurrentMdlOffset = data_offset;
	while (nb->CurrentMdlOffset >= nb->CurrentMdl->ByteCount) {
		nb->CurrentMdlOffset -= nb->CurrentMdl->ByteCount;
		nb->CurrentMdl = nb->CurrentMdl->Next;
	}
	return nb;
}

/* Map registers free on the channel's DMA adapter (hal.h front door). */
static uint32_t registers_free(struct sg_channel *ch)
{
	uint32_t nfree, ntotal;

	hal_adapter_map_registers(ch->hal, &nfree, &ntotal);
	return nfree;
}

static uint64_t sum(PSCATTER_GATHER_LIST l)
{
	uint64_t n = 0;

	for (ULONG i = 0; i < l->NumberOfElements; i++)
		n += l->Elements[i].Length;
	return n;
}

static NDIS_STATUS alloc(struct sgt *s, PNET_BUFFER nb, struct req *r,
			 ULONG flags, void *buf, ULONG size)
{
	r->s = s;
	return NdisMAllocateNetBufferSGList(s->dma, nb, r, flags, buf, size);
}

/* ---- caller buffer ---------------------------------------------------------- */

static void test_caller_buffer_sizes(void **state)
{
	struct sgt s;
	ULONG sizes[2] = { 1000, 3000 };
	PNET_BUFFER nb;
	struct req r = { 0 };
	char *buf;
	ULONG need;

	up(&s, true, LAYOUT_SCATTERED, 0, 0);
	nb = mk_nb(&s, sizes, 2, 500, 3000);   /* CurrentMdlOffset 500 */
	buf = calloc(1, s.sgsize);
	/* learn the element count once */
	assert_int_equal(alloc(&s, nb, &r, NDIS_SG_LIST_WRITE_TO_DEVICE, buf,
			       s.sgsize), NDIS_STATUS_SUCCESS);
	assert_int_equal(r.calls, 1);
	assert_ptr_equal(r.list, buf);
	assert_int_equal(r.irql, KIRQL_DISPATCH);
	assert_int_equal(sum(r.list), 500 + 3000);
	need = 16 + 24 * r.list->NumberOfElements;
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	/* exact size: the caller's buffer */
	memset(&r, 0, sizeof(r));
	assert_int_equal(alloc(&s, nb, &r, 0, buf, need), NDIS_STATUS_SUCCESS);
	assert_ptr_equal(r.list, buf);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	/* one byte short: ndisdma's storage */
	memset(&r, 0, sizeof(r));
	assert_int_equal(alloc(&s, nb, &r, 0, buf, need - 1), NDIS_STATUS_SUCCESS);
	assert_ptr_not_equal(r.list, buf);
	assert_int_equal(sum(r.list), 3500);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	/* NULL buffer */
	memset(&r, 0, sizeof(r));
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_non_null(r.list);
	assert_int_equal(r.calls, 1);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	assert_int_equal(sg_records_live(s.ch->lists), 0);
	assert_int_equal(s.ch->lists->storage_made, 1);   /* made on first use */
	assert_int_equal(s.ch->lists->storage_nfree, s.ch->lists->storage_made);
	free(buf);
	free(nb);
	down(&s);
}

/* ---- failure rows ------------------------------------------------------------- */

static void test_failure_rows(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 2000 };
	PNET_BUFFER nb;
	struct req r = { 0 };
	PMDL cur;

	up(&s, true, LAYOUT_CONTIGUOUS, 0, 0);
	nb = mk_nb(&s, sizes, 1, 0, 1500);
	assert_int_equal(NdisMAllocateNetBufferSGList((NDIS_HANDLE)0x1234, nb, &r,
						      0, NULL, 0),
			 NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&s.t, VF_HANDLE, 1);
	assert_int_equal(alloc(&s, NULL, &r, 0, NULL, 0), NDIS_STATUS_INVALID_PARAMETER);
	nb->DataLength = 0;
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_INVALID_PARAMETER);
	nb->DataLength = 2001;   /* chain shorter than offset + length */
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_INVALID_PARAMETER);
	nb->DataLength = 1500;
	cur = nb->CurrentMdl;
	nb->CurrentMdl = NULL;
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_INVALID_PARAMETER);
	nb->CurrentMdl = cur;
	th_expect(&s.t, VF_SGL_BAD_NB, 4);
	nb->DataLength = MAXMAP + 1;
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_INVALID_LENGTH);
	th_expect(&s.t, VF_SGL_TOO_LONG, 1);
	nb->DataLength = 1500;
	assert_int_equal(alloc(&s, nb, &r, 0x10, NULL, 0), NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&s.t, VF_SGL_FLAGS, 1);
	assert_int_equal(r.calls, 0);
	/* twice while live */
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	{
		struct req r2 = { 0 };

		assert_int_equal(alloc(&s, nb, &r2, 0, NULL, 0), NDIS_STATUS_FAILURE);
		th_expect(&s.t, VF_SGL_TWICE, 1);
		assert_int_equal(r2.calls, 0);
	}
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	free(nb);
	down(&s);
}

static void test_irql_rule(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 2000 };
	PNET_BUFFER nb;
	struct req r = { 0 };

	up(&s, true, LAYOUT_CONTIGUOUS, 0, 0);
	nb = mk_nb(&s, sizes, 1, 0, 1500);
	kernel_set_irql(KIRQL_PASSIVE);   /* below DISPATCH: reported, served */
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	th_expect(&s.t, VF_IRQL, 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.irql, KIRQL_DISPATCH);
	assert_int_equal(kernel_irql(), KIRQL_PASSIVE);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	th_expect(&s.t, VF_IRQL, 1);
	memset(&r, 0, sizeof(r));
	kernel_set_irql(KIRQL_DEVICE);    /* above: refused */
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_FAILURE);
	th_expect(&s.t, VF_IRQL, 1);
	assert_int_equal(r.calls, 0);
	free(nb);
	down(&s);
}

/* ---- free checks ---------------------------------------------------------------- */

static void test_bad_frees(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 3000 };
	PNET_BUFFER nb, other;
	struct req r = { 0 };
	PSCATTER_GATHER_LIST l;
	char *buf;

	up(&s, true, LAYOUT_SCATTERED, 0, 0);
	nb = mk_nb(&s, sizes, 1, 0, 3000);
	other = mk_nb(&s, sizes, 1, 0, 100);
	buf = calloc(1, s.sgsize);
	assert_int_equal(alloc(&s, nb, &r, 0, buf, s.sgsize), NDIS_STATUS_SUCCESS);
	l = r.list;
	NdisMFreeNetBufferSGList(s.dma, l, other);
	th_expect(&s.t, VF_SGL_FREE_WRONG_NB, 1);
	NdisMFreeNetBufferSGList(s.dma, (PSCATTER_GATHER_LIST)(buf + 8), nb);
	th_expect(&s.t, VF_SGL_FREE_UNKNOWN, 1);
	assert_int_equal(sg_records_live(s.ch->lists), 1);   /* nothing changed */
	/* the driver scribbles on the list: free is still correct */
	memset(buf, 0x5A, s.sgsize);
	NdisMFreeNetBufferSGList(s.dma, l, nb);
	assert_int_equal(sg_records_live(s.ch->lists), 0);
	NdisMFreeNetBufferSGList(s.dma, l, nb);
	th_expect(&s.t, VF_SGL_DOUBLE_FREE, 1);
	/* ndisdma storage comes back even when its list was scribbled on */
	memset(&r, 0, sizeof(r));
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	memset(r.list, 0xFF, 16);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	assert_int_equal(s.ch->lists->storage_made, 1);   /* made on first use */
	assert_int_equal(s.ch->lists->storage_nfree, s.ch->lists->storage_made);
	free(buf);
	free(nb);
	free(other);
	down(&s);
}

/* ---- bouncing (spec §6) ------------------------------------------------------- */

static void test_bounce_copy_in_and_back(void **state)
{
	struct sgt s;
	ULONG sizes[2] = { 700, 5000 };
	PNET_BUFFER nb;
	struct req r = { 0 };
	PSCATTER_GATHER_LIST l;
	char *va;
	ULONG done = 0;

	up(&s, false, LAYOUT_HIGH, 0, 0);
	nb = mk_nb(&s, sizes, 2, 100, 5500);
	assert_int_equal(alloc(&s, nb, &r, NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0),
			 NDIS_STATUS_SUCCESS);
	l = r.list;
	assert_int_equal(sum(l), 5600);
	/* every element below 4 GiB, bytes read through PAs equal the data */
	for (ULONG i = 0; i < l->NumberOfElements; i++) {
		uint64_t pa = (uint64_t)l->Elements[i].Address.QuadPart;
		PMDL m = done < 700 ? s.mdls[0] : s.mdls[1];
		ULONG off = done < 700 ? done : done - 700;

		assert_true(pa + l->Elements[i].Length <= (1ull << 32));
		va = platform_pa_to_va(s.t.plat, pa);
		assert_memory_equal(va, (char *)m->MappedSystemVa + off,
				    l->Elements[i].Length);
		done += l->Elements[i].Length;
	}
	NdisMFreeNetBufferSGList(s.dma, l, nb);
	/* device-to-memory: written through PAs, visible after free */
	memset(&r, 0, sizeof(r));
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	l = r.list;
	va = platform_pa_to_va(s.t.plat, (uint64_t)l->Elements[l->NumberOfElements - 1]
				       .Address.QuadPart);
	memset(va, 0xC3, l->Elements[l->NumberOfElements - 1].Length);
	NdisMFreeNetBufferSGList(s.dma, l, nb);
	assert_int_equal((unsigned char)((char *)s.mdls[1]->MappedSystemVa)[4899], 0xC3);
	free(nb);
	down(&s);
}

/* Registers short -> queued FIFO, delivered from the DPC at DISPATCH as
 * frees return them; more than the whole pool -> RESOURCES at once. */
static void test_map_register_queue_fifo(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 3 * 4096 };   /* at offset 100: 4 pages */
	PNET_BUFFER nb[4];
	struct req r[4] = { 0 };
	ULONG big[1] = { 9 * 4096 };
	PNET_BUFFER huge;
	struct req rh = { 0 };

	up(&s, false, LAYOUT_HIGH, 0, 8);   /* 8 registers */
	for (int i = 0; i < 4; i++) {
		nb[i] = mk_nb(&s, sizes, 1, 0, 3 * 4096);
		r[i].id = i;
	}
	assert_int_equal(alloc(&s, nb[0], &r[0], 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(alloc(&s, nb[1], &r[1], 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(alloc(&s, nb[2], &r[2], 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(alloc(&s, nb[3], &r[3], 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(r[0].calls + r[1].calls, 2);
	assert_int_equal(r[2].calls + r[3].calls, 0);
	assert_int_equal(atomic_load(&s.ch->lists->q_count), 2);
	huge = mk_nb(&s, big, 1, 0, 9 * 4096);
	assert_int_equal(alloc(&s, huge, &rh, 0, NULL, 0), NDIS_STATUS_RESOURCES);
	assert_int_equal(rh.calls, 0);
	NdisMFreeNetBufferSGList(s.dma, r[1].list, nb[1]);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(s.t.k);
	assert_int_equal(r[2].calls, 1);
	assert_int_equal(r[2].irql, KIRQL_DISPATCH);
	assert_int_equal(r[3].calls, 0);
	kernel_set_irql(KIRQL_DISPATCH);
	NdisMFreeNetBufferSGList(s.dma, r[0].list, nb[0]);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(s.t.k);
	assert_int_equal(r[3].calls, 1);
	assert_int_equal(s.order[2], 2);
	assert_int_equal(s.order[3], 3);
	kernel_set_irql(KIRQL_DISPATCH);
	NdisMFreeNetBufferSGList(s.dma, r[2].list, nb[2]);
	NdisMFreeNetBufferSGList(s.dma, r[3].list, nb[3]);
	assert_int_equal(registers_free(s.ch), 8);
	for (int i = 0; i < 4; i++)
		free(nb[i]);
	free(huge);
	down(&s);
}

/* The fast path on a bounce channel keeps spec §6 FIFO: with a request
 * waiting for map registers, a small one that would fit the free registers
 * still queues behind it; both are delivered in order once registers come
 * back.  Caller buffers throughout (the fast path's case). */
static void test_fast_bounce_fifo(void **state)
{
	struct sgt s;
	ULONG four[1] = { 3 * 4096 }, six[1] = { 5 * 4096 }, one[1] = { 1000 };
	PNET_BUFFER a, b, c;
	struct req ra = { .id = 0 }, rb = { .id = 1 }, rc = { .id = 2 };
	char *buf[3];

	(void)state;
	up(&s, false, LAYOUT_HIGH, 0, 8);   /* every page above 4 GiB, 8 registers */
	assert_true(s.ch->lists->fast);
	for (int i = 0; i < 3; i++)
		buf[i] = calloc(1, s.sgsize);
	a = mk_nb(&s, four, 1, 0, 3 * 4096);   /* at offset 100: 4 pages */
	b = mk_nb(&s, six, 1, 0, 5 * 4096);    /* 6 pages */
	c = mk_nb(&s, one, 1, 0, 1000);        /* 1 page */
	assert_int_equal(alloc(&s, a, &ra, NDIS_SG_LIST_WRITE_TO_DEVICE, buf[0], s.sgsize),
			 NDIS_STATUS_SUCCESS);
	assert_int_equal(ra.calls, 1);
	assert_ptr_equal(ra.list, buf[0]);
	assert_int_equal(registers_free(s.ch), 4);
	/* 6 > 4 free: queued */
	assert_int_equal(alloc(&s, b, &rb, NDIS_SG_LIST_WRITE_TO_DEVICE, buf[1], s.sgsize),
			 NDIS_STATUS_SUCCESS);
	assert_int_equal(rb.calls, 0);
	/* 1 <= 4 free, but b waits: behind it */
	assert_int_equal(alloc(&s, c, &rc, NDIS_SG_LIST_WRITE_TO_DEVICE, buf[2], s.sgsize),
			 NDIS_STATUS_SUCCESS);
	assert_int_equal(rc.calls, 0);
	assert_int_equal(atomic_load(&s.ch->lists->q_count), 2);
	assert_int_equal(registers_free(s.ch), 4);
	NdisMFreeNetBufferSGList(s.dma, ra.list, a);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(s.t.k);
	assert_int_equal(rb.calls, 1);
	assert_int_equal(rc.calls, 1);
	assert_int_equal(s.order[1], 1);
	assert_int_equal(s.order[2], 2);
	assert_int_equal(sum(rb.list), 5 * 4096);
	assert_int_equal(sum(rc.list), 1000);
	kernel_set_irql(KIRQL_DISPATCH);
	NdisMFreeNetBufferSGList(s.dma, rb.list, b);
	NdisMFreeNetBufferSGList(s.dma, rc.list, c);
	assert_int_equal(registers_free(s.ch), 8);
	assert_int_equal(sg_records_live(s.ch->lists), 0);
	for (int i = 0; i < 3; i++)
		free(buf[i]);
	free(a);
	free(b);
	free(c);
	down(&s);
}

/* An MDL with no system address cannot be bounced: the fast path leaves
 * it to the checked one, which names it (SGL-BAD-NB) and calls nothing
 * back; nothing is held afterwards. */
static void test_fast_bounce_bad_mdl(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 1000 };
	PNET_BUFFER nb;
	struct req r = { 0 };
	char *buf;
	PMDL m;
	PVOID start;
	ULONG flags, offset;

	(void)state;
	up(&s, false, LAYOUT_HIGH, 0, 8);
	buf = calloc(1, s.sgsize);
	nb = mk_nb(&s, sizes, 1, 0, 1000);
	m = nb->CurrentMdl;
	start = m->StartVa;
	flags = m->MdlFlags;
	offset = m->ByteOffset;
	m->StartVa = NULL;
	m->ByteOffset = 0;
	m->MdlFlags = 0;
	assert_int_equal(alloc(&s, nb, &r, NDIS_SG_LIST_WRITE_TO_DEVICE, buf, s.sgsize),
			 NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&s.t, VF_SGL_BAD_NB, 1);
	assert_int_equal(r.calls, 0);
	assert_int_equal(registers_free(s.ch), 8);
	assert_int_equal(sg_records_live(s.ch->lists), 0);
	m->StartVa = start;
	m->ByteOffset = offset;
	m->MdlFlags = (CSHORT)flags;
	free(buf);
	free(nb);
	down(&s);
}

/* stress defer: every callback later, from the DPC thread. */
static void test_stress_defer(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 2000 };
	PNET_BUFFER nb;
	struct req r = { 0 };

	up(&s, true, LAYOUT_CONTIGUOUS, KERNEL_STRESS_DEFER, 0);
	nb = mk_nb(&s, sizes, 1, 0, 1500);
	assert_int_equal(alloc(&s, nb, &r, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(s.t.k);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.irql, KIRQL_DISPATCH);
	kernel_set_irql(KIRQL_DISPATCH);
	NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	free(nb);
	down(&s);
}

/* Deregister with a list outstanding and a request queued. */
static void test_teardown_reports(void **state)
{
	struct sgt s;
	ULONG sizes[1] = { 7 * 4096 };   /* at offset 100: 8 pages */
	PNET_BUFFER a, b;
	struct req ra = { 0 }, rb = { 0 };

	up(&s, false, LAYOUT_HIGH, 0, 8);
	a = mk_nb(&s, sizes, 1, 0, 7 * 4096);
	b = mk_nb(&s, sizes, 1, 0, 7 * 4096);
	assert_int_equal(alloc(&s, a, &ra, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(alloc(&s, b, &rb, 0, NULL, 0), NDIS_STATUS_SUCCESS);
	assert_int_equal(ra.calls, 1);
	assert_int_equal(rb.calls, 0);
	kernel_set_irql(KIRQL_PASSIVE);
	NdisMDeregisterScatterGatherDma(s.dma);
	s.dma = NULL;
	th_expect(&s.t, VF_DEREG_SGL_LEAK, 1);
	th_expect(&s.t, VF_DEREG_PENDING, 1);
	assert_int_equal(rb.calls, 0);
	free(a);
	free(b);
	down(&s);
}

/* The fast path: no lock, no allocation across 10^5 round trips. */
static void test_fast_path_counters(void **state)
{
	struct sgt s;
	ULONG sizes[2] = { 600, 914 };
	PNET_BUFFER nb;
	struct req r = { 0 };
	char *buf;
	uint64_t allocs, locks, frees;
	struct timespec t0, t1;

	up(&s, true, LAYOUT_MIXED, 0, 0);
	/* a 64-bit channel at the standard verifier level takes the fast path */
	assert_true(s.ch->lists->fast);
	nb = mk_nb(&s, sizes, 2, 0, 1514);
	buf = calloc(1, s.sgsize);
	allocs = atomic_load(&s.t.k->stats.allocations);
	frees = atomic_load(&s.t.k->stats.frees);
	locks = atomic_load(&s.t.k->stats.lock_acquisitions);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 100000; i++) {
		assert_int_equal(alloc(&s, nb, &r, NDIS_SG_LIST_WRITE_TO_DEVICE, buf,
				       s.sgsize), NDIS_STATUS_SUCCESS);
		NdisMFreeNetBufferSGList(s.dma, r.list, nb);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* a sanity figure, not a benchmark: 1514 bytes in 2 MDLs */
	print_message("fast path: %.0f ns per allocate + callback + free\n",
		      ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e5);
	assert_int_equal(r.calls, 100000);
	assert_int_equal(atomic_load(&s.t.k->stats.allocations), allocs);
	assert_int_equal(atomic_load(&s.t.k->stats.frees), frees);
	assert_int_equal(atomic_load(&s.t.k->stats.lock_acquisitions), locks);
	free(buf);
	free(nb);
	down(&s);
	/* what the fast path leaves to the checked one, channel by channel */
	up(&s, false, LAYOUT_MIXED, 0, 0);
	assert_true(s.ch->lists->fast);             /* 32-bit: map registers */
	down(&s);
	up(&s, false, LAYOUT_MIXED, KERNEL_STRESS_BOUNCE, 0);
	assert_false(s.ch->lists->fast);            /* every piece bounced */
	down(&s);
	up(&s, true, LAYOUT_MIXED, KERNEL_STRESS_DEFER, 0);
	assert_false(s.ch->lists->fast);            /* every callback deferred */
	down(&s);
	up(&s, true, LAYOUT_MIXED, KERNEL_STRESS_SPLIT, 0);
	assert_false(s.ch->lists->fast);            /* one element per page */
	down(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caller_buffer_sizes),
		cmocka_unit_test(test_failure_rows),
		cmocka_unit_test(test_irql_rule),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_bounce_copy_in_and_back),
		cmocka_unit_test(test_map_register_queue_fifo),
		cmocka_unit_test(test_fast_bounce_fifo),
		cmocka_unit_test(test_fast_bounce_bad_mdl),
		cmocka_unit_test(test_stress_defer),
		cmocka_unit_test(test_teardown_reports),
		cmocka_unit_test(test_fast_path_counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* fuzz_sg_description.c — the fuzz target for NdisMRegisterScatterGatherDma
 * (spec §4).  The input is adapter state and the raw bytes of a
 * description; the expected outcome is derived here from the §4 table,
 * row by row in its order, and the call must produce exactly it: the
 * status, the one verifier rule of that row (or FAULT-INJECTED and
 * NDIS_STATUS_RESOURCES when an allocation was failed), the outputs
 * (ScatterGatherListSize, the handle) on success and untouched or NULL on
 * failure, and after deregistration every pool back at its baseline.
 *
 * Input (docs/fuzzing.md "sg_description"):
 *   byte 0  state: bit 0 outside MiniportInitializeEx, bits 1-2 IRQL
 *           (0 PASSIVE, 1 APC, 2 DISPATCH, 3 PASSIVE), bit 3 adapter not a
 *           bus master, bit 4 NDIS 5 driver, bit 5 a channel is already
 *           registered, bit 6 NULL description, bit 7 NULL handle pointer
 *   byte 1  bits 0-2: fail the Nth internal allocation of the call (0:
 *           none); bit 3: the description is allocated with exactly
 *           Header.Size bytes (at least 4, at most 48), so reading past
 *           what the driver declared is an ASan report
 *   48 bytes  the description (x64 layout); the two handler pointers are
 *           replaced by real functions when non-zero; PdoOverride is kept
 *           as given (stored, never dereferenced: spec §4)
 */
#include "fuzz/fuzz_internal.h"
#include "fuzz/fuzz_fixture.h"
#include "ndis/sg_dma.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define DESC_BYTES ((size_t)NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2)

struct desc_fuzz {
	struct fz_fixture fx;
};

static VOID fz_process_sg_list(PDEVICE_OBJECT pDO, PVOID Reserved,
			       PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	(void)pDO, (void)Reserved, (void)pSGL, (void)Context;
}

static VOID fz_shm_complete(NDIS_HANDLE ctx, PVOID va, PNDIS_PHYSICAL_ADDRESS pa,
			    ULONG length, PVOID context)
{
	(void)ctx, (void)va, (void)pa, (void)length, (void)context;
}

struct desc_case {
	uint8_t state, fault;
	NDIS_SG_DMA_DESCRIPTION d;      /* as the driver wrote it */
};

/* What spec §4 says the call must do. */
struct desc_expect {
	NDIS_STATUS status;
	enum vf_rule rule;              /* VF_RULE_COUNT: none */
	ULONG list_size;                /* on success */
};

enum { ST_OUTSIDE = 1, ST_NOT_BUSMASTER = 8, ST_NDIS5 = 16, ST_TWICE = 32,
       ST_NULL_DESC = 64, ST_NULL_OUT = 128 };

static uint8_t case_irql(const struct desc_case *c)
{
	static const uint8_t irql[4] = { KIRQL_PASSIVE, KIRQL_APC, KIRQL_DISPATCH, KIRQL_PASSIVE };
	return irql[(c->state >> 1) & 3];
}

static bool expect_row(struct desc_expect *e, bool cond, NDIS_STATUS s, enum vf_rule r)
{
	if (cond) {
		e->status = s;
		e->rule = r;
	}
	return cond;
}

/* The §4 validation table, in its order. */
static void expect_refusal(const struct desc_case *c, struct desc_expect *e)
{
	const NDIS_SG_DMA_DESCRIPTION *d = &c->d;
	const NDIS_OBJECT_HEADER *h = &d->Header;
	USHORT need = h->Revision == 1 ? 36 : 48;
	ULONG known = NDIS_SG_DMA_64_BIT_ADDRESS | NDIS_SG_DMA_V3_HAL_API | NDIS_SG_DMA_HYBRID_DMA;

	if (expect_row(e, c->state & ST_OUTSIDE, NDIS_STATUS_NOT_SUPPORTED, VF_REG_CONTEXT) ||
	    expect_row(e, case_irql(c) != KIRQL_PASSIVE, NDIS_STATUS_FAILURE, VF_IRQL) ||
	    expect_row(e, c->state & (ST_NOT_BUSMASTER | ST_NDIS5), NDIS_STATUS_NOT_SUPPORTED,
		       VF_REG_NOT_BUSMASTER) ||
	    expect_row(e, c->state & (ST_NULL_DESC | ST_NULL_OUT), NDIS_STATUS_INVALID_PARAMETER,
		       VF_REG_NULL) ||
	    expect_row(e, h->Revision != 1 && h->Revision != 2, NDIS_STATUS_BAD_VERSION,
		       VF_REG_HEADER) ||
	    expect_row(e, h->Type != NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION || h->Size < need,
		       NDIS_STATUS_INVALID_PARAMETER, VF_REG_HEADER) ||
	    expect_row(e, (d->Flags & ~known) ||
		       ((d->Flags & NDIS_SG_DMA_HYBRID_DMA) && h->Revision == 1),
		       NDIS_STATUS_INVALID_PARAMETER, VF_REG_FLAGS) ||
	    expect_row(e, !d->ProcessSGListHandler, NDIS_STATUS_INVALID_PARAMETER,
		       VF_REG_NO_HANDLER) ||
	    expect_row(e, !d->MaximumPhysicalMapping, NDIS_STATUS_INVALID_PARAMETER,
		       VF_REG_MAXMAP) ||
	    expect_row(e, c->state & ST_TWICE, NDIS_STATUS_FAILURE, VF_REG_TWICE))
		return;
}

static void expect_outcome(const struct desc_case *c, struct desc_expect *e)
{
	/* spec §4: 16 + 24 * (BYTES_TO_PAGES(MaximumPhysicalMapping) + 1) */
	uint64_t pages = ((uint64_t)c->d.MaximumPhysicalMapping + 4095) / 4096;

	e->status = NDIS_STATUS_SUCCESS;
	e->rule = VF_RULE_COUNT;
	e->list_size = (ULONG)(16 + 24 * (pages + 1));
	expect_refusal(c, e);
}

static void read_case(struct fz_input *in, struct desc_case *c)
{
	c->state = fz_u8(in);
	c->fault = fz_u8(in);
	fz_bytes(in, &c->d, DESC_BYTES);
	if (c->d.ProcessSGListHandler)
		c->d.ProcessSGListHandler = fz_process_sg_list;
	if (c->d.SharedMemAllocateCompleteHandler)
		c->d.SharedMemAllocateCompleteHandler = fz_shm_complete;
}

/* A valid channel registered first, for the REG-TWICE row. */
static NDIS_HANDLE register_first(struct fz_fixture *fx)
{
	NDIS_SG_DMA_DESCRIPTION d = { .Header = { NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION, 1, 36 },
				      .MaximumPhysicalMapping = 65536,
				      .ProcessSGListHandler = fz_process_sg_list };
	NDIS_HANDLE h = NULL;

	if (NdisMRegisterScatterGatherDma(fx->adapter.handle, &d, &h) != NDIS_STATUS_SUCCESS)
		return NULL;
	return h;
}

/* Sets up the adapter as the case says; the description the call sees
 * (NULL, or a copy of exactly its declared size). */
static PNDIS_SG_DMA_DESCRIPTION arrange(struct desc_fuzz *s, const struct desc_case *c,
					struct sg_channel **first)
{
	struct fz_fixture *fx = &s->fx;
	size_t bytes = DESC_BYTES;
	PNDIS_SG_DMA_DESCRIPTION d;

	fz_fixture_begin_init(fx);
	*first = c->state & ST_TWICE && register_first(fx) ? fx->adapter.dma : NULL;
	if (c->state & ST_OUTSIDE)
		fz_fixture_end_init(fx);
	if (c->state & ST_NOT_BUSMASTER)
		fx->adapter.attribute_flags &= ~(ULONG)NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	if (c->state & ST_NDIS5)
		fx->driver.chars.MajorNdisVersion = 5;
	if (c->fault & 7) {
		fx->k->config.fault.mode = FAULT_NTH;
		fx->k->config.fault.nth = c->fault & 7;
		atomic_store(&fx->k->fault_counter, 0);
	}
	if (c->state & ST_NULL_DESC)
		return NULL;
	if (c->fault & 8) {
		bytes = c->d.Header.Size < 4 ? 4 : c->d.Header.Size;
		bytes = bytes > DESC_BYTES ? DESC_BYTES : bytes;
	}
	if (!(d = malloc(bytes)))
		return NULL;
	memcpy(d, &c->d, bytes);
	return d;
}

static const char *rule_id(enum vf_rule r)
{
	return r == VF_RULE_COUNT ? "none" : vf_rule_info(r)->id;
}

/* The reports of the call: exactly the expected rule once, or (with a
 * fault injected) FAULT-INJECTED and nothing else. */
static const char *check_reports(struct fz_fixture *fx, const struct desc_expect *e,
				 uint64_t injected, char *why, size_t len)
{
	uint64_t want_total = (e->rule != VF_RULE_COUNT) + injected;

	if (e->rule != VF_RULE_COUNT && vf_count(fx->vf, e->rule) != 1)
		return snprintf(why, len, "expected one %s report, got %" PRIu64,
				rule_id(e->rule), vf_count(fx->vf, e->rule)), why;
	if (vf_count(fx->vf, VF_FAULT_INJECTED) != injected || vf_total(fx->vf) != want_total)
		return snprintf(why, len, "%" PRIu64 " verifier reports, expected %" PRIu64
				" (rule %s, %" PRIu64 " faults injected)", vf_total(fx->vf),
				want_total, rule_id(e->rule), injected), why;
	return NULL;
}

static const char *check_success(struct fz_fixture *fx, const struct desc_case *c,
				 const struct desc_expect *e, PNDIS_SG_DMA_DESCRIPTION d,
				 NDIS_HANDLE h, char *why, size_t len)
{
	const struct sg_channel *ch = fx->adapter.dma;
	uint64_t limit;

	if (!h || !ch || ch->handle != h)
		return snprintf(why, len, "success without a handle and a channel"), why;
	if (d->ScatterGatherListSize != e->list_size)
		return snprintf(why, len, "ScatterGatherListSize %u, spec §4 says %u for "
				"MaximumPhysicalMapping %u", d->ScatterGatherListSize,
				e->list_size, c->d.MaximumPhysicalMapping), why;
	limit = hal_adapter_constraints(ch->hal)->address_limit;
	if (limit != ((c->d.Flags & NDIS_SG_DMA_64_BIT_ADDRESS) ? UINT64_MAX : 1ull << 32))
		return snprintf(why, len, "address limit %#" PRIx64 " for Flags %#x",
				limit, c->d.Flags), why;
	if (c->d.Header.Revision == 2 && ch->pdo_override != c->d.PdoOverride)
		return snprintf(why, len, "revision 2 PdoOverride not stored"), why;
	return NULL;
}

static const char *check_call(struct desc_fuzz *s, const struct desc_case *c,
			      NDIS_STATUS st, PNDIS_SG_DMA_DESCRIPTION d, NDIS_HANDLE h,
			      const struct sg_channel *first, char *why, size_t len)
{
	struct fz_fixture *fx = &s->fx;
	struct desc_expect e;
	uint64_t injected = atomic_load(&fx->k->stats.faults_injected);

	expect_outcome(c, &e);
	if (injected && e.status == NDIS_STATUS_SUCCESS)
		e.status = NDIS_STATUS_RESOURCES;   /* spec §4: out of memory row */
	if (st != e.status)
		return snprintf(why, len, "status %#x, spec §4 says %#x (rule %s)",
				(unsigned)st, (unsigned)e.status, rule_id(e.rule)), why;
	if (check_reports(fx, &e, injected, why, len))
		return why;
	if (st == NDIS_STATUS_SUCCESS)
		return check_success(fx, c, &e, d, h, why, len);
	if (!(c->state & ST_NULL_OUT) && h)
		return snprintf(why, len, "failure status and the handle is not NULL "
				"(outputs are invalid on entry)"), why;
	if (d && d->Header.Size >= 36 && d->ScatterGatherListSize != c->d.ScatterGatherListSize)
		return snprintf(why, len, "ScatterGatherListSize written on failure"), why;
	if (fx->adapter.dma != first)
		return snprintf(why, len, "a failed registration changed the channel"), why;
	return NULL;
}

static const char *desc_one(void *state, struct fz_input *in, uint64_t *hash, char *why,
			    size_t len)
{
	struct desc_fuzz *s = state;
	struct fz_fixture *fx = &s->fx;
	struct desc_case c;
	PNDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE h = (NDIS_HANDLE)0x1;
	struct sg_channel *first;
	NDIS_STATUS st;
	const char *bad;

	read_case(in, &c);
	fz_fixture_reset(fx);
	/* spec §6 pool size is a machine option: a small pool keeps each
	 * 32-bit registration cheap (the default is 16 MiB of pages) */
	fx->k->config.map_register_cap = 16;
	d = arrange(s, &c, &first);
	if (!d && !(c.state & ST_NULL_DESC))
		return snprintf(why, len, "out of memory"), why;
	kernel_set_irql(case_irql(&c));
	st = NdisMRegisterScatterGatherDma(fx->adapter.handle, d,
					   c.state & ST_NULL_OUT ? NULL : &h);
	kernel_set_irql(KIRQL_PASSIVE);
	fx->k->config.fault.mode = FAULT_NONE;
	fz_hash(hash, st);
	fz_hash(hash, d && st == NDIS_STATUS_SUCCESS ? d->ScatterGatherListSize : 0);
	fz_fixture_hash_reports(fx, hash);
	bad = check_call(s, &c, st, d, h, first, why, len);
	if (fx->adapter.dma)
		NdisMDeregisterScatterGatherDma(fx->adapter.dma->handle);
	fz_fixture_end_init(fx);
	free(d);
	if (!bad)
		bad = fz_fixture_check(fx, why, len);
	return bad;
}

static int desc_open(const struct ndisdma_fuzz_config *c, void **state, char *err, size_t len)
{
	struct desc_fuzz *s = calloc(1, sizeof(*s));

	if (!s || fz_fixture_init(&s->fx, LAYOUT_CONTIGUOUS, c->seed ? c->seed : 1, c->narrate)) {
		free(s);
		snprintf(err, len, "cannot make the machine for sg_description");
		return -ENOMEM;
	}
	*state = s;
	return 0;
}

static void desc_close(void *state)
{
	struct desc_fuzz *s = state;

	fz_fixture_fini(&s->fx);
	free(s);
}

const struct fz_target_ops fz_sg_description_ops = { desc_open, desc_one, desc_close };

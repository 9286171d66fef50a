/* sg_records.c — the out-of-band records of a channel's SG lists (spec §5).
 *
 * Records live in a table sized at registration (a power of two).  A
 * request claims a FREE record with one CAS, starting at the NB's home
 * slot (sg_record_claim, sg_list_internal.h): no shared free stack, so two
 * threads mapping their own NBs never write the same line.  The
 * record's address is left in NB->NdisReserved[0] as a hint, always
 * checked against the record.  Counters per list are kept in the records
 * by their owner and summed on read (sg_lists.c).
 */
#include "ndis/sg_list_internal.h"

#include <errno.h>

/* ---- the table --------------------------------------------------------- */

/* The machine's table size (kernel_config.sg_records), a power of two
 * (rounded down; 0: SG_RECORDS_DEFAULT). */
uint32_t sg_records_wanted(const struct kernel *k)
{
	uint32_t n = k->config.sg_records;

	if (!n)
		return SG_RECORDS_DEFAULT;
	while (n & (n - 1))
		n &= n - 1;
	return n;
}

int sg_records_init(struct sg_lists *l, uint32_t nrecs)
{
	/* zeroed: every record FREE */
	l->recs = kernel_zalloc_aligned(l->k, _Alignof(struct sg_record),
					sizeof(*l->recs) * nrecs, "sg.records");
	l->sums = kernel_zalloc(l->k, sizeof(*l->sums) * nrecs, "sg.records");
	if (!l->recs || !l->sums) {
		sg_records_fini(l);
		return -ENOMEM;
	}
	l->nrecs = nrecs;
	return 0;
}

void sg_records_fini(struct sg_lists *l)
{
	kernel_free(l->k, l->sums);
	kernel_free(l->k, l->recs);
	l->sums = NULL;
	l->recs = NULL;
}

/* The home slot was taken: probe the table from there. */
struct sg_record *sg_record_claim_scan(struct sg_lists *l, PNET_BUFFER nb)
{
	uint32_t mask = l->nrecs - 1, home = sg_record_home(l, nb);

	for (uint32_t i = 1; i < l->nrecs; i++) {
		struct sg_record *r = &l->recs[(home + i) & mask];
		uint32_t expect = SG_REC_FREE;

		if (atomic_load_explicit(&r->state, memory_order_relaxed) ==
			    SG_REC_FREE &&
		    atomic_compare_exchange_strong_explicit(
			    &r->state, &expect, SG_REC_BUSY, memory_order_acquire,
			    memory_order_relaxed))
			return r;
	}
	return NULL;
}

uint64_t sg_records_live(struct sg_lists *l)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < l->nrecs; i++)
		n += atomic_load_explicit(&l->recs[i].state, memory_order_relaxed) ==
		     SG_REC_LIVE;
	return n;
}

struct sg_record *sg_record_find_list(struct sg_lists *l,
				      PSCATTER_GATHER_LIST list)
{
	for (uint32_t i = 0; i < l->nrecs; i++) {
		struct sg_record *r = &l->recs[i];

		if (atomic_load_explicit(&r->state, memory_order_acquire) ==
			    SG_REC_LIVE &&
		    atomic_load_explicit(&r->list, memory_order_relaxed) == list)
			return r;
	}
	return NULL;
}

/* Each record remembers the last list freed from it (set at free): a
 * racing reuse can cost a report its precise name, never a wrong one. */
bool sg_freed_recently(struct sg_lists *l, PSCATTER_GATHER_LIST list)
{
	for (uint32_t i = 0; i < l->nrecs; i++)
		if (atomic_load_explicit(&l->recs[i].freed, memory_order_relaxed) ==
		    list)
			return true;
	return false;
}

/* sg_record_at validates a hint with a bound and a mask. */
_Static_assert(sizeof(struct sg_record) == 128, "sg_record is 128 bytes");

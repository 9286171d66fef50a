/* machine_iommu.c — the IOMMU domains of a machine's adapters, counted
 * (spec §11, docs/run.md "IOMMU"): each adapter's domain is made by
 * src/ndis/iommu_adapter.c and retired here after the adapter's device,
 * its counts added to the machine's so the run summary, read after the
 * halts, sees every map, flush and fault. */
#include "runtime/runtime.h"

#include "iommu/iommu.h"

static void add(struct ndisdma_iommu_stats *s, const struct iommu_stats *d)
{
	s->domains++;
	s->maps += d->maps;
	s->unmaps += d->unmaps;
	s->mapped_pages += d->mapped_pages;
	s->flushes += d->flushes;
	s->cache_hits += d->cache_hits;
	s->cache_misses += d->cache_misses;
	s->faults += d->faults;
}

void rt_iommu_retire(struct ndisdma_adapter *a)
{
	struct iommu_stats d;

	if (!a->na.iommu)
		return;
	/* under the machine's lock: a reader sees the domain live or
	 * counted, never both or neither */
	pthread_mutex_lock(&a->m->lock);
	iommu_flush(a->na.iommu);   /* the lazy queue drains into the counts */
	iommu_domain_stats(a->na.iommu, &d);
	add(&a->m->iommu_done, &d);
	ndis_adapter_iommu_stop(&a->na);
	pthread_mutex_unlock(&a->m->lock);
}

void ndisdma_machine_iommu_stats(struct ndisdma_machine *m, struct ndisdma_iommu_stats *s)
{
	struct iommu_stats d;

	pthread_mutex_lock(&m->lock);
	*s = m->iommu_done;
	for (struct ndisdma_adapter *a = m->adapters; a; a = a->next)
		if (a->na.iommu) {
			iommu_domain_stats(a->na.iommu, &d);
			add(s, &d);
		}
	pthread_mutex_unlock(&m->lock);
	s->mode = m->config.iommu;
}

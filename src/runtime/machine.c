/* machine.c — an ndisdma machine: verifier, platform and kernel, the
 * drivers and adapters it hosts, its reports and its pool counters.
 * Two machines in one process share nothing (STYLE.md).
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksched.h"
#include "kernel/ktime.h"
#include "ndis/sg_dma.h"
#include "wdm/wdm_pool.h"

/* Which machine this thread last entered through ndisdma_thread_enter:
 * per-thread, like kthread_self, never shared between threads. */
KSCHED_CTX(struct ndisdma_machine *, thread_machine)
#define thread_machine (*ksched_ctx_ptr_thread_machine())

void ndisdma_config_init(struct ndisdma_config *c)
{
	memset(c, 0, sizeof(*c));
	c->seed = 1;
	c->platform = NDISDMA_PLATFORM_SIM;
	c->layout = NDISDMA_LAYOUT_CONTIGUOUS;
	c->verifier = NDISDMA_VERIFIER_STANDARD;
	c->map_register_lists = HAL_MAP_REGISTER_LISTS;   /* spec §6 */
	c->map_register_cap = HAL_MAP_REGISTER_CAP;       /* spec §6: 16 MiB */
	c->report_text = stderr;
}

void rt_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

_Static_assert(NDISDMA_HOST_RESERVE_DEFAULT == PLATFORM_HOST_RESERVE_DEFAULT &&
	       NDISDMA_HOST_RESERVE_MAX == PLATFORM_HOST_RESERVE_MAX,
	       "one host reserve size (spec §11)");

static const enum platform_layout layouts[] = {
	[NDISDMA_LAYOUT_CONTIGUOUS] = LAYOUT_CONTIGUOUS,
	[NDISDMA_LAYOUT_SCATTERED] = LAYOUT_SCATTERED,
	[NDISDMA_LAYOUT_HIGH] = LAYOUT_HIGH,
	[NDISDMA_LAYOUT_MIXED] = LAYOUT_MIXED,
};

static int create_lower(struct ndisdma_machine *m, char *err, size_t errlen)
{
	const struct ndisdma_config *c = &m->config;
	struct vf_config vc = { 0 };
	struct platform_config pc = { 0 };
	struct kernel_config kc = { 0 };
	char why[PLATFORM_WHY_MAX];
	int rc;

	vc.level = (enum vf_level)c->verifier;
	vc.stop_on_first = c->stop_on_first;
	vc.text = c->report_text;
	vc.json = c->report_json;
	m->vf = vf_create(&vc);
	if (!m->vf) {
		rt_error(err, errlen, "verifier: out of memory");
		return -ENOMEM;
	}
	pc.kind = c->platform == NDISDMA_PLATFORM_HOST ? PLATFORM_HOST : PLATFORM_SIM;
	pc.layout = (unsigned)c->layout < 4 ? layouts[c->layout] : LAYOUT_CONTIGUOUS;
	pc.seed = c->seed;
	pc.host_reserve = c->host_reserve;
	pc.host_reserve_now = c->host_reserve_now;
	/* spec §11: behind the IOMMU the device sees IOVAs, so the host
	 * platform needs no real frame numbers (it runs without root) */
	pc.device_sees_iova = c->iommu != NDISDMA_IOMMU_OFF;
	rc = platform_create_why(&pc, &m->platform, why, sizeof why);
	if (rc) {
		if (why[0])
			rt_error(err, errlen, "platform %s", why);
		else
			rt_error(err, errlen, "platform %s: %s",
				 pc.kind == PLATFORM_HOST ? "host" : "sim", strerror(-rc));
		return rc;
	}
	kc.seed = c->seed;
	kc.verifier_level = (int)c->verifier;
	kc.stress = c->stress;
	kc.fault.mode = (enum fault_mode)c->fault_mode;
	kc.fault.nth = c->fault_nth;
	kc.fault.probability = c->fault_probability;
	kc.map_register_lists = c->map_register_lists;
	kc.map_register_cap = c->map_register_cap;
	kc.trace_file = c->log;
	kc.sched_mode = (int)c->sched;
	kc.pct_depth = c->pct_depth;
	kc.pct_steps = c->pct_steps;
	kc.iommu_mode = (int)c->iommu;
	rc = kernel_create(&kc, m->vf, m->platform, &m->k);
	if (rc)
		rt_error(err, errlen, "kernel: %s", strerror(-rc));
	return rc;
}

static void destroy_lower(struct ndisdma_machine *m)
{
	if (m->k) {
		ndis_io_space_destroy(m->k);   /* register windows, port ranges */
		wdm_machine_destroy(m->k);     /* pool table */
		kernel_destroy(m->k);
	}
	if (m->platform)
		platform_destroy(m->platform);
	if (m->vf)
		vf_destroy(m->vf);
}

int ndisdma_machine_create(const struct ndisdma_config *config,
			   struct ndisdma_machine **out, char *err, size_t errlen)
{
	struct ndisdma_config defaults;
	struct ndisdma_machine *m;
	int rc;

	*out = NULL;
	if (!config) {
		ndisdma_config_init(&defaults);
		config = &defaults;
	}
	if ((unsigned)config->iommu > NDISDMA_IOMMU_LAZY) {
		rt_error(err, errlen, "iommu must be off, strict or lazy (%d)", (int)config->iommu);
		return -EINVAL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		rt_error(err, errlen, "out of memory");
		return -ENOMEM;
	}
	m->config = *config;
	rc = create_lower(m, err, errlen);
	if (!rc && (rc = config_registry_create(&m->registry)))
		rt_error(err, errlen, "registry: out of memory");
	if (rc) {
		destroy_lower(m);
		free(m);
		return rc;
	}
	pthread_mutex_init(&m->lock, NULL);
	*out = m;
	return 0;
}

void ndisdma_machine_destroy(struct ndisdma_machine *m)
{
	if (!m)
		return;
	/* adapters first: a driver unloads only with its adapters halted */
	while (m->adapters)
		ndisdma_adapter_halt(m->adapters);
	while (m->drivers)
		ndisdma_driver_unload(m->drivers);
	if (thread_machine == m)
		thread_machine = NULL;
	if (kernel_current() == m->k)
		kernel_enter(NULL);
	destroy_lower(m);
	config_registry_destroy(m->registry);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void ndisdma_platform_stats(const struct ndisdma_machine *m,
			    struct ndisdma_platform_stats *s)
{
	struct platform_stats ps;

	platform_get_stats(m->platform, &ps);
	memset(s, 0, sizeof(*s));
	s->real_frames = ps.real_frames;
	s->frames_mapped = ps.frames_mapped;
	s->pagemap_reads = ps.pagemap_reads;
	s->pinned_pages = ps.pinned_pages;
	s->reserve_pages = ps.reserve_pages;
	s->reserve_free = ps.reserve_free;
}

size_t ndisdma_platform_why(const struct ndisdma_machine *m, char *buf, size_t len)
{
	return platform_why(m->platform, buf, len);
}

void ndisdma_machine_advance_time(struct ndisdma_machine *m, uint64_t ms)
{
	ktime_advance(m->k, ms * 1000000ull);
}

uint64_t ndisdma_trace_hash(const struct ndisdma_machine *m)
{
	return ksched_trace_hash(m->k);
}

uint64_t ndisdma_sched_switches(const struct ndisdma_machine *m)
{
	return ksched_switches(m->k);
}

struct ndisdma_machine *ndisdma_thread_enter(struct ndisdma_machine *m)
{
	struct ndisdma_machine *prev = thread_machine;

	if (prev && kernel_current() != prev->k)
		prev = NULL;   /* the thread moved on by other means */
	thread_machine = m;
	kernel_enter(m ? m->k : NULL);
	if (m)
		kernel_set_irql(KIRQL_PASSIVE);
	return prev;
}

/* ---- driver code is called through here (spec §9) ------------------------- */

void rt_enter(struct kernel *k, struct rt_call *c)
{
	c->prev = kernel_enter(k);
	c->irql = kernel_irql();
	kernel_set_irql(KIRQL_PASSIVE);
}

void rt_leave(struct rt_call *c, const char *handler)
{
	struct kernel *k = kernel_current();
	uint8_t irql = kernel_irql();

	/* a handler must return at the IRQL it was called at (spec §9) */
	if (k && irql != KIRQL_PASSIVE) {
		struct vf_facts f = { .irql = irql };

		vf_report(k->verifier, VF_IRQL, &f,
			  "%s returned at IRQL %u; it was called at IRQL 0",
			  handler, irql);
	}
	kernel_enter(c->prev);
	kernel_set_irql(c->irql);
}

/* ---- lists ------------------------------------------------------------------ */

void rt_machine_add_driver(struct ndisdma_machine *m, struct ndisdma_driver *d)
{
	pthread_mutex_lock(&m->lock);
	d->next = m->drivers;
	m->drivers = d;
	pthread_mutex_unlock(&m->lock);
}

void rt_machine_remove_driver(struct ndisdma_machine *m, struct ndisdma_driver *d)
{
	pthread_mutex_lock(&m->lock);
	for (struct ndisdma_driver **p = &m->drivers; *p; p = &(*p)->next)
		if (*p == d) {
			*p = d->next;
			break;
		}
	pthread_mutex_unlock(&m->lock);
}

void rt_machine_add_adapter(struct ndisdma_machine *m, struct ndisdma_adapter *a)
{
	pthread_mutex_lock(&m->lock);
	a->next = m->adapters;
	m->adapters = a;
	pthread_mutex_unlock(&m->lock);
}

void rt_machine_remove_adapter(struct ndisdma_machine *m, struct ndisdma_adapter *a)
{
	pthread_mutex_lock(&m->lock);
	for (struct ndisdma_adapter **p = &m->adapters; *p; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			break;
		}
	pthread_mutex_unlock(&m->lock);
}

/* ---- leaks ------------------------------------------------------------------ */

struct leak_ctx {
	struct kernel *k;
	const char *when;
};

static void report_leak(struct kres *r, void *arg)
{
	struct leak_ctx *ctx = arg;
	struct vf_facts f = { 0 };

	f.irql = -1;
	f.length = r->size;
	f.alloc_site = r->site;
	vf_report(ctx->k->verifier, VF_RES_LEAK, &f,
		  "%s: %s of %zu bytes was not released (reclaimed)",
		  ctx->when, r->kind, r->size);
}

size_t rt_reclaim_leaks(struct kernel *k, struct kres_list *l, const char *when)
{
	struct leak_ctx ctx = { k, when };

	return kres_reclaim_all(l, report_leak, &ctx);
}

/* ---- reports (spec §10) ------------------------------------------------------ */

uint64_t ndisdma_report_count(const struct ndisdma_machine *m, const char *rule)
{
	enum vf_rule r;

	if (!rule)
		return vf_total(m->vf);
	r = vf_rule_by_id(rule);
	return r == VF_RULE_COUNT ? 0 : vf_count(m->vf, r);
}

uint64_t ndisdma_report_errors(const struct ndisdma_machine *m)
{
	return vf_errors(m->vf);
}

bool ndisdma_report_at(const struct ndisdma_machine *m, size_t i,
		       struct ndisdma_report *out)
{
	const struct vf_record *rec;
	const struct vf_rule_info *info;

	memset(out, 0, sizeof(*out));
	if (i >= vf_stored(m->vf) || !(rec = vf_record_at(m->vf, i)))
		return false;
	info = vf_rule_info(rec->rule);
	out->rule = info->id;
	out->severity = info->severity == VF_ERROR ? "error" : "warning";
	out->windows = info->windows;
	out->message = rec->message;
	out->site = rec->site;
	out->handle = rec->facts.handle;
	out->list = rec->facts.list;
	out->nb = rec->facts.nb;
	out->address = rec->facts.address;
	out->length = rec->facts.length;
	return true;
}

void ndisdma_reports_clear(struct ndisdma_machine *m)
{
	vf_clear(m->vf);
}

int ndisdma_reports_write_sarif(const struct ndisdma_machine *m, FILE *out)
{
	return vf_write_sarif(m->vf, out);
}

void ndisdma_reports_print_summary(const struct ndisdma_machine *m, FILE *out)
{
	vf_print_summary(m->vf, out);
}

/* ---- pools ------------------------------------------------------------------- */

void ndisdma_machine_pools(const struct ndisdma_machine *m, struct ndisdma_pools *p)
{
	struct ndisdma_machine *mm = (struct ndisdma_machine *)m;
	const struct kernel_stats *s = &m->k->stats;

	memset(p, 0, sizeof(*p));
	p->internal_allocations = atomic_load(&s->allocations);
	p->internal_frees = atomic_load(&s->frees);
	p->lock_acquisitions = atomic_load(&s->lock_acquisitions);
	p->faults_injected = atomic_load(&s->faults_injected);
	p->fault_points_seen = atomic_load(&s->fault_points_seen);
	p->live_handles = kernel_live_handles(m->k);
	pthread_mutex_lock(&mm->lock);
	for (struct ndisdma_driver *d = m->drivers; d; d = d->next)
		p->live_driver_resources += d->nd.resources.count;
	for (struct ndisdma_adapter *a = m->adapters; a; a = a->next) {
		p->live_driver_resources += a->na.resources.count;
		if (a->na.dma) {
			sg_lists_add_pools(a->na.dma, p);
			shm_set_add_pools(a->na.dma, p);
		}
	}
	pthread_mutex_unlock(&mm->lock);
}

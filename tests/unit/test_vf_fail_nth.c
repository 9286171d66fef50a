/* test_vf_fail_nth.c — the fail-every-allocation loop (issue 5, spec §10
 * --fault nth:N).  The sample scenario — the built-in lifecycle sample
 * through its whole lifecycle (initialize, restart with OIDs, pause, halt)
 * and a verifier test miniport mapping and freeing a list on a 32-bit
 * channel with every piece bounced — runs with N = 1, 2, ... until a run
 * completes with no fault injected.  Every run must end with success or a
 * documented failure, pools back at baseline (no leak, no lost request),
 * and the verifier naming the failed allocation point (FAULT-INJECTED).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <ndisdma/ndisdma.h>

int32_t ndisdma_builtin_lifecycle(void *driver_object, void *registry_path);
int32_t vm_fault_injected_fixed(void *driver_object, void *registry_path);

#define MAX_N 2000

/* One driver through its lifecycle; failures are documented outcomes. */
static void drive(struct ndisdma_machine *m, const char *name, ndisdma_driver_entry entry,
		  bool restart)
{
	struct ndisdma_adapter_params p = { .name = name };
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	char err[256];

	if (ndisdma_driver_load_builtin(m, name, entry, &d, err, sizeof(err)) != 0)
		return;
	if (ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)) == 0) {
		if (restart && ndisdma_adapter_restart(a, err, sizeof(err)) == 0)
			ndisdma_adapter_pause(a, err, sizeof(err));
		ndisdma_adapter_halt(a);
	}
	ndisdma_driver_unload(d);
}

static void check_baseline(const struct ndisdma_pools *b, const struct ndisdma_pools *n,
			   uint64_t nth)
{
	if (n->live_sg_lists || n->queued_sg_requests || n->live_shared_blocks ||
	    n->live_driver_resources != b->live_driver_resources ||
	    n->live_handles != b->live_handles ||
	    n->internal_allocations - n->internal_frees !=
	    b->internal_allocations - b->internal_frees)
		fail_msg("nth:%llu: pools not at baseline (lists %llu queued %llu shm %llu res %llu handles %llu)",
			 (unsigned long long)nth, (unsigned long long)n->live_sg_lists,
			 (unsigned long long)n->queued_sg_requests,
			 (unsigned long long)n->live_shared_blocks,
			 (unsigned long long)n->live_driver_resources,
			 (unsigned long long)n->live_handles);
}

/* Returns the number of faults injected in this run. */
static uint64_t run_scenario(uint64_t nth, unsigned stress)
{
	struct ndisdma_config c;
	struct ndisdma_machine *m;
	struct ndisdma_pools base, now;
	struct ndisdma_report r;
	uint64_t injected;
	char err[256];

	ndisdma_config_init(&c);
	c.seed = 11;
	c.layout = NDISDMA_LAYOUT_MIXED;
	c.verifier = NDISDMA_VERIFIER_FULL;
	c.stress = stress;
	c.fault_mode = nth ? NDISDMA_FAULT_NTH : NDISDMA_FAULT_NONE;
	c.fault_nth = nth;
	c.report_text = NULL;
	assert_int_equal(ndisdma_machine_create(&c, &m, err, sizeof(err)), 0);
	ndisdma_machine_pools(m, &base);
	drive(m, "lifecycle", ndisdma_builtin_lifecycle, true);
	drive(m, "vm", vm_fault_injected_fixed, false);
	ndisdma_machine_pools(m, &now);
	check_baseline(&base, &now, nth);
	injected = now.faults_injected;
	assert_true(injected <= 1);
	/* the verifier names what was failed */
	assert_int_equal(ndisdma_report_count(m, "FAULT-INJECTED"), injected);
	if (injected) {
		bool named = false;
		for (size_t i = 0; ndisdma_report_at(m, i, &r); i++)
			named |= strcmp(r.rule, "FAULT-INJECTED") == 0 &&
				 strstr(r.message, "allocation point '") != NULL;
		assert_true(named);
	}
	/* a failed allocation is a documented status, never a driver bug
	 * the verifier would call an error */
	if (ndisdma_report_errors(m))
		fail_msg("nth:%llu: %llu verifier error(s)", (unsigned long long)nth,
			 (unsigned long long)ndisdma_report_errors(m));
	ndisdma_machine_destroy(m);
	return injected;
}

static void loop(unsigned stress, const char *label)
{
	uint64_t n;

	assert_int_equal(run_scenario(0, stress), 0);
	for (n = 1; n <= MAX_N; n++)
		if (run_scenario(n, stress) == 0)
			break;
	assert_true(n <= MAX_N);
	print_message("fail-nth (%s): %llu allocation points reached; nth:%llu ran clean\n",
		      label, (unsigned long long)(n - 1), (unsigned long long)n);
}

static void test_fail_every_allocation(void **state)
{
	loop(0, "no stress");
}

static void test_fail_every_allocation_stressed(void **state)
{
	loop(NDISDMA_STRESS_DEFER | NDISDMA_STRESS_BOUNCE | NDISDMA_STRESS_SPLIT,
	     "defer,split,bounce");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_every_allocation),
		cmocka_unit_test(test_fail_every_allocation_stressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_vf_rules.c — documentation that is also a test (issue 5): for every
 * rule of the catalogue, tests/verifier_miniports/<RULE>.c fires it (exact
 * rule id, count >= 1) and its -DFIXED twin fires nothing; every fixed twin
 * (a correct driver) stays silent at every level with every stress mode
 * (spec §10 "a correct driver produces no report at any level").  Each run
 * ends with the machine's pools back at their baseline.  BUGCHECK and STUCK
 * end the process (KeBugCheckEx never returns; a stuck seeded run cannot go
 * on): their firing miniports run in a forked child, which must exit
 * NDISDMA_EXIT_BUGCHECK / NDISDMA_EXIT_STUCK having written the report as
 * a JSON line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ndisdma/ndisdma.h>

#include "verifier/verifier.h"
#include "vf_miniports.h"

struct row {
	const char *rule;
	ndisdma_driver_entry fire, fixed;
};

#define VF_ROW(id, f, x) { id, (ndisdma_driver_entry)f, (ndisdma_driver_entry)x },
static const struct row rows[] = { VF_MINIPORTS(VF_ROW) };
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* What the machine needs for a rule to be reachable. */
struct setup {
	enum ndisdma_verifier_level level;   /* the firing run's level */
	enum ndisdma_layout layout;
	uint32_t map_register_cap;
	uint64_t fault_nth;                  /* firing run only */
	bool reset;                          /* restart, frames with resets, pause */
	const char *device;                  /* device model behind the adapter */
	bool restart;                        /* restart, pause */
	enum ndisdma_sched sched;            /* spec §9 scheduler */
	bool pause_held;                     /* restart, frames, pause with them held */
	enum ndisdma_iommu iommu;            /* spec §11 DMA remapping */
};

static struct setup setup_for(const char *rule)
{
	struct setup s = { NDISDMA_VERIFIER_STANDARD, NDISDMA_LAYOUT_SCATTERED, 0, 0, false,
			   NULL, false, NDISDMA_SCHED_THREADS, false, NDISDMA_IOMMU_OFF };
	static const char *const full[] = { "SGL-MODIFIED", "DMA-AFTER-FREE",
		"DMA-DIRECTION", "DMA-OVERRUN", "DMA-CPU-RACE" };

	for (size_t i = 0; i < sizeof(full) / sizeof(full[0]); i++)
		if (strcmp(rule, full[i]) == 0)
			s.level = NDISDMA_VERIFIER_FULL;
	if (strcmp(rule, "STUCK") == 0)
		s.sched = NDISDMA_SCHED_SEEDED;   /* only the seeded scheduler sees it */
	if (strcmp(rule, "DEREG-PENDING") == 0) {
		/* every piece above 4 GiB on a 32-bit channel, 2 map registers */
		s.layout = NDISDMA_LAYOUT_HIGH;
		s.map_register_cap = 2;
	}
	if (strcmp(rule, "FAULT-INJECTED") == 0)
		s.fault_nth = 1;
	/* the reset rules (vm.h VM_RESET) need a running adapter and resets */
	s.reset = strncmp(rule, "RESET-", 6) == 0 && strcmp(rule, "RESET-STRAY") != 0;
	if (s.reset)   /* the bounded reset wait on virtual time: a loaded
			* host cannot make a correct driver's reset "hang" */
		s.sched = NDISDMA_SCHED_SEEDED;
	/* spec §11: only a device behind the IOMMU faults on a stale IOVA or
	 * on a physical address (strict: at once) */
	if (strcmp(rule, "IOMMU-FAULT") == 0 || strcmp(rule, "DMA-NOT-REMAPPABLE") == 0)
		s.iommu = NDISDMA_IOMMU_STRICT;
	if (strcmp(rule, "DMA-NO-BUSMASTER") == 0)
		s.device = "virtio-net";   /* a PCI function whose Command it changes */
	/* the runtime's offload OIDs come after a restart (vm.h VM_OFFLOAD) */
	s.restart = strcmp(rule, "OFFLOAD-INDICATE") == 0;
	/* a pause with sends in flight (vm.h VM_CUSTOM_PAUSE) */
	s.pause_held = strcmp(rule, "PAUSE-SENDS") == 0;
	return s;
}

/* Restart, 8 frames with a reset after every 4 (the miniport holds its
 * sends until a reset), pause: what the VM_RESET rules need. */
static void run_resets(struct ndisdma_adapter *a, const char *what, bool fixed)
{
	struct ndisdma_traffic_config tc = { .frames = 8, .min_size = 60, .max_size = 60,
					     .window = 4, .batch = 4, .seed = 5,
					     .reset_every = 4 };
	struct ndisdma_traffic_result tr;
	char err[256];

	if (ndisdma_adapter_restart(a, err, sizeof(err)) != 0)
		fail_msg("%s: restart failed: %s", what, err);
	if (ndisdma_traffic_run(a, &tc, &tr, err, sizeof(err)) != 0 && fixed)
		fail_msg("%s: traffic failed: %s", what, err);
	if (fixed && (tr.resets != 2 || tr.send_completed != 8 || tr.lost_completions))
		fail_msg("%s: %llu resets, %llu of 8 sends completed", what,
			 (unsigned long long)tr.resets, (unsigned long long)tr.send_completed);
	if (ndisdma_adapter_pause(a, err, sizeof(err)) != 0)
		fail_msg("%s: pause failed: %s", what, err);
}

/* Restart, 4 frames the miniport holds, and the pause the traffic makes
 * once the last is handed over (halt_in_flight): what PAUSE-SENDS needs. */
static void run_pause_held(struct ndisdma_adapter *a, const char *what, bool fixed)
{
	struct ndisdma_traffic_config tc = { .frames = 4, .min_size = 60, .max_size = 60,
					     .window = 4, .batch = 4, .seed = 5,
					     .halt_in_flight = true };
	struct ndisdma_traffic_result tr;
	char err[256];

	if (ndisdma_adapter_restart(a, err, sizeof(err)) != 0)
		fail_msg("%s: restart failed: %s", what, err);
	if (ndisdma_traffic_run(a, &tc, &tr, err, sizeof(err)) != 0 && fixed)
		fail_msg("%s: traffic failed: %s", what, err);
	if (fixed && (tr.pauses != 1 || tr.send_completed != 4 || tr.lost_completions))
		fail_msg("%s: %llu pauses, %llu of 4 sends completed", what,
			 (unsigned long long)tr.pauses, (unsigned long long)tr.send_completed);
}

/* Restart (the runtime then sends the offload OIDs) and pause. */
static void run_restart(struct ndisdma_adapter *a, const char *what)
{
	char err[256];

	if (ndisdma_adapter_restart(a, err, sizeof(err)) != 0)
		fail_msg("%s: restart failed: %s", what, err);
	if (ndisdma_adapter_pause(a, err, sizeof(err)) != 0)
		fail_msg("%s: pause failed: %s", what, err);
}

struct outcome {
	uint64_t rule_count, total;
};

static void assert_pools_equal(const struct ndisdma_pools *a, const struct ndisdma_pools *b,
			       const char *what)
{
	if (a->live_sg_lists != b->live_sg_lists || a->queued_sg_requests != b->queued_sg_requests ||
	    a->live_shared_blocks != b->live_shared_blocks || a->shared_bytes != b->shared_bytes ||
	    a->live_driver_resources != b->live_driver_resources ||
	    a->live_handles != b->live_handles ||
	    a->internal_allocations - a->internal_frees != b->internal_allocations - b->internal_frees)
		fail_msg("%s: pools not at baseline (lists %llu, queued %llu, shm %llu, res %llu, handles %llu)",
			 what, (unsigned long long)b->live_sg_lists,
			 (unsigned long long)b->queued_sg_requests,
			 (unsigned long long)b->live_shared_blocks,
			 (unsigned long long)b->live_driver_resources,
			 (unsigned long long)b->live_handles);
}

static struct outcome run(const struct row *r, bool fixed,
			  enum ndisdma_verifier_level level, unsigned stress)
{
	struct setup s = setup_for(r->rule);
	struct ndisdma_config c;
	struct ndisdma_machine *m;
	struct ndisdma_driver *d = NULL;
	struct ndisdma_adapter *a = NULL;
	struct ndisdma_adapter_params p = { .name = "vm0" };
	struct ndisdma_pools base, now;
	struct outcome o;
	char err[256], what[128];

	p.device = s.device;
	snprintf(what, sizeof(what), "%s%s (level %d, stress %u)", r->rule,
		 fixed ? " fixed" : "", (int)level, stress);
	ndisdma_config_init(&c);
	c.seed = 5;
	c.layout = s.layout;
	c.verifier = level;
	c.stress = stress;
	c.map_register_cap = s.map_register_cap;
	c.sched = s.sched;
	c.iommu = s.iommu;
	c.reset_timeout_ms = 200;   /* RESET-HUNG: the bounded wait, kept short */
	c.report_text = fixed ? stderr : NULL;
	if (!fixed && s.fault_nth) {
		c.fault_mode = NDISDMA_FAULT_NTH;
		c.fault_nth = s.fault_nth;
	}
	assert_int_equal(ndisdma_machine_create(&c, &m, err, sizeof(err)), 0);
	ndisdma_machine_pools(m, &base);
	if (ndisdma_driver_load_builtin(m, r->rule, fixed ? r->fixed : r->fire, &d,
					err, sizeof(err)) == 0) {
		if (ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)) == 0) {
			if (s.reset)
				run_resets(a, what, fixed);
			else if (s.restart)
				run_restart(a, what);
			else if (s.pause_held)
				run_pause_held(a, what, fixed);
			ndisdma_adapter_halt(a);
		}
		else if (fixed)
			fail_msg("%s: initialization failed: %s", what, err);
		ndisdma_driver_unload(d);
	} else if (fixed) {
		fail_msg("%s: load failed: %s", what, err);
	}
	ndisdma_machine_pools(m, &now);
	assert_pools_equal(&base, &now, what);
	o.rule_count = ndisdma_report_count(m, r->rule);
	o.total = ndisdma_report_count(m, NULL);
	if (fixed && o.total)
		fail_msg("%s: the fixed twin fired %llu report(s)", what,
			 (unsigned long long)o.total);
	ndisdma_machine_destroy(m);
	return o;
}

static void test_every_rule_has_a_miniport(void **state)
{
	for (unsigned i = 0; i < VF_RULE_COUNT; i++) {
		const char *id = vf_rule_info((enum vf_rule)i)->id;
		bool found = false;

		for (size_t j = 0; j < NROWS; j++)
			found |= strcmp(rows[j].rule, id) == 0;
		if (!found)
			fail_msg("rule %s has no tests/verifier_miniports/%s.c", id, id);
	}
	for (size_t j = 0; j < NROWS; j++)
		if (vf_rule_by_id(rows[j].rule) == VF_RULE_COUNT)
			fail_msg("tests/verifier_miniports/%s.c names no rule", rows[j].rule);
	print_message("%zu rules, each with a firing miniport and a fixed twin\n", NROWS);
}

/* Rules whose firing miniport ends the process: the exit status, else 0. */
static int ends_the_run(const char *rule)
{
	if (strcmp(rule, "BUGCHECK") == 0)
		return NDISDMA_EXIT_BUGCHECK;
	if (strcmp(rule, "STUCK") == 0)
		return NDISDMA_EXIT_STUCK;
	return 0;
}

/* The firing miniport in a child: it must exit with its rule's status,
 * its JSON report stream (a file the parent reads back) naming the rule. */
static void fire_in_child(const struct row *r)
{
	FILE *json = tmpfile();
	char line[2048], want[64];
	int status = 0, exit_status = ends_the_run(r->rule);
	bool named = false;
	pid_t pid;

	assert_non_null(json);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ndisdma_config c;
		struct ndisdma_machine *m;
		struct ndisdma_driver *d;
		struct ndisdma_adapter *a;
		struct ndisdma_adapter_params p = { .name = "vm0" };
		char err[256];

		ndisdma_config_init(&c);
		c.report_text = NULL;
		c.report_json = json;
		c.sched = setup_for(r->rule).sched;
		if (ndisdma_machine_create(&c, &m, err, sizeof(err)) == 0 &&
		    ndisdma_driver_load_builtin(m, r->rule, r->fire, &d, err, sizeof(err)) == 0)
			ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err));
		_exit(0);   /* only if the miniport did not stop the machine */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != exit_status)
		fail_msg("%s: the child ended with status 0x%x, not exit %d", r->rule, status,
			 exit_status);
	snprintf(want, sizeof(want), "\"rule\":\"%s\"", r->rule);
	rewind(json);
	while (fgets(line, sizeof(line), json) != NULL)
		named |= strstr(line, want) != NULL;
	fclose(json);
	if (!named)
		fail_msg("%s: no %s report among the child's JSON lines", r->rule, r->rule);
}

static void test_each_rule_fires(void **state)
{
	for (size_t j = 0; j < NROWS; j++) {
		if (ends_the_run(rows[j].rule)) {
			fire_in_child(&rows[j]);
			continue;
		}
		struct outcome o = run(&rows[j], false, setup_for(rows[j].rule).level, 0);

		if (o.rule_count < 1)
			fail_msg("%s: the miniport did not fire its rule (%llu other reports)",
				 rows[j].rule, (unsigned long long)o.total);
	}
}

static void test_each_twin_is_silent(void **state)
{
	for (size_t j = 0; j < NROWS; j++)
		run(&rows[j], true, setup_for(rows[j].rule).level, 0);
}

/* spec §10: a correct driver produces no report at any level, with any
 * combination of stress modes. */
static void test_correct_drivers_silent_everywhere(void **state)
{
	static const unsigned stresses[] = {
		0, NDISDMA_STRESS_DEFER, NDISDMA_STRESS_SPLIT, NDISDMA_STRESS_BOUNCE,
		NDISDMA_STRESS_DEFER | NDISDMA_STRESS_SPLIT | NDISDMA_STRESS_BOUNCE,
	};

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
	/* ThreadSanitizer looks for races, which the ends of the matrix (no
	 * checks and every check; no stress and every stress) reach as well
	 * as its middle; the normal and ASan builds run every cell, and the
	 * whole matrix here would take a third of the suite's time budget. */
	static const int levels[] = { NDISDMA_VERIFIER_OFF, NDISDMA_VERIFIER_FULL };
	static const size_t stress_picks[] = { 0, 4 };
#else
	static const int levels[] = { NDISDMA_VERIFIER_OFF, NDISDMA_VERIFIER_STANDARD,
				      NDISDMA_VERIFIER_FULL };
	static const size_t stress_picks[] = { 0, 1, 2, 3, 4 };
#endif

	for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++)
		for (size_t s = 0; s < sizeof(stress_picks) / sizeof(stress_picks[0]); s++)
			for (size_t j = 0; j < NROWS; j++)
				run(&rows[j], true, (enum ndisdma_verifier_level)levels[l],
				    stresses[stress_picks[s]]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_has_a_miniport),
		cmocka_unit_test(test_each_rule_fires),
		cmocka_unit_test(test_each_twin_is_silent),
		cmocka_unit_test(test_correct_drivers_silent_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ksched_pct.c — PCT, probabilistic concurrency testing (Burckhardt,
 * Kothari, Musuvathi, Nagarakatte, ASPLOS 2010), under `--sched pct:D[:K]`.
 *
 * Each task gets a random priority of at least D when it is created; the
 * highest-priority task that can run always runs.  D - 1 change points
 * are drawn uniformly from the first K steps (switch points); at the i-th
 * the running task's priority drops to D - i, below every initial one.
 * A bug of depth D (D ordering constraints) is then found with
 * probability at least 1 / (n * K^(D-1)) per run — and, like every
 * seeded schedule, replays from the seed.  A spinning task (ksched_point
 * of the spin class) yields to the next priority while anything else can
 * run, so a spin on a lock held by a lower priority does not livelock.
 */
#include "kernel/ksched_internal.h"

#include <stdlib.h>

void ksched_pct_init(struct ksched *s, uint32_t depth, uint64_t steps)
{
	s->depth = depth ? depth : 1;
	s->changes_done = 0;
	s->change = NULL;
	if (s->mode != KSCHED_PCT || s->depth < 2)
		return;
	if (!steps)
		steps = KSCHED_PCT_DEFAULT_STEPS;
	s->change = calloc(s->depth - 1, sizeof(*s->change));
	if (!s->change) {
		s->depth = 1;
		return;
	}
	for (uint32_t i = 0; i + 1 < s->depth; i++) {
		uint64_t v = 1 + ksched_random(s) % steps;
		uint32_t j = i;

		while (j > 0 && s->change[j - 1] > v) {   /* insertion: ascending */
			s->change[j] = s->change[j - 1];
			j--;
		}
		s->change[j] = v;
	}
}

void ksched_pct_fini(struct ksched *s)
{
	free(s->change);
	s->change = NULL;
}

uint64_t ksched_pct_priority(struct ksched *s)
{
	if (s->mode != KSCHED_PCT)
		return 0;
	/* at least depth, distinct with overwhelming probability (ties go to
	 * the older task) */
	return s->depth + (ksched_random(s) >> 8);
}

struct ktask *ksched_pct_choose(struct ksched *s, struct ktask **c, unsigned n)
{
	struct ktask *best = c[0];

	(void)s;
	for (unsigned i = 1; i < n; i++)
		if (c[i]->prio > best->prio)
			best = c[i];
	return best;
}

void ksched_pct_step(struct ksched *s, struct ktask *self)
{
	while (s->change && s->changes_done + 1 < s->depth &&
	       s->steps == s->change[s->changes_done]) {
		s->changes_done++;
		self->prio = s->depth - s->changes_done;
	}
}

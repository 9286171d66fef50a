/* kstuck.c — the end of a stuck seeded run (STUCK; spec §9,
 * docs/scheduling.md "STUCK"): after the scheduler's report, the host's
 * handler writes what a finished run writes, then the process ends.
 *
 * _exit, not exit: the machine's other threads are parked inside the
 * scheduler and never run again; atexit handlers and destructors would
 * meet them.  A handler that gets stuck again (a switch point with
 * nothing else able to run: it waited for a lock a parked context holds)
 * ends the process at once, its report already flushed.
 */
#include "kernel/kernel.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_flag ending = ATOMIC_FLAG_INIT;

_Noreturn void kernel_stuck_end(struct kernel *k, const struct kernel_stuck *st)
{
	kernel_stuck_fn handler;

	fflush(NULL);
	if (k != NULL && k->config.stuck_abort) {   /* a fuzzing engine keeps the input */
		fprintf(stderr, "ndisdma: STUCK: %s\n", st->why);
		abort();
	}
	if (atomic_flag_test_and_set(&ending))   /* stuck again, in the handler */
		_exit(KERNEL_STUCK_EXIT);
	handler = k != NULL ? atomic_load(&k->debug.stuck) : NULL;
	if (handler != NULL)
		handler(atomic_load(&k->debug.stuck_ctx), st);
	fflush(NULL);
	_exit(KERNEL_STUCK_EXIT);
}

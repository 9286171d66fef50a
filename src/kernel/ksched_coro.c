/* ksched_coro.c — the tasks of a seeded or pct scheduler as coroutines of
 * one host thread (docs/scheduling.md "Cost").
 *
 * Only one task of a scheduler ever runs, so every task can live on the
 * host thread that created the machine: each context (DPC and work
 * queues, interrupts, device models, the hang check, system threads) gets
 * its own stack and a switch is a swapcontext — no futex hand-off, no
 * wake-up latency of the host's scheduler, which on a loaded machine is
 * what a switch cost.  The decisions (ksched.c pick) are the same ones, so
 * the trace hash is the same as with a host thread per task.
 *
 * What a host thread would have kept apart the coroutines share: each
 * module's thread-local context state (IRQL, the current KTHREAD, the
 * DPC being run, held NDIS read locks, ...) is registered here
 * (KSCHED_TLS, ksched.h) and saved and restored at each switch.  Each
 * coroutine gets its own KTHREAD (ksched_task_slot).
 *
 * The baton over host threads stays the fallback: under ThreadSanitizer
 * (it cannot follow one mutex unlocked by another context of the same
 * thread) and when NDISDMA_SCHED_HOST_THREADS is set in the environment.
 * AddressSanitizer is told about each stack switch.
 */
#include "kernel/ksched_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel/kexec.h"

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
#include <sanitizer/common_interface_defs.h>
#define CORO_ASAN 1
#else
#define CORO_ASAN 0
#endif

/* Virtual size; pages are committed as touched.  Windows gives a kernel
 * thread 12-24 KiB; miniport code and the sanitizers' frames get more. */
#define CORO_STACK (2u << 20)
#define CORO_GUARD 4096u

/* ---- thread-local state the contexts keep ------------------------------------------- */

#define TLS_MAX 32
static struct tls_block {
	void *(*addr)(void);
	size_t size, offset;
} tls_blocks[TLS_MAX];
static unsigned tls_count;
static size_t tls_bytes;

void ksched_tls_register(void *(*addr)(void), size_t size)
{
	/* constructors: before main, one thread */
	if (tls_count == TLS_MAX) {
		fprintf(stderr, "ndisdma: seeded scheduler: too many thread-local blocks\n");
		abort();
	}
	tls_blocks[tls_count++] = (struct tls_block){ addr, size, tls_bytes };
	tls_bytes += (size + 15) & ~(size_t)15;
}

static void tls_save(struct ktask *t)
{
	for (unsigned i = 0; i < tls_count; i++)
		memcpy(t->tls + tls_blocks[i].offset, tls_blocks[i].addr(), tls_blocks[i].size);
}

static void tls_load(const struct ktask *t)
{
	for (unsigned i = 0; i < tls_count; i++)
		memcpy(tls_blocks[i].addr(), t->tls + tls_blocks[i].offset, tls_blocks[i].size);
}

/* ---- the mode ---------------------------------------------------------------------- */

bool ksched_coro_wanted(void)
{
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
	return false;
#else
	return getenv("NDISDMA_SCHED_HOST_THREADS") == NULL;
#endif
}

int ksched_coro_task_init(struct ksched *s, struct ktask *t)
{
	if (!s->coro)
		return 0;
	t->tls = calloc(1, tls_bytes ? tls_bytes : 1);
	return t->tls ? 0 : -1;
}

void ksched_coro_task_fini(struct ktask *t)
{
	if (t->stack)
		munmap(t->stack, CORO_STACK + CORO_GUARD);
	free(t->tls);
	free(t->slot);
}

void *ksched_task_slot(size_t size)
{
	struct ktask *t = ktask_self;

	if (!t || !t->s->coro || t == t->s->host)
		return NULL;   /* a host thread's own TLS serves */
	if (!t->slot)
		t->slot = calloc(1, size);
	return t->slot;
}

/* ---- switching ----------------------------------------------------------------------- */

/* On x86-64 a switch saves what the System V ABI has the callee keep
 * (rbx, rbp, r12-r15, the stack pointer, MXCSR and the x87 control word)
 * and nothing else: swapcontext also saves and restores the signal mask,
 * a system call at every switch, which on a loaded or virtualized host
 * costs more than the rest of the switch.  Tasks never change the signal
 * mask, so there is nothing to keep.  Elsewhere, swapcontext. */
#if defined(__x86_64__)
#define CORO_ASM 1
void ksched_ctx_swap(void **save_sp, void *to_sp) __attribute__((visibility("hidden")));
void ksched_ctx_entry(void) __attribute__((visibility("hidden")));
__asm__(".pushsection .text\n"
	".p2align 4\n"
	".globl ksched_ctx_swap\n"
	".hidden ksched_ctx_swap\n"
	".type ksched_ctx_swap, @function\n"
	"ksched_ctx_swap:\n"
	"\tendbr64\n"
	"\tpushq %rbp\n\tpushq %rbx\n\tpushq %r12\n"
	"\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
	"\tsubq $8, %rsp\n\tstmxcsr (%rsp)\n\tfnstcw 4(%rsp)\n"
	"\tmovq %rsp, (%rdi)\n"
	"\tmovq %rsi, %rsp\n"
	"\tldmxcsr (%rsp)\n\tfldcw 4(%rsp)\n\taddq $8, %rsp\n"
	"\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n"
	"\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
	"\tret\n"
	".size ksched_ctx_swap, .-ksched_ctx_swap\n"
	".p2align 4\n"
	".globl ksched_ctx_entry\n"
	".hidden ksched_ctx_entry\n"
	".type ksched_ctx_entry, @function\n"
	"ksched_ctx_entry:\n"
	"\tendbr64\n"
	"\tmovq %r12, %rdi\n"
	"\tcall ksched_coro_start\n"
	"\tud2\n"
	".size ksched_ctx_entry, .-ksched_ctx_entry\n"
	".popsection\n");
#else
#define CORO_ASM 0
#endif

/* s locked, on a task's stack that is not the zombie's: the task that
 * ended last is freed (its stack could not be freed while it ran on it). */
static void reap(struct ksched *s)
{
	struct ktask *z = s->zombie;

	if (!z || z == ktask_self)
		return;
	s->zombie = NULL;
	ksched_task_free(s, z);
}

static void asan_start(struct ksched *s, struct ktask *from, struct ktask *to)
{
	s->from = from;
#if CORO_ASAN
	__sanitizer_start_switch_fiber(from->state == KT_DONE ? NULL : &from->asan_fake,
				       to->stack_bottom, to->stack_size);
#else
	(void)to;
#endif
}

static void asan_finish(struct ksched *s, struct ktask *self)
{
#if CORO_ASAN
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(self->asan_fake, &bottom, &size);
	if (s->from && !s->from->stack_bottom) {   /* the host thread's own stack */
		s->from->stack_bottom = bottom;
		s->from->stack_size = size;
	}
#else
	(void)s;
	(void)self;
#endif
}

/* s locked: self hands the host thread to t and returns when it is
 * current again (never, when self has ended). */
void ksched_coro_switch(struct ksched *s, struct ktask *self, struct ktask *t)
{
	tls_save(self);
	tls_load(t);
	ktask_self = t;
	asan_start(s, self, t);
#if CORO_ASM
	ksched_ctx_swap(&self->sp, t->sp);
#else
	if (swapcontext(&self->uc, &t->uc) != 0) {
		fprintf(stderr, "ndisdma: seeded scheduler: swapcontext failed\n");
		abort();
	}
#endif
	asan_finish(s, self);
	reap(s);
}

/* A coroutine's first instructions: it was switched to with s locked
 * (ksched_ctx_entry, or makecontext's call of trampoline). */
void ksched_coro_start(struct ktask *t) __attribute__((visibility("hidden"), used, noreturn));
void ksched_coro_start(struct ktask *t)
{
	struct ksched *s = t->s;

	asan_finish(s, t);
	reap(s);
	pthread_mutex_unlock(&s->lock);
	t->fn(t->arg);   /* ends in ksched_task_exit, which never returns here */
	fprintf(stderr, "ndisdma: seeded scheduler: task '%s' returned without "
		"ksched_task_exit\n", t->name);
	abort();
}

#if !CORO_ASM
static void trampoline(unsigned hi, unsigned lo)
{
	ksched_coro_start((struct ktask *)(((uintptr_t)hi << 32) | lo));
}
#endif

int ksched_coro_spawn(struct ktask *t, void *(*fn)(void *), void *arg)
{
	uintptr_t p = (uintptr_t)t;
	char *mem = mmap(NULL, CORO_STACK + CORO_GUARD, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);

	if (mem == MAP_FAILED)
		return -1;
	if (mprotect(mem, CORO_GUARD, PROT_NONE) != 0 || getcontext(&t->uc) != 0) {
		munmap(mem, CORO_STACK + CORO_GUARD);
		return -1;
	}
	t->stack = mem;
	t->stack_bottom = mem + CORO_GUARD;
	t->stack_size = CORO_STACK;
	t->fn = fn;
	t->arg = arg;
#if CORO_ASM
	{
		/* what ksched_ctx_swap pops: the FP control words (this
		 * thread's), r15..r12 (r12: the task), rbx, rbp, then the
		 * return into ksched_ctx_entry, which calls with the stack
		 * 16-aligned (the top of the mapping) */
		uint64_t *sp = (uint64_t *)(void *)(mem + CORO_GUARD + CORO_STACK) - 8;
		uint32_t mxcsr = __builtin_ia32_stmxcsr();
		uint16_t fpcw;

		__asm__ volatile("fnstcw %0" : "=m"(fpcw));
		sp[0] = (uint64_t)mxcsr | (uint64_t)fpcw << 32;
		sp[1] = sp[2] = sp[3] = 0;             /* r15, r14, r13 */
		sp[4] = (uint64_t)p;                   /* r12 */
		sp[5] = sp[6] = 0;                     /* rbx, rbp */
		sp[7] = (uint64_t)(uintptr_t)ksched_ctx_entry;
		t->sp = sp;
	}
#else
	t->uc.uc_stack.ss_sp = mem + CORO_GUARD;
	t->uc.uc_stack.ss_size = CORO_STACK;
	t->uc.uc_link = NULL;
	makecontext(&t->uc, (void (*)(void))trampoline, 2, (unsigned)(p >> 32),
		    (unsigned)(p & 0xFFFFFFFFu));
#endif
	return 0;
}

/* s locked, on another task's stack or at the machine's end. */
void ksched_coro_reap_all(struct ksched *s)
{
	if (s->zombie && s->zombie != ktask_self) {
		ksched_task_free(s, s->zombie);
		s->zombie = NULL;
	}
}

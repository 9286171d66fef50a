/* ksched_coro.c — the tasks of a seeded or pct scheduler as coroutines of
 * one host thread (docs/scheduling.md "Cost").
 *
 * Only one task of a scheduler ever runs, so every task can live on the
 * host thread that created the machine: each context (DPC and work
 * queues, interrupts, device models, the hang check, system threads) gets
 * its own stack and a switch saves the callee-saved registers on one
 * stack and loads them from the other — no futex hand-off, no wake-up
 * latency of the host's scheduler, which on a loaded machine is what a
 * switch cost, and no system call (swapcontext saves the signal mask with
 * one; the tasks never change it).  On x86-64 the switch is the few
 * instructions below; elsewhere swapcontext.  The decisions (ksched.c
 * pick) are the same ones, so the trace hash is the same as with a host
 * thread per task.
 *
 * What a host thread would have kept apart the coroutines share: each
 * module's context state (the DPC being run, held NDIS read locks, ...)
 * is in an area per context (KSCHED_CTX, ksched.h), the current one
 * named by ksched_ctx_cur, which a switch sets; the few __thread
 * variables read directly (the IRQL, the current KTHREAD, the WPP
 * caller) are registered here (KSCHED_TLS) and saved and restored at each
 * switch.  Each coroutine gets its own KTHREAD (ksched_task_slot).
 *
 * The baton over host threads stays the fallback: under ThreadSanitizer
 * (it cannot follow one mutex unlocked by another context of the same
 * thread) and when NDISDMA_SCHED_HOST_THREADS is set in the environment.
 * AddressSanitizer is told about each stack switch.  An ended task's
 * stack is kept (up to KSCHED_STACK_POOL per scheduler) for the next task.
 */
#include "kernel/ksched_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel/kexec.h"

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define CORO_ASAN 1
#else
#define CORO_ASAN 0
#endif

/* Virtual size; pages are committed as touched.  Windows gives a kernel
 * thread 12-24 KiB; miniport code and the sanitizers' frames get more. */
#define CORO_STACK (2u << 20)
#define CORO_GUARD 4096u

#if defined(__x86_64__)
/* ndisdma_coro_swap(&from->sp, to->sp): push what the SysV ABI says a
 * callee preserves (rbx, rbp, r12-r15, the MXCSR and x87 control words),
 * store the stack pointer, load the other one, pop the same and return
 * into it.  A new stack starts with such a frame whose return address is
 * ndisdma_coro_entry, which calls r13(r12) on a 16-byte aligned stack. */
void ndisdma_coro_swap(void **save, void *to);
void ndisdma_coro_entry(void);
__asm__(".text\n"
	".globl ndisdma_coro_swap\n"
	".hidden ndisdma_coro_swap\n"
	".type ndisdma_coro_swap,@function\n"
	"ndisdma_coro_swap:\n"
	"\tpushq %rbp\n\tpushq %rbx\n\tpushq %r12\n"
	"\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
	"\tsubq $8, %rsp\n\tstmxcsr (%rsp)\n\tfnstcw 4(%rsp)\n"
	"\tmovq %rsp, (%rdi)\n"
	"\tmovq %rsi, %rsp\n"
	"\tldmxcsr (%rsp)\n\tfldcw 4(%rsp)\n\taddq $8, %rsp\n"
	"\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n"
	"\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
	"\tret\n"
	".size ndisdma_coro_swap, .-ndisdma_coro_swap\n"
	".globl ndisdma_coro_entry\n"
	".hidden ndisdma_coro_entry\n"
	".type ndisdma_coro_entry,@function\n"
	"ndisdma_coro_entry:\n"
	"\tmovq %r12, %rdi\n"
	"\tcallq *%r13\n"
	"\tud2\n"
	".size ndisdma_coro_entry, .-ndisdma_coro_entry\n");
#endif

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

/* ---- context-local state reached by pointer (KSCHED_CTX, ksched.h) ------------------- */

static size_t ctx_bytes;
__thread unsigned char *ksched_ctx_cur __attribute__((tls_model("initial-exec")));
static __thread unsigned char ctx_host[KSCHED_CTX_MAX]
	__attribute__((aligned(16), tls_model("initial-exec")));

size_t ksched_ctx_register(size_t size, size_t align)
{
	size_t off = (ctx_bytes + align - 1) & ~(align - 1);

	/* constructors: before main, one thread; an area comes from calloc */
	if (align > 16 || off + size > KSCHED_CTX_MAX) {
		fprintf(stderr, "ndisdma: seeded scheduler: context-local state over %u bytes\n",
			KSCHED_CTX_MAX);
		abort();
	}
	ctx_bytes = off + size;
	return off;
}

unsigned char *ksched_ctx_host(void)
{
	return ksched_ctx_cur = ctx_host;
}

/* The blocks' addresses on this host thread, looked up once: every
 * coroutine of a scheduler runs on the host thread that switches to it,
 * and a block's addr() is a __tls_get_addr call (a library's variable;
 * intercepted under AddressSanitizer), two per block and switch. */
static __thread void *tls_addr[TLS_MAX] __attribute__((tls_model("initial-exec")));
static __thread unsigned tls_addr_count __attribute__((tls_model("initial-exec")));

/* A constant-size copy for the sizes registered (8: the WPP caller; 24
 * and 32: the KTHREAD state of kthread.c and kernel.h): inlined as loads
 * and stores, where a copy of a size known only at run time is a library
 * call and its size dispatch. */
static inline void tls_copy(void *to, const void *from, size_t size)
{
	switch (size) {
	case 8: memcpy(to, from, 8); break;
	case 24: memcpy(to, from, 24); break;
	case 32: memcpy(to, from, 32); break;
	default: memcpy(to, from, size); break;
	}
}

/* self's context state saved, t's loaded. */
static void tls_swap(struct ktask *self, const struct ktask *t)
{
	void **addr = tls_addr;

	if (tls_addr_count != tls_count) {
		for (unsigned i = 0; i < tls_count; i++)
			addr[i] = tls_blocks[i].addr();
		tls_addr_count = tls_count;
	}
	for (unsigned i = 0; i < tls_count; i++) {
		tls_copy(self->tls + tls_blocks[i].offset, addr[i], tls_blocks[i].size);
		tls_copy(addr[i], t->tls + tls_blocks[i].offset, tls_blocks[i].size);
	}
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
	/* the thread-local blocks' copies, then the context area */
	t->tls = calloc(1, tls_bytes + ctx_bytes + 1);   /* tls_bytes: 16-byte multiple */
	if (!t->tls)
		return -1;
	t->area = t->tls + tls_bytes;
	return 0;
}

/* An ended task's stack goes back to its scheduler's pool (or is
 * unmapped when the pool is full).  Under ASan the frames that were live
 * when it ended (from its exit up to its top: they never returned, so
 * their redzones are still poisoned) are unpoisoned, so the next task
 * starts on a clean stack; deeper frames unpoisoned themselves when they
 * returned. */
void ksched_coro_task_fini(struct ktask *t)
{
	struct ksched *s = t->s;

	if (t->stack && s->stacks_pooled < KSCHED_STACK_POOL) {
#if CORO_ASAN
		const char *bottom = (const char *)t->stack + CORO_GUARD;
		const char *top = bottom + CORO_STACK;
		const char *low = t->exit_sp ? (const char *)t->exit_sp - 16384 : bottom;

		if (low < bottom)
			low = bottom;
		__asan_unpoison_memory_region(low, (size_t)(top - low));
#endif
		s->stack_pool[s->stacks_pooled++] = t->stack;
	} else if (t->stack) {
		munmap(t->stack, CORO_STACK + CORO_GUARD);
	}
	free(t->tls);
	free(t->slot);
}

void ksched_coro_fini(struct ksched *s)
{
	while (s->stacks_pooled)
		munmap(s->stack_pool[--s->stacks_pooled], CORO_STACK + CORO_GUARD);
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
	tls_swap(self, t);
	ksched_ctx_cur = t->area ? t->area : ctx_host;
	ktask_self = t;
	asan_start(s, self, t);
#if defined(__x86_64__)
	ndisdma_coro_swap(&self->sp, t->sp);
#else
	if (swapcontext(&self->uc, &t->uc) != 0) {
		fprintf(stderr, "ndisdma: seeded scheduler: swapcontext failed\n");
		abort();
	}
#endif
	asan_finish(s, self);
	reap(s);
}

/* A coroutine's first instructions: it was switched to with s locked. */
static void trampoline(struct ktask *t)
{
	struct ksched *s = t->s;

	asan_finish(s, t);
	reap(s);
	sunlock(s);
	t->fn(t->arg);   /* ends in ksched_task_exit, which never returns here */
	fprintf(stderr, "ndisdma: seeded scheduler: task '%s' returned without "
		"ksched_task_exit\n", t->name);
	abort();
}

#if defined(__x86_64__)
/* The frame ndisdma_coro_swap pops at the top of a new stack: the two
 * control words (the ABI's initial values), r15..rbp, the return address. */
static void frame_init(struct ktask *t, char *top)
{
	uint64_t *sp = (uint64_t *)(void *)top - 8;

	sp[0] = 0x1F80u | ((uint64_t)0x037Fu << 32);   /* MXCSR, x87 CW */
	sp[1] = 0;                                     /* r15 */
	sp[2] = 0;                                     /* r14 */
	sp[3] = (uint64_t)(uintptr_t)trampoline;       /* r13: what to call */
	sp[4] = (uint64_t)(uintptr_t)t;                /* r12: its argument */
	sp[5] = 0;                                     /* rbx */
	sp[6] = 0;                                     /* rbp */
	sp[7] = (uint64_t)(uintptr_t)ndisdma_coro_entry;
	t->sp = sp;
}
#else
static void entry_split(unsigned hi, unsigned lo)
{
	trampoline((struct ktask *)(((uintptr_t)hi << 32) | lo));
}
#endif

/* A stack for a new task: an ended task's from the pool (a machine's
 * contexts come and go with each adapter: interrupt, device model, hang
 * check), else a new mapping (pages committed as touched, a guard page
 * below). */
static char *stack_get(struct ksched *s)
{
	char *mem = NULL;

	slock(s);
	if (s->stacks_pooled)
		mem = s->stack_pool[--s->stacks_pooled];
	sunlock(s);
	if (mem)
		return mem;
	mem = mmap(NULL, CORO_STACK + CORO_GUARD, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (mem == MAP_FAILED)
		return NULL;
	if (mprotect(mem, CORO_GUARD, PROT_NONE) != 0) {
		munmap(mem, CORO_STACK + CORO_GUARD);
		return NULL;
	}
	return mem;
}

int ksched_coro_spawn(struct ktask *t, void *(*fn)(void *), void *arg)
{
	char *mem = stack_get(t->s);

	if (!mem)
		return -1;
	t->stack = mem;
	t->stack_bottom = mem + CORO_GUARD;
	t->stack_size = CORO_STACK;
	t->fn = fn;
	t->arg = arg;
#if defined(__x86_64__)
	frame_init(t, mem + CORO_GUARD + CORO_STACK);   /* mmap: page aligned */
#else
	if (getcontext(&t->uc) != 0) {
		munmap(mem, CORO_STACK + CORO_GUARD);
		t->stack = NULL;
		return -1;
	}
	t->uc.uc_stack.ss_sp = mem + CORO_GUARD;
	t->uc.uc_stack.ss_size = CORO_STACK;
	t->uc.uc_link = NULL;
	uintptr_t p = (uintptr_t)t;
	makecontext(&t->uc, (void (*)(void))entry_split, 2, (unsigned)(p >> 32),
		    (unsigned)(p & 0xFFFFFFFFu));
#endif
	return 0;
}

/* s locked, on another task's stack or at the machine's end. */
void ksched_coro_reap_all(struct ksched *s)
{
	reap(s);
}

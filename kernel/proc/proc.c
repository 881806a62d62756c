/*
 * The process table (see kern/proc.h): slots, endpoints and their
 * generations, lookup, creation and start.  Ending a process is in
 * proc_exit.c.
 *
 * An endpoint is (generation << 10) | slot.  A slot's p_endpoint keeps the
 * last generation used in it even while free, and each new process in the
 * slot takes the next one (1 .. 2^21 - 1, so endpoints stay positive and
 * never 0), so a stale endpoint names nobody for a long time.  Slots are
 * handed out round-robin, which delays their reuse further.
 */
#include <stddef.h>
#include <arch/usermode.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define GEN_LIMIT (1u << (31 - ENDPOINT_SLOT_BITS))

struct proc proc_table[ENDPOINT_SLOTS];
struct spinlock proc_lock = SPINLOCK_INIT("proc");

static unsigned proc_cursor; /* (proc_lock) where the next search starts */
static endpoint_t rs_endpoint = ENDPOINT_NONE;

struct proc *
proc_current(void)
{
	struct thread *t = thread_current();

	return t != NULL ? t->t_proc : NULL;
}

struct proc *
proc_lookup(endpoint_t ep)
{
	struct proc *p;

	if (ep == ENDPOINT_SELF) {
		return proc_current();
	}
	if (ep <= 0) {
		return NULL;
	}
	p = &proc_table[ENDPOINT_SLOT(ep)];
	if (p->p_endpoint != ep || (p->p_state != PROC_NEW && p->p_state != PROC_LIVE)) {
		return NULL;
	}
	return p;
}

bool
proc_is_rs(const struct proc *p)
{
	return p != NULL && p->p_endpoint == rs_endpoint;
}

void
proc_set_rs(struct proc *p)
{
	rs_endpoint = p->p_endpoint;
}

uint32_t
proc_count(void)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		enum proc_state s = __atomic_load_n(&proc_table[i].p_state, __ATOMIC_RELAXED);

		if (s != PROC_FREE && s != PROC_ZOMBIE) {
			n++;
		}
	}
	return n;
}

/* Takes a free slot and gives it the next generation; proc_lock held. */
static struct proc *
proc_alloc_slot(void)
{
	for (unsigned k = 0; k < ENDPOINT_SLOTS; k++) {
		unsigned slot = (proc_cursor + k) % ENDPOINT_SLOTS;
		struct proc *p = &proc_table[slot];
		uint32_t gen;

		if (p->p_state != PROC_FREE) {
			continue;
		}
		gen = ENDPOINT_GEN(p->p_endpoint) + 1;
		if (gen >= GEN_LIMIT) {
			gen = 1;
		}
		memset(p, 0, sizeof(*p));
		p->p_endpoint = ENDPOINT_MAKE(slot, gen);
		p->p_state = PROC_NEW;
		proc_cursor = slot + 1;
		return p;
	}
	return NULL;
}

struct proc *
proc_create(const char *name, size_t len, struct proc *parent, int *err)
{
	struct proc *p;
	bool was;

	was = spin_lock_irqsave(&proc_lock);
	p = proc_alloc_slot();
	if (p != NULL) {
		if (len >= sizeof(p->p_name)) {
			len = sizeof(p->p_name) - 1;
		}
		memcpy(p->p_name, name, len);
		p->p_name[len] = '\0';
		p->p_parent = parent != NULL ? parent->p_endpoint : ENDPOINT_NONE;
		p->p_ipc_peer = ENDPOINT_NONE;
	}
	spin_unlock_irqrestore(&proc_lock, was);
	if (p == NULL) {
		*err = -EAGAIN;
		return NULL;
	}
	/* Nobody else can reach a PROC_NEW process but its creator. */
	if (vm_create(p) != 0) {
		was = spin_lock_irqsave(&proc_lock);
		p->p_state = PROC_FREE;
		spin_unlock_irqrestore(&proc_lock, was);
		*err = -ENOMEM;
		return NULL;
	}
	return p;
}

/*
 * The first code of a process's thread: it becomes the process's thread
 * (address space and kernel stack loaded, interrupts off so that no switch
 * sees half of it) and leaves for ring 3.  It sets p_thread itself: the
 * process may be gone by the time thread_create() returns to the parent.
 */
static void
proc_thread_main(void *arg)
{
	struct proc *p = arg;

	irq_disable();
	__atomic_store_n(&p->p_thread, thread_current(), __ATOMIC_RELEASE);
	thread_current()->t_proc = p;
	usermode_switch_self();
	proc_user_return();
	usermode_enter(p->p_start_rip, p->p_start_rsp, p->p_start_rdi, p->p_start_rsi);
}

int
proc_start(struct proc *p)
{
	struct thread *t;
	bool was;

	was = spin_lock_irqsave(&proc_lock);
	if (p->p_state != PROC_NEW) {
		spin_unlock_irqrestore(&proc_lock, was);
		return -ESRCH;
	}
	p->p_state = PROC_LIVE;
	spin_unlock_irqrestore(&proc_lock, was);

	t = thread_create(p->p_name, proc_thread_main, p, THREAD_PRIO_DEFAULT, -1);
	if (t == NULL) {
		was = spin_lock_irqsave(&proc_lock);
		p->p_state = PROC_NEW;
		spin_unlock_irqrestore(&proc_lock, was);
		return -ENOMEM;
	}
	pr_debug("proc: %s started (ep %d)\n", p->p_name, p->p_endpoint);
	return 0;
}

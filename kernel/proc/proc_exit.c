/*
 * How processes end (see kern/proc.h): by SYS_EXIT, a fault or
 * KC_PROC_KILL, always on the process's own thread except for one that
 * never started, which its parent ends.  Then the collection of the exit
 * record by the parent (KC_PROC_WAIT).
 *
 * The path: PROC_DYING (invisible to lookups from then on), the IPC and
 * resource hooks, the address space, the process's own unstarted and
 * exited children, and last PROC_ZOMBIE with NOTIFY_EXIT to the parent.  A
 * process whose parent is gone frees its slot at once instead: nobody
 * would ever collect it.
 */
#include <arch/smp.h>
#include <arch/usermode.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static void proc_teardown(struct proc *p);

/* Marks p dying with its exit record; false if it already was. */
static bool
proc_begin_exit(struct proc *p, uint32_t cause, int32_t status, uint32_t vector, uint64_t addr,
    uint64_t rip)
{
	bool was = spin_lock_irqsave(&proc_lock);
	bool first = p->p_state == PROC_NEW || p->p_state == PROC_LIVE;

	if (first) {
		p->p_state = PROC_DYING;
		p->p_exit = (struct exit_info){
			.ei_endpoint = p->p_endpoint,
			.ei_cause = cause,
			.ei_status = status,
			.ei_vector = vector,
			.ei_addr = addr,
			.ei_rip = rip,
		};
	}
	spin_unlock_irqrestore(&proc_lock, was);
	return first;
}

/*
 * The children of a dying process: the unstarted ones die with it (only
 * it could have started them), the exited ones can no longer be
 * collected.  Running ones live on; they free their own slot at exit.
 */
static void
proc_drop_children(struct proc *p)
{
	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		struct proc *c = &proc_table[i];
		bool was = spin_lock_irqsave(&proc_lock);
		bool destroy = false;

		if (c->p_parent == p->p_endpoint && c != p) {
			if (c->p_state == PROC_ZOMBIE) {
				c->p_state = PROC_FREE;
			} else if (c->p_state == PROC_NEW) {
				c->p_state = PROC_DYING;
				c->p_exit = (struct exit_info){ .ei_endpoint = c->p_endpoint,
					.ei_cause = EXIT_KILLED };
				destroy = true;
			}
		}
		spin_unlock_irqrestore(&proc_lock, was);
		if (destroy) {
			proc_teardown(c);
		}
	}
}

/* The last step: a zombie for the parent to collect, or a free slot. */
static void
proc_finish(struct proc *p)
{
	bool was = spin_lock_irqsave(&proc_lock);
	struct proc *parent = proc_lookup(p->p_parent);

	p->p_thread = NULL;
	if (parent != NULL) {
		p->p_state = PROC_ZOMBIE;
		ipc_kernel_notify(parent, NOTIFY_EXIT);
	} else {
		p->p_state = PROC_FREE;
	}
	spin_unlock_irqrestore(&proc_lock, was);
}

/* Everything but the thread; p is PROC_DYING and its address space is not
 * loaded anywhere. */
static void
proc_teardown(struct proc *p)
{
	ipc_proc_died(p);
	proc_release_resources(p);
	vm_destroy(p);
	proc_drop_children(p);
	proc_finish(p);
}

void
proc_exit(uint32_t cause, int32_t status, uint32_t vector, uint64_t addr, uint64_t rip)
{
	struct proc *p = proc_current();

	irq_enable();
	if (!proc_begin_exit(p, cause, status, vector, addr, rip)) {
		/* Only this thread ends its process once it runs. */
		pr_err("proc: %s (ep %d) exits twice\n", p->p_name, p->p_endpoint);
	}
	if (proc_is_rs(p)) {
		pr_err("proc: rs ended (cause %u, status %d): nothing will restart services\n",
		    cause, status);
	}
	/* Off the process's address space, as a kernel thread, before it
	 * goes away; the hooks reach it through p_cr3 all the same. */
	irq_disable();
	thread_current()->t_proc = NULL;
	usermode_switch_self();
	irq_enable();
	proc_teardown(p);
	thread_exit();
}

bool
proc_should_die(const struct proc *p)
{
	return __atomic_load_n(&p->p_kill_pending, __ATOMIC_ACQUIRE);
}

void
proc_user_return(void)
{
	struct proc *p = proc_current();

	if (p != NULL && proc_should_die(p)) {
		proc_exit(EXIT_KILLED, 0, 0, 0, 0);
	}
}

int
proc_kill(struct proc *caller, endpoint_t target)
{
	bool was = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_lookup(target);
	struct thread *t;
	bool now = false;

	if (p == NULL) {
		spin_unlock_irqrestore(&proc_lock, was);
		return -ESRCH;
	}
	if (p->p_parent != caller->p_endpoint && !proc_is_rs(caller) && p != caller) {
		spin_unlock_irqrestore(&proc_lock, was);
		return -EPERM;
	}
	/* The parent's thread is the only one that touches an unstarted
	 * process, so it ends one at once; anybody else leaves a mark that
	 * the process (or proc_start) acts on. */
	if (p->p_state == PROC_NEW && p->p_parent == caller->p_endpoint) {
		p->p_state = PROC_DYING;
		p->p_exit =
		    (struct exit_info){ .ei_endpoint = p->p_endpoint, .ei_cause = EXIT_KILLED };
		now = true;
	} else {
		__atomic_store_n(&p->p_kill_pending, true, __ATOMIC_RELEASE);
	}
	t = p->p_thread;
	if (!now && t != NULL && p != caller) {
		thread_wake(t);
		arch_sched_kick((unsigned)t->t_cpu);
	}
	spin_unlock_irqrestore(&proc_lock, was);
	if (now) {
		proc_teardown(p);
	}
	return 0;
}

int
proc_wait(struct proc *parent, endpoint_t child, struct exit_info *out)
{
	bool was = spin_lock_irqsave(&proc_lock);
	bool any = false;

	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		struct proc *c = &proc_table[i];

		if (c->p_state == PROC_FREE || c->p_parent != parent->p_endpoint || c == parent) {
			continue;
		}
		if (child != ENDPOINT_ANY && c->p_endpoint != child) {
			continue;
		}
		if (c->p_state == PROC_ZOMBIE) {
			*out = c->p_exit;
			c->p_exit_collected = true;
			c->p_state = PROC_FREE;
			spin_unlock_irqrestore(&proc_lock, was);
			return 0;
		}
		any = true;
	}
	spin_unlock_irqrestore(&proc_lock, was);
	return any ? -EAGAIN : -ECHILD;
}

/*
 * Privileged resources a process may hold (kernel/proc/res_*.c): I/O
 * ports, IRQ hooks, MMIO mappings, DMA buffers, grants and memory mapped
 * through grants.  Each is checked against the process's privilege record
 * when it is taken, is owned by the process, and is reclaimed by
 * proc_release_resources() when the process exits, crashes or is killed.
 *
 * The kernel calls (kernel/kcall/do_*.c) are thin: they read registers,
 * copy structures in or out, and call these.  Call them from the calling
 * process's own thread, without locks held, unless a comment says other.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/proc.h>

struct trap_frame;

/* Everything p holds is given back: grants it made are revoked and grants
 * naming it dropped, memory mapped through grants unmapped (frames shared
 * with a live process stay with it), DMA buffers freed, IRQ hooks unbound
 * (a line nobody else uses is masked), its I/O bitmap freed.  Called once
 * by the process code on exit, after p stopped running, before its page
 * tables go. */
void proc_release_resources(struct proc *p);

/* I/O ports.  res_io_setpriv() rebuilds p's bitmap from p->p_priv (call
 * after changing it, before p starts; -ENOMEM leaves p without ports);
 * res_io_switch() installs it on this CPU when p is switched in;
 * res_io_fault() tells whether the #GP in tf was an I/O instruction (then
 * *port is the port it tried). */
int res_io_setpriv(struct proc *p);
void res_io_switch(struct proc *p);
bool res_io_fault(struct proc *p, const struct trap_frame *tf, uint16_t *port);

/* IRQ lines: the kernel-call halves of KC_IRQ_BIND (returns the hook id),
 * KC_IRQ_ENABLE and KC_IRQ_UNBIND. */
int64_t res_irq_bind(struct proc *p, unsigned line);
int res_irq_enable(struct proc *p, unsigned hook);
int res_irq_unbind(struct proc *p, unsigned hook);

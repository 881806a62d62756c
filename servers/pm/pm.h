/*
 * pm, the process manager (include/xinim/proto/pm.h): its process table
 * (table.c, pure), the spawn image parser (image.c, pure), spawning
 * (spawn.c), exits and waiting (wait.c), signals (signal.c) and the
 * request loop (main.c).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>

#define PM_PROCS 256
#define PM_PID_INIT 1 /* rs: the parent of what pm did not spawn */
#define PM_NAME 16

struct pm_proc {
	bool pp_used;
	bool pp_ours;    /* pm spawned it: its kernel parent, it sees its exit */
	bool pp_zombie;  /* ended, not yet waited for */
	bool pp_waiting; /* blocked in PM_WAIT */
	bool pp_orphan;  /* spawned by an earlier pm: probed, its exit is not seen */
	endpoint_t pp_ep;
	int32_t pp_pid, pp_ppid, pp_pgid;
	uint32_t pp_uid, pp_gid;
	uint32_t pp_ignored; /* signals it ignores (bit n: signal n) */
	int32_t pp_killsig;  /* the signal pm ended it with, 0: none */
	int32_t pp_wait_pid; /* PM_WAIT's [0] while waiting */
	int32_t pp_status;   /* the wait status, once a zombie */
	struct exit_info pp_exit;
	char pp_name[PM_NAME];
};

/* The table, as pm checkpoints it with rs (preserve_state). */
struct pm_state {
	struct pm_proc ps_procs[PM_PROCS];
	int32_t ps_next_pid;
};
extern struct pm_state pm_state;

/* table.c */
void pm_table_init(void);
/* After a restart with the table restored: what the old instance
 * spawned becomes orphans, nobody is waiting any more. */
void pm_table_restored(void);
struct pm_proc *pm_by_ep(endpoint_t ep);
struct pm_proc *pm_by_pid(int32_t pid);
/* A new entry with a fresh pid (never 0 or 1), or NULL when full. */
struct pm_proc *pm_alloc(endpoint_t ep, const char *name);
void pm_free(struct pm_proc *p);
/* The caller's entry, made on its first call (parent 1, uid 0). */
struct pm_proc *pm_lazy(endpoint_t ep);
/* The index-th slot, for PM_PS; NULL past the table. */
struct pm_proc *pm_slot(int index);
/* Whether child matches PM_WAIT's pid argument for parent. */
bool pm_wait_matches(const struct pm_proc *parent, const struct pm_proc *child, int32_t pid);
/* The wait status of an exit record (killsig: pm's signal, 0 if none). */
int32_t pm_wait_status(const struct exit_info *ei, int32_t killsig);

/* image.c: a parsed spawn image; the pointers point into the image. */
struct pm_image {
	const char *pi_path;
	char **pi_argv; /* malloc()ed, NULL-terminated */
	char **pi_envp;
	const void *pi_actions; /* struct vfs_fdaction[pi_nactions] */
	uint32_t pi_nactions;
	int32_t pi_pgid;
};
/* Checks and parses len bytes of img: 0, -EINVAL (malformed), -E2BIG,
 * -ENOMEM.  pm_image_free() releases the vectors. */
int pm_image_parse(void *img, size_t len, struct pm_image *out);
void pm_image_free(struct pm_image *pi);

/* progcache.c: programs already read, by their file's status. */
struct xstat;
const void *pm_cache_find(const struct xstat *st);
/* Keeps data (malloc()ed, st->st_size bytes): true when the cache took it. */
bool pm_cache_put(const struct xstat *st, void *data);

/* spawn.c */
int pm_spawn(struct pm_proc *parent, const struct message *m);

/* wait.c */
void pm_reap(void);
/* Ends the orphans whose endpoint is dead (an exit pm could not see). */
void pm_orphans_check(void);
int pm_wait(struct pm_proc *p, const struct message *m, struct message *reply);

/* signal.c */
int pm_kill(struct pm_proc *caller, const struct message *m);
int pm_signal(struct pm_proc *p, const struct message *m);
/* Sends sig to one process as pm itself (no permission check). */
int pm_deliver(struct pm_proc *t, int sig);
void pm_tty_signals(endpoint_t tty);

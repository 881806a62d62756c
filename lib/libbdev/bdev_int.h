/*
 * libbdev's private header: the seam to the system (struct bdev_sys:
 * grants, IPC, ds, the clock), which the host unit tests replace with a
 * simulated driver, and the functions the library's files share.
 */
#pragma once
#include <libbdev/bdev.h>
#include <xinim/kcall.h>

struct bdev_sys {
	int64_t (*bs_grant)(endpoint_t to, const volatile void *addr, size_t len, unsigned access);
	int64_t (*bs_grant_indirect)(endpoint_t to, endpoint_t owner, int64_t grant, uint64_t off,
	    uint64_t len, unsigned access);
	int (*bs_revoke)(int64_t grant);
	int (*bs_call)(endpoint_t to, struct message *m);
	int (*bs_notify)(endpoint_t to);
	int (*bs_receive)(endpoint_t from, struct message *m);
	endpoint_t (*bs_lookup)(const char *name);
	uint64_t (*bs_now)(void);
	void (*bs_yield)(void);
};

/* sys.c: the real one; tests point it elsewhere. */
extern const struct bdev_sys *bdev_sys;

/* open.c */
/* Binds b to its driver's current instance: a fresh area and ring
 * state, the area granted, BLK_OPEN sent, every request that had not
 * come back resubmitted.  0, or -E* (b_dead stays set on a dead or
 * missing driver). */
int bdev_bind(struct bdev *b);
/* The driver is gone: forgets its grants, marks b dead (once). */
void bdev_lost(struct bdev *b);
/* Fails every pending request with err and empties the queue. */
void bdev_fail_all(struct bdev *b, int64_t err);

/* io.c */
/* Moves queued requests onto free slots and notifies the driver when
 * it sleeps. */
void bdev_start(struct bdev *b);
/* Takes what the completion ring holds and calls their bi_done(): how
 * many completed. */
int bdev_harvest(struct bdev *b);
/* Revokes the grants made for io's submission. */
void bdev_ungrant(struct bdev *b, struct bdev_io *io);

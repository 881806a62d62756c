/*
 * A small cache of programs pm has read, so that spawning the same
 * program again costs one VFS_PM_OPENEXEC (which still checks the
 * caller's permission and gives the file's status) instead of reading
 * it whole again.  An entry is found by device, inode, size and both
 * change times, so a program rewritten in place is read anew.  The cache
 * owns its copies; the least recently used one makes room.
 */
#include <stdlib.h>
#include <string.h>
#include <xinim/fs.h>
#include "pm.h"

#define CACHE_SLOTS 8
#define CACHE_FILE_MAX (512u * 1024) /* bigger programs are not kept */

struct prog {
	void *pg_data; /* NULL: a free slot */
	uint32_t pg_dev;
	uint64_t pg_ino, pg_size;
	int64_t pg_mtime, pg_ctime;
	uint64_t pg_used; /* tick of its last use */
};

static struct prog cache[CACHE_SLOTS];
static uint64_t tick;

static bool
same_file(const struct prog *p, const struct xstat *st)
{
	return p->pg_data != NULL && p->pg_dev == st->st_dev && p->pg_ino == st->st_ino &&
	    p->pg_size == st->st_size && p->pg_mtime == st->st_mtime_ns &&
	    p->pg_ctime == st->st_ctime_ns;
}

const void *
pm_cache_find(const struct xstat *st)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (same_file(&cache[i], st)) {
			cache[i].pg_used = ++tick;
			return cache[i].pg_data;
		}
	}
	return NULL;
}

bool
pm_cache_put(const struct xstat *st, void *data)
{
	struct prog *victim = &cache[0];

	if (st->st_size > CACHE_FILE_MAX) {
		return false;
	}
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].pg_data == NULL || same_file(&cache[i], st)) {
			victim = &cache[i];
			break;
		}
		if (cache[i].pg_used < victim->pg_used) {
			victim = &cache[i];
		}
	}
	free(victim->pg_data);
	victim->pg_data = data;
	victim->pg_dev = st->st_dev;
	victim->pg_ino = st->st_ino;
	victim->pg_size = st->st_size;
	victim->pg_mtime = st->st_mtime_ns;
	victim->pg_ctime = st->st_ctime_ns;
	victim->pg_used = ++tick;
	return true;
}

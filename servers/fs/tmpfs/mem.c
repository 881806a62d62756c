/*
 * tmpfs's memory seam (tmpfs.h): the server takes its nodes, entries and
 * blocks from libc's heap.  The host unit tests link their own version,
 * which can be told to fail.
 */
#include <stdlib.h>
#include "tmpfs.h"

void *
tmpfs_mem_alloc(size_t n)
{
	return calloc(1, n);
}

void *
tmpfs_mem_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void
tmpfs_mem_free(void *p)
{
	free(p);
}

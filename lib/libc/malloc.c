/*
 * malloc over memory from the kernel.  Blocks carry a 16-byte header with
 * their size; free blocks sit on one list in address order and merge with
 * their neighbours.  The heap grows by mappings of at least ARENA_MIN
 * bytes (KC_PROC_MMAP into ourselves); a request bigger than BIG gets a
 * mapping of its own, returned to the kernel when freed.
 */
#include <libsys/kcall.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define ARENA_MIN (64 * 1024)
#define BIG (256 * 1024)
#define PAGE 4096

struct block {
	size_t b_size;        /* bytes, header included */
	struct block *b_next; /* next free block (free blocks only) */
};
_Static_assert(sizeof(struct block) == ALIGN, "the header keeps payloads aligned");

#define BIG_MARK ((struct block *)1) /* b_next of a block with its own mapping */

static struct block *free_list;

static size_t
round_up(size_t n, size_t to)
{
	return (n + to - 1) & ~(to - 1);
}

/* Puts b on the free list in address order, merging with neighbours. */
static void
insert_free(struct block *b)
{
	struct block **link = &free_list, *prev = NULL;

	while (*link != NULL && *link < b) {
		prev = *link;
		link = &(*link)->b_next;
	}
	b->b_next = *link;
	*link = b;
	if (b->b_next != NULL && (char *)b + b->b_size == (char *)b->b_next) {
		b->b_size += b->b_next->b_size;
		b->b_next = b->b_next->b_next;
	}
	if (prev != NULL && (char *)prev + prev->b_size == (char *)b) {
		prev->b_size += b->b_size;
		prev->b_next = b->b_next;
	}
}

static struct block *
map_block(size_t size)
{
	int64_t va = kc_proc_mmap(ENDPOINT_SELF, 0, size, PROT_READ | PROT_WRITE);
	struct block *b;

	if (va <= 0) {
		return NULL;
	}
	b = (struct block *)(uintptr_t)va;
	b->b_size = size;
	b->b_next = NULL;
	return b;
}

void *
malloc(size_t size)
{
	size_t need;
	struct block **link, *b;

	if (size == 0 || size > ((size_t)1 << 40)) {
		return NULL;
	}
	need = round_up(size + sizeof(struct block), ALIGN);
	if (need >= BIG) {
		b = map_block(round_up(need, PAGE));
		if (b == NULL) {
			return NULL;
		}
		b->b_next = BIG_MARK;
		return b + 1;
	}
	for (;;) {
		for (link = &free_list; *link != NULL; link = &(*link)->b_next) {
			b = *link;
			if (b->b_size < need) {
				continue;
			}
			if (b->b_size - need >= 2 * sizeof(struct block)) {
				struct block *rest = (struct block *)((char *)b + need);

				rest->b_size = b->b_size - need;
				rest->b_next = b->b_next;
				*link = rest;
				b->b_size = need;
			} else {
				*link = b->b_next;
			}
			b->b_next = NULL;
			return b + 1;
		}
		b = map_block(round_up(need > ARENA_MIN ? need : ARENA_MIN, PAGE));
		if (b == NULL) {
			return NULL;
		}
		insert_free(b);
	}
}

void
free(void *p)
{
	struct block *b;

	if (p == NULL) {
		return;
	}
	b = (struct block *)p - 1;
	if (b->b_next == BIG_MARK) {
		kc_munmap((uint64_t)(uintptr_t)b, b->b_size);
		return;
	}
	insert_free(b);
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size) {
		return NULL;
	}
	p = malloc(n * size);
	if (p != NULL) {
		memset(p, 0, n * size);
	}
	return p;
}

void *
realloc(void *p, size_t size)
{
	struct block *b;
	void *q;

	if (p == NULL) {
		return malloc(size);
	}
	b = (struct block *)p - 1;
	if (b->b_size - sizeof(*b) >= size) {
		return p;
	}
	q = malloc(size);
	if (q != NULL) {
		memcpy(q, p, b->b_size - sizeof(*b));
		free(p);
	}
	return q;
}

/*
 * qsort: heapsort, so no recursion and no worst case beyond n log n, and
 * no memory of its own.  Elements are swapped byte by byte (any size,
 * any alignment).  Not stable, as the standard allows.
 */
#include <stdlib.h>

static void
swap(unsigned char *a, unsigned char *b, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		unsigned char t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

/* Moves element i down the heap of n elements until both its children
 * are no larger. */
static void
sift_down(unsigned char *base, size_t i, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && cmp(base + l * size, base + big * size) > 0) {
			big = l;
		}
		if (r < n && cmp(base + r * size, base + big * size) > 0) {
			big = r;
		}
		if (big == i) {
			return;
		}
		swap(base + i * size, base + big * size, size);
		i = big;
	}
}

void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;

	if (n < 2 || size == 0) {
		return;
	}
	for (size_t i = n / 2; i-- > 0;) {
		sift_down(b, i, n, size, cmp);
	}
	for (size_t end = n - 1; end > 0; end--) {
		swap(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}

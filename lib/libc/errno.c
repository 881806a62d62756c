/*
 * errno, and the one place negative results become it.
 */
#include <errno.h>
#include "libc_int.h"

int errno;

long
libc_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * The terminal's foreground process group, set through vfs's ioctl
 * (XTCSETPGRP on the terminal behind fd), which the tty driver keeps:
 * Ctrl-C signals that group.
 */
#include <libsys/ds.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "sh.h"

int
sh_term_setpgrp(int fd, int pgrp)
{
	struct message m = { .m_type = VFS_IOCTL };

	m.m_arg[0] = (uint64_t)fd;
	m.m_arg[1] = XTCSETPGRP;
	m.m_arg[2] = (uint64_t)pgrp;
	if (ds_call("vfs", &m) != 0 || (int64_t)m.m_arg[0] < 0) {
		return -1;
	}
	return 0;
}

/* reboot: asks pm to flush the file systems and reset the machine (root only). */
#include <libsys/ds.h>
#include <stdio.h>
#include <xinim/proto/pm.h>

int
main(int argc, char **argv)
{
	struct message m = { .m_type = PM_HALT };
	int err;

	if (argc > 1) {
		fprintf(stderr, "usage: reboot\n");
		return 2;
	}
	m.m_arg[0] = PM_HALT_REBOOT;
	err = ds_call("pm", &m);
	fprintf(stderr, "reboot: refused (%d)\n", err != 0 ? err : (int)m.m_arg[0]);
	return 1;
}

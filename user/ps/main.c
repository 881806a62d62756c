/* ps: every process pm knows (PM_PS): pid, parent, owner, state, name. */
#include <libsys/ds.h>
#include <stdio.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/rs.h>

int
main(int argc, char **argv)
{
	uint64_t index = 0;

	if (argc > 1) {
		fprintf(stderr, "usage: ps\n");
		return 2;
	}
	printf("  PID  PPID  UID STATE  NAME\n");
	do {
		struct message m = { .m_type = PM_PS };
		char name[RS_NAME_LEN + 1];
		int err;

		m.m_arg[0] = index;
		err = ds_call("pm", &m);
		if (err != 0 || (int64_t)m.m_arg[0] < 0) {
			if (err == 0 && (int64_t)m.m_arg[0] == -ENOENT) {
				break;
			}
			fprintf(stderr, "ps: pm does not answer (%d)\n",
			    err != 0 ? err : (int)m.m_arg[0]);
			return 1;
		}
		if (rs_name_unpack(&m, 3, name) != 0) {
			name[0] = '\0';
		}
		printf("%5u %5u %4u %-6s %s\n", (unsigned)(m.m_arg[1] & 0xffffffff),
		    (unsigned)(m.m_arg[1] >> 32), (unsigned)(m.m_arg[2] & 0xffffffff),
		    (m.m_arg[2] >> 32) == PM_ST_ZOMBIE ? "zombie" : "run", name);
		index = m.m_arg[6];
	} while (index != 0);
	return 0;
}

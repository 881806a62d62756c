/*
 * rstest's helper for calling testsvc (the clock and rs's status come
 * from libsys: libsys/clock.h, libsys/rs.h).
 */
#include <libsys/ipc.h>
#include <stddef.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

int
rst_svc_call(endpoint_t ep, unsigned type, uint64_t *counter, uint64_t *told)
{
	struct message m = { .m_type = type };
	int err = ipc_call(ep, &m);

	if (err != 0 || m.m_type != TESTSVC_REPLY) {
		return err != 0 ? err : -1;
	}
	*counter = m.m_arg[0];
	if (told != NULL) {
		*told = m.m_arg[1];
	}
	return 0;
}

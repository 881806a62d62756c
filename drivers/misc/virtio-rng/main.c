/*
 * virtio-rng: random bytes from a virtio entropy device (virtio 1.x
 * section 5.4) for any client, through include/xinim/proto/rng.h.  A
 * client grants a buffer and sends RNG_READ; requests from all clients
 * wait in one FIFO and are answered in order, each once the device has
 * filled it (device.c).  Malformed requests are answered at once with an
 * error.  libdriver runs the loop, the heartbeats and fault injection;
 * a restarted instance simply starts over, since opening the device
 * resets it.
 */
#include <libdriver/driver.h>
#include <libsys/ipc.h>
#include <xinim/errno.h>
#include <xinim/proto/rng.h>
#include "rng.h"

static struct rng_req fifo[RNG_FIFO];
static unsigned fifo_first, fifo_count;

struct rng_req *
rng_fifo_head(void)
{
	return fifo_count != 0 ? &fifo[fifo_first] : NULL;
}

void
rng_fifo_done(int64_t result)
{
	struct message r = { .m_type = RNG_REPLY };
	struct rng_req *rq = rng_fifo_head();

	if (rq == NULL) {
		return;
	}
	r.m_arg[0] = (uint64_t)result;
	/* A client that died meanwhile simply is not answered. */
	driver_reply(rq->rq_client, &r);
	fifo_first = (fifo_first + 1) % RNG_FIFO;
	fifo_count--;
}

/* RNG_READ: [0] the client's GRANT_WRITE grant, [1] bytes wanted. */
static int
rng_read(const struct message *m)
{
	int64_t grant = (int64_t)m->m_arg[0];
	uint64_t len = m->m_arg[1];
	struct rng_req *rq;

	if (len == 0 || len > RNG_READ_MAX || grant < 0) {
		return -EINVAL;
	}
	if (fifo_count == RNG_FIFO) {
		return -EAGAIN;
	}
	rq = &fifo[(fifo_first + fifo_count) % RNG_FIFO];
	*rq = (struct rng_req){ m->m_source, grant, (uint32_t)len, 0 };
	fifo_count++;
	rng_dev_start();
	return DRIVER_NO_REPLY;
}

static int
rng_request(const struct message *m, struct message *reply)
{
	if (m->m_type == RNG_READ) {
		return rng_read(m);
	}
	return -EINVAL;
}

static int
rng_init(int argc, char **argv, bool restored)
{
	return rng_dev_init();
}

static const struct driver_ops rng_ops = {
	.init = rng_init,
	.irq = rng_dev_irq,
	.request = rng_request,
	.timer = rng_dev_timeout,
	.reply_type = RNG_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&rng_ops, argc, argv);
}

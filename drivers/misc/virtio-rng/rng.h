/*
 * virtio-rng's private declarations.  main.c takes client requests into
 * a FIFO; device.c brings the device up and keeps one buffer with it at
 * a time, for the request at the FIFO's head, answering that client
 * when the device gives the buffer back.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>

#define RNG_FIFO 32 /* requests waiting, from all clients */

/* A client's RNG_READ waiting for bytes. */
struct rng_req {
	endpoint_t rq_client;
	int64_t rq_grant;
	uint32_t rq_len;
	uint32_t rq_empty; /* times the device gave it back with no bytes */
};

/* Brings the device up: claim, virtio init, one queue, the buffer.
 * 0 or an error. */
int rng_dev_init(void);

/* Gives the device the head request's buffer if it has none; the head
 * is rng_fifo_head(). */
void rng_dev_start(void);

/* The device's MSI-X hook fired (hooks: NOTIFY_IRQ's bitmap). */
void rng_dev_irq(uint64_t hooks);

/* The buffer was with the device for too long. */
void rng_dev_timeout(void);

/* The FIFO (main.c): the oldest request, or NULL; and answering it with
 * m_arg[0] = result, which also removes it. */
struct rng_req *rng_fifo_head(void);
void rng_fifo_done(int64_t result);

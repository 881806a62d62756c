/*
 * rngtest: private declarations (rng.c: reading from virtio-rng).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>

#define RNG_SERVICE "virtio-rng"

/* RNG_READ of len bytes into buf through ds_call_grant(): bytes read,
 * or a negative code. */
int rng_read(void *buf, size_t len);

/* RNG_READ straight to ep with a grant of grant_len bytes asking for
 * len: the reply's result (for the malformed-request tests). */
int rng_read_raw(endpoint_t ep, void *buf, size_t grant_len, uint64_t len);

/* Reads n times, injecting fault into the driver before read number
 * fault_at; 0 when every read returned len bytes, else the failing
 * read's code, with its index in *at. */
int rng_read_loop(int n, int fault_at, unsigned fault, size_t len, int *at);

/* The clients test (clients.c), and the child it runs: `rngtest reader
 * EP N` reads N times straight from endpoint EP (exit status 0: all
 * served). */
const char *rng_t_clients(void);
int rng_reader(int argc, char **argv);

/*
 * The random-number device protocol, served by drivers/misc/virtio-rng
 * (published in ds as "virtio-rng").  A client grants a buffer and asks
 * for bytes; the driver fills the grant with bytes from the device.
 * Requests are safe to repeat, so libsys's ds_call() may retry one across
 * a driver restart.
 */
#pragma once

enum rng_msg {
	/* [0] a GRANT_WRITE grant, [1] bytes wanted (1..RNG_READ_MAX).
	 * Reply: [0] bytes written (> 0) or a negative E* code. */
	RNG_READ = 0x0400,
	RNG_REPLY = 0x04ff,
};

#define RNG_READ_MAX 4096

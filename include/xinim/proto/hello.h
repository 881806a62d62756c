/*
 * The hello protocol, served by drivers/examples/hello (published in ds
 * as "hello"): the template a new driver's protocol copies.  One request,
 * HELLO_GREET: the client sends a name, the driver answers with a
 * greeting and how many it has given.  Both travel in the message itself
 * as typed payloads (MSG_PAYLOAD, include/xinim/ipc.h), so neither side
 * needs a grant.  The request is safe to repeat (only the count moves),
 * so libsys's ds_call() may retry it across a restart.
 *
 * Each protocol owns one block of message types (0xNN00..0xNNff, the
 * reply type last); hello has 0x0f00.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

enum hello_msg {
	HELLO_GREET = 0x0f00, /* struct msg_hello_greet -> struct msg_hello_reply */
	HELLO_REPLY = 0x0fff,
};

#define HELLO_NAME_MAX 32 /* bytes of a name, its NUL included */
#define HELLO_TEXT_MAX 44 /* bytes of a greeting, its NUL included */

/* HELLO_GREET: hg_name is NUL-terminated within HELLO_NAME_MAX bytes. */
struct msg_hello_greet {
	char hg_name[HELLO_NAME_MAX];
};
MSG_PAYLOAD_FITS(struct msg_hello_greet);

/* The reply: hr_status 0 and the greeting, or a negative E* code (an
 * unterminated or empty name: -EINVAL; an unknown request: -ENOSYS) and
 * nothing else.  hr_status is m_arg[0], where libdriver puts the error
 * of a request it answers with just an error.  hr_count is the number of
 * greetings this instance has given, this one included. */
struct msg_hello_reply {
	int64_t hr_status;
	uint32_t hr_count;
	char hr_text[HELLO_TEXT_MAX];
};
MSG_PAYLOAD_FITS(struct msg_hello_reply);

/*
 * hello: the smallest driver, the template a new driver copies (this
 * directory's README.md says how).  Its main hands a table of callbacks
 * to libdriver's driver_main(), which registers with rs, sends the
 * heartbeats, takes rs's events and faults, and passes each request to
 * hello_request().  It answers one request, HELLO_GREET
 * (include/xinim/proto/hello.h): a name in, a greeting out, both typed
 * payloads of the message.  It has no device: a real driver claims its
 * own in init() (pci_claim(), libsys/pci.h) and takes its interrupts in
 * irq().
 */
#include <libdriver/driver.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/hello.h>

static uint32_t hello_count; /* greetings given by this instance */

/* Before rs counts us as running: check the arguments (argv[0] is the
 * service's name, the `args` of services.conf follow), find the device.
 * -ENODEV says the machine has none (rs then does not restart us), any
 * other error ends the process with status 1.  restored: rs gave back
 * the state of a previous instance (preserve_state, ops.state). */
static int
hello_init(int argc, char **argv, bool restored)
{
	return 0;
}

/* HELLO_GREET: validate the whole request before answering it. */
static int
hello_greet(const struct msg_hello_greet *req, struct msg_hello_reply *rep)
{
	size_t len = strnlen(req->hg_name, HELLO_NAME_MAX);

	if (len == 0 || len == HELLO_NAME_MAX) {
		return -EINVAL;
	}
	hello_count++;
	rep->hr_status = 0;
	rep->hr_count = hello_count;
	snprintf(rep->hr_text, sizeof(rep->hr_text), "hello, %s", req->hg_name);
	return 0;
}

/* Every message that is not a notification: one case per request type.
 * A negative return is sent as just that error (libdriver). */
static int
hello_request(const struct message *m, struct message *reply)
{
	switch (m->m_type) {
	case HELLO_GREET:
		return hello_greet(MSG_PAYLOAD(m, const struct msg_hello_greet),
		    MSG_PAYLOAD(reply, struct msg_hello_reply));
	default:
		return -ENOSYS;
	}
}

static const struct driver_ops hello_ops = {
	.init = hello_init,
	.request = hello_request,
	.reply_type = HELLO_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&hello_ops, argc, argv);
}

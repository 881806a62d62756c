/*
 * hellotest: the client of the template driver drivers/examples/hello,
 * which must be running (`service start hello`).  `hellotest [NAME]`
 * runs every test (or the one named) through libsys's ds_call("hello"),
 * prints `test NAME: OK` or `test NAME: FAILED: why` and the summary
 * `N passed, N failed`, and exits 0 only when every test passed.
 *
 *   greet     two greetings: the text, and the count going up by one
 *   badname   an empty and an unterminated name: -EINVAL
 *   unknown   a request type hello does not serve: -ENOSYS
 */
#include <libsys/ds.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/hello.h>

#define WHY testrun_why

/* Sends a request of type with name (len bytes of it) to hello; the
 * reply in *rep.  Returns NULL or why the exchange failed. */
static const char *
ask(uint32_t type, const char *name, size_t len, struct msg_hello_reply *rep)
{
	struct message m = { .m_type = type };
	struct msg_hello_greet *req = MSG_PAYLOAD(&m, struct msg_hello_greet);
	int err;

	memcpy(req->hg_name, name, len);
	err = ds_call("hello", &m);
	if (err != 0) {
		return WHY("ds_call(\"hello\"): %d (is hello running?)", err);
	}
	if (m.m_type != HELLO_REPLY) {
		return WHY("reply type %#x, not HELLO_REPLY", m.m_type);
	}
	*rep = *MSG_PAYLOAD(&m, struct msg_hello_reply);
	return NULL;
}

static const char *
test_greet(void)
{
	struct msg_hello_reply a, b;
	const char *why;

	if ((why = ask(HELLO_GREET, "xinim", 6, &a)) != NULL ||
	    (why = ask(HELLO_GREET, "world", 6, &b)) != NULL) {
		return why;
	}
	if (a.hr_status != 0 || strcmp(a.hr_text, "hello, xinim") != 0) {
		return WHY("status %ld, text '%.*s'", (long)a.hr_status, HELLO_TEXT_MAX, a.hr_text);
	}
	if (b.hr_status != 0 || strcmp(b.hr_text, "hello, world") != 0) {
		return WHY("status %ld, text '%.*s'", (long)b.hr_status, HELLO_TEXT_MAX, b.hr_text);
	}
	if (a.hr_count == 0 || b.hr_count != a.hr_count + 1) {
		return WHY("counts %u then %u", a.hr_count, b.hr_count);
	}
	printf("hellotest: '%s' (greeting %u)\n", b.hr_text, b.hr_count);
	return NULL;
}

static const char *
test_badname(void)
{
	char full[HELLO_NAME_MAX];
	struct msg_hello_reply r;
	const char *why;

	if ((why = ask(HELLO_GREET, "", 1, &r)) != NULL) {
		return why;
	}
	if (r.hr_status != -EINVAL) {
		return WHY("an empty name: %ld, not -EINVAL", (long)r.hr_status);
	}
	memset(full, 'x', sizeof(full));
	if ((why = ask(HELLO_GREET, full, sizeof(full), &r)) != NULL) {
		return why;
	}
	if (r.hr_status != -EINVAL) {
		return WHY("an unterminated name: %ld, not -EINVAL", (long)r.hr_status);
	}
	return NULL;
}

static const char *
test_unknown(void)
{
	struct msg_hello_reply r;
	const char *why = ask(HELLO_GREET + 1, "xinim", 6, &r);

	if (why != NULL) {
		return why;
	}
	if (r.hr_status != -ENOSYS) {
		return WHY("%ld, not -ENOSYS", (long)r.hr_status);
	}
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "greet", test_greet },
	{ "badname", test_badname },
	{ "unknown", test_unknown },
};

int
main(int argc, char **argv)
{
	return testrun_table("hellotest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}

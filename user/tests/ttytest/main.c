/*
 * ttytest: the tty service (drivers/tty/tty) spoken to directly, the way
 * vfs speaks to it (include/xinim/proto/chr.h), with the system test
 * (tests/system/test_tty.py) typing on the serial console.  Boot with
 * `run=ttytest`.  Where a test needs typing it prints
 * `ttytest: type NAME` and waits for it.
 *   write    a write reaches the console, "\n" as "\r\n"
 *   bad      a minor the tty lacks, an unknown ioctl, a read of 0 bytes
 *   nonblock a read with XO_NONBLOCK and nothing typed: -EAGAIN
 *   read     a read waits (-EINPROGRESS), a typed line with a backspace
 *            and Ctrl-U completes it through a notification and CHR_DONE
 *   lines    two lines typed at once come back one per read
 *   eof      Ctrl-D on an empty line: a read returns 0
 *   cancel   a cancelled read gets no CHR_DONE; its line waits for the
 *            next read
 *   select   CHR_SELECT with notify: XPOLLIN comes as a CHR_DONE_READY
 *   ctrlc    Ctrl-C throws the line away, ends the waiting read with
 *            EINTR and queues SIGINT for the foreground group (fetched
 *            with CHR_SIGNALS, as pm does)
 *   raw      raw mode: each byte as it comes, Ctrl-C as a byte
 *   restart  the tty crashed by rs comes back with its foreground group
 *            and serves reads again
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/rs.h>
#include <xinim/proto/vfs.h>

#define WAIT_NS 20000000000ull /* 20 s for the typing to arrive */

static endpoint_t tty;
static uint64_t next_id = 1;
static char buf[256];

/* One CHR_* call: the reply's [0]; the reply is left in *m. */
static int64_t
chr(struct message *m)
{
	int err = ipc_call(tty, m);

	return err != 0 ? err : (int64_t)m->m_arg[0];
}

static int64_t
chr3(uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct message m = { .m_type = type };

	m.m_arg[0] = a0;
	m.m_arg[1] = a1;
	m.m_arg[2] = a2;
	return chr(&m);
}

/* Starts a read of n bytes into buf with request id *id. */
static int64_t
read_start(int64_t grant, size_t n, uint64_t flags, uint64_t *id)
{
	struct message m = { .m_type = CHR_READ };

	*id = next_id++;
	m.m_arg[0] = CHR_MINOR_CONSOLE;
	m.m_arg[1] = *id;
	m.m_arg[2] = n;
	m.m_arg[3] = flags;
	m.m_arg[4] = (uint64_t)grant;
	m.m_arg[5] = (uint64_t)ENDPOINT_SELF;
	return chr(&m);
}

/* Waits for the tty's notification: 0, or -ETIMEDOUT. */
static int
wait_notify(void)
{
	struct message m;

	kc_alarm(WAIT_NS);
	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			continue;
		}
		if (m.m_type == MSG_NOTIFY && m.m_source == tty) {
			kc_alarm(0);
			return 0;
		}
		if (m.m_type == MSG_NOTIFY && m.m_source == ENDPOINT_KERNEL &&
		    (m.m_arg[0] & NOTIFY_ALARM) != 0) {
			return -ETIMEDOUT;
		}
	}
}

/* Fetches one CHR_DONE: [1] kind, [2], [3] into out; the reply's [0]. */
static int64_t
fetch_done(uint64_t out[3])
{
	struct message m = { .m_type = CHR_DONE };
	int64_t r = chr(&m);

	out[0] = m.m_arg[1];
	out[1] = m.m_arg[2];
	out[2] = m.m_arg[3];
	return r;
}

/* Reads one line into buf (NUL-terminated): its length, or the read's
 * error, in *len.  With what, the read must wait (-EINPROGRESS) and the
 * test is asked to type what; without, the line may be there already. */
static const char *
read_typed(const char *what, size_t n, int64_t *len)
{
	int64_t grant = kc_grant_create(tty, buf, n, GRANT_WRITE), r;
	uint64_t id, done[3];

	memset(buf, 0, sizeof(buf));
	if (grant < 0) {
		return testrun_why("grant: %d", (int)grant);
	}
	r = read_start(grant, n, 0, &id);
	if (r != -EINPROGRESS) {
		kc_grant_revoke(grant);
		*len = r;
		return what == NULL ?
		    NULL :
		    testrun_why("read before typing returned %d, not -EINPROGRESS", (int)r);
	}
	if (what != NULL) {
		printf("ttytest: type %s\n", what);
	}
	if (wait_notify() != 0) {
		kc_grant_revoke(grant);
		return "no notification from the tty";
	}
	r = fetch_done(done);
	kc_grant_revoke(grant);
	if (r != 0 || done[0] != CHR_DONE_IO || done[1] != id) {
		return testrun_why("CHR_DONE: %d kind %lu id %lu (want %lu)", (int)r,
		    (unsigned long)done[0], (unsigned long)done[1], (unsigned long)id);
	}
	*len = (int64_t)done[2];
	if (fetch_done(done) != -ENOENT) {
		return "a second CHR_DONE";
	}
	return NULL;
}

static const char *
t_write(void)
{
	static const char text[] = "ttytest: written through the tty\n";
	struct message m = { .m_type = CHR_WRITE };
	int64_t grant = kc_grant_create(tty, text, sizeof(text) - 1, GRANT_READ), r;

	m.m_arg[0] = CHR_MINOR_CONSOLE;
	m.m_arg[1] = next_id++;
	m.m_arg[2] = sizeof(text) - 1;
	m.m_arg[4] = (uint64_t)grant;
	r = chr(&m);
	kc_grant_revoke(grant);
	if (r != (int64_t)sizeof(text) - 1) {
		return testrun_why("write returned %d", (int)r);
	}
	return NULL;
}

static const char *
t_bad(void)
{
	uint64_t id;
	int64_t r;

	if ((r = chr3(CHR_OPEN, 1, 0, 0)) != -ENXIO) {
		return testrun_why("open of minor 1: %d", (int)r);
	}
	if ((r = chr3(CHR_OPEN, CHR_MINOR_CONSOLE, 0, 0)) != 0) {
		return testrun_why("open of minor 0: %d", (int)r);
	}
	if ((r = chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, 99, 0)) != -ENOTTY) {
		return testrun_why("ioctl 99: %d", (int)r);
	}
	if ((r = chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCSETPGRP, 0)) != -EINVAL) {
		return testrun_why("pgrp 0: %d", (int)r);
	}
	if ((r = chr3(0x7777, 0, 0, 0)) != -EINVAL) {
		return testrun_why("an unknown request: %d", (int)r);
	}
	if ((r = read_start(-1, 0, 0, &id)) != 0) {
		return testrun_why("a read of 0 bytes: %d", (int)r);
	}
	if ((r = chr3(CHR_CANCEL, 12345, 0, 0)) != 0) {
		return testrun_why("cancel of an unknown id: %d", (int)r);
	}
	return NULL;
}

static const char *
t_nonblock(void)
{
	int64_t grant = kc_grant_create(tty, buf, 16, GRANT_WRITE), r;
	uint64_t id;

	r = read_start(grant, 16, XO_NONBLOCK, &id);
	kc_grant_revoke(grant);
	return r == -EAGAIN ? NULL : testrun_why("returned %d", (int)r);
}

static const char *
t_read(void)
{
	int64_t len;
	const char *why = read_typed("edit", 64, &len);

	if (why != NULL) {
		return why;
	}
	if (len != 9 || strcmp(buf, "hello ok\n") != 0) {
		return testrun_why("read %d bytes '%s'", (int)len, buf);
	}
	return NULL;
}

static const char *
t_lines(void)
{
	int64_t len, grant, r;
	uint64_t id;
	const char *why = read_typed("lines", 64, &len);

	if (why != NULL) {
		return why;
	}
	if (len != 4 || strcmp(buf, "one\n") != 0) {
		return testrun_why("first read %d bytes '%s'", (int)len, buf);
	}
	/* The second line is there already: answered at once. */
	memset(buf, 0, sizeof(buf));
	grant = kc_grant_create(tty, buf, 64, GRANT_WRITE);
	r = read_start(grant, 64, 0, &id);
	kc_grant_revoke(grant);
	if (r != 4 || strcmp(buf, "two\n") != 0) {
		return testrun_why("second read %d '%s'", (int)r, buf);
	}
	return NULL;
}

static const char *
t_eof(void)
{
	int64_t len;
	const char *why = read_typed("eof", 64, &len);

	if (why != NULL) {
		return why;
	}
	return len == 0 ? NULL : testrun_why("read %d bytes, not 0", (int)len);
}

static const char *
t_cancel(void)
{
	int64_t grant = kc_grant_create(tty, buf, 64, GRANT_WRITE), r;
	uint64_t id, done[3];

	r = read_start(grant, 64, 0, &id);
	if (r != -EINPROGRESS || chr3(CHR_CANCEL, id, 0, 0) != 0) {
		kc_grant_revoke(grant);
		return testrun_why("read %d, or the cancel failed", (int)r);
	}
	kc_grant_revoke(grant);
	{
		int64_t len;
		const char *why = read_typed("cancel", 64, &len);

		if (why != NULL) {
			return why;
		}
		if (len != 5 || strcmp(buf, "kept\n") != 0) {
			return testrun_why("the next read got %d '%s'", (int)len, buf);
		}
	}
	return fetch_done(done) == -ENOENT ? NULL : "a CHR_DONE for the cancelled read";
}

static const char *
t_select(void)
{
	uint64_t done[3], id;
	int64_t r = chr3(CHR_SELECT, CHR_MINOR_CONSOLE, XPOLLIN | XPOLLOUT, 1), grant;

	if (r != XPOLLOUT) {
		return testrun_why("select with nothing typed: %#x", (unsigned)r);
	}
	printf("ttytest: type select\n");
	if (wait_notify() != 0) {
		return "no notification";
	}
	r = fetch_done(done);
	if (r != 0 || done[0] != CHR_DONE_READY || done[1] != CHR_MINOR_CONSOLE ||
	    (done[2] & XPOLLIN) == 0) {
		return testrun_why("CHR_DONE %d kind %lu bits %#lx", (int)r, (unsigned long)done[0],
		    (unsigned long)done[2]);
	}
	if (chr3(CHR_SELECT, CHR_MINOR_CONSOLE, XPOLLIN, 0) != XPOLLIN) {
		return "not readable after the notification";
	}
	grant = kc_grant_create(tty, buf, 64, GRANT_WRITE);
	r = read_start(grant, 64, 0, &id);
	kc_grant_revoke(grant);
	return r == 2 ? NULL : testrun_why("the read returned %d", (int)r);
}

static const char *
t_ctrlc(void)
{
	struct message m = { .m_type = CHR_SIGNALS };
	int64_t len, r;
	const char *why;

	if (chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCSETPGRP, 77) != 0 ||
	    chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCGETPGRP, 0) != 77) {
		return "the foreground group was not set";
	}
	why = read_typed("ctrlc", 64, &len);
	if (why != NULL) {
		return why;
	}
	/* The read waiting at ^C ends with EINTR; "before" is gone. */
	if (len != -EINTR) {
		return testrun_why("the read waiting at ^C returned %d, not -EINTR", (int)len);
	}
	why = read_typed(NULL, 64, &len);
	if (why != NULL) {
		return why;
	}
	if (len != 6 || strcmp(buf, "after\n") != 0) {
		return testrun_why("read %d '%s': the line before ^C was kept?", (int)len, buf);
	}
	r = chr(&m);
	if (r != 0 || m.m_arg[1] != XSIGINT || m.m_arg[2] != 77) {
		return testrun_why("CHR_SIGNALS %d: signal %lu group %lu", (int)r,
		    (unsigned long)m.m_arg[1], (unsigned long)m.m_arg[2]);
	}
	m = (struct message){ .m_type = CHR_SIGNALS };
	return chr(&m) == -ENOENT ? NULL : "a second signal";
}

static const char *
t_raw(void)
{
	int64_t len;
	const char *why;

	if (chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCSETRAW, 1) != 0 ||
	    chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCGETRAW, 0) != 1) {
		return "raw mode was not set";
	}
	why = read_typed("raw", 64, &len);
	chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCSETRAW, 0);
	if (why != NULL) {
		return why;
	}
	if (len < 1 || buf[0] != 0x03) {
		return testrun_why("read %d bytes, first %#x", (int)len, (unsigned)buf[0]);
	}
	return NULL;
}

static const char *
t_restart(void)
{
	struct rs_svc_status before, after;
	int64_t len;
	const char *why;

	if (chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCSETPGRP, 55) != 0 ||
	    rs_wait_state("tty", RS_RUNNING, ENDPOINT_ANY, 5000, &before) != 0) {
		return "tty is not running";
	}
	if (rs_fault("tty", RS_FAULT_CRASH) != 0 ||
	    rs_wait_state("tty", RS_RUNNING, before.ep, 5000, &after) != 0) {
		return "tty did not come back";
	}
	tty = after.ep;
	if (chr3(CHR_IOCTL, CHR_MINOR_CONSOLE, XTCGETPGRP, 0) != 55) {
		return "the foreground group was lost";
	}
	why = read_typed("restart", 64, &len);
	if (why != NULL) {
		return why;
	}
	return len == 6 && strcmp(buf, "again\n") == 0 ? NULL :
	                                                 testrun_why("read %d '%s'", (int)len, buf);
}

static const struct testrun_case tests[] = {
	{ "write", t_write },
	{ "bad", t_bad },
	{ "nonblock", t_nonblock },
	{ "read", t_read },
	{ "lines", t_lines },
	{ "eof", t_eof },
	{ "cancel", t_cancel },
	{ "select", t_select },
	{ "ctrlc", t_ctrlc },
	{ "raw", t_raw },
	{ "restart", t_restart },
};

int
main(int argc, char **argv)
{
	tty = ds_lookup("tty");
	if (tty < 0) {
		printf("ttytest: no tty service (%d)\n", tty);
		return 1;
	}
	return testrun_table("ttytest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}

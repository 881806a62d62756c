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
 *            (cd_more 0, and the next CHR_DONE finds nothing)
 *   lines    two lines typed at once come back one per read
 *   eof      Ctrl-D on an empty line: a read returns 0
 *   cancel   a cancelled read gets no CHR_DONE; its line waits for the
 *            next read
 *   select   CHR_SELECT with notify: XPOLLIN comes as a CHR_DONE_READY
 *   ctrlc    Ctrl-C throws the line away, ends the two waiting reads
 *            with EINTR (one notification, cd_more 1 then 0) and queues
 *            SIGINT for the foreground group (fetched with CHR_SIGNALS,
 *            as pm does, cg_more 0)
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

/* One CHR_* call: the reply's result; the reply is left in *m. */
static int64_t
chr(struct message *m)
{
	int err = ipc_call(tty, m);

	return err != 0 ? err : MSG_PAYLOAD(m, struct msg_chr_result)->cr_result;
}

/* CHR_OPEN of minor. */
static int64_t
chr_open(uint64_t minor)
{
	struct message m = { .m_type = CHR_OPEN };

	*MSG_PAYLOAD(&m, struct msg_chr_open) = (struct msg_chr_open){
		.co_minor = minor,
		.co_proc = ENDPOINT_SELF,
	};
	return chr(&m);
}

/* CHR_IOCTL on the console. */
static int64_t
chr_ioctl(uint64_t cmd, uint64_t arg)
{
	struct message m = { .m_type = CHR_IOCTL };

	*MSG_PAYLOAD(&m, struct msg_chr_ioctl) = (struct msg_chr_ioctl){
		.cl_minor = CHR_MINOR_CONSOLE,
		.cl_cmd = cmd,
		.cl_arg = arg,
	};
	return chr(&m);
}

static int64_t
chr_cancel(uint64_t id)
{
	struct message m = { .m_type = CHR_CANCEL };

	MSG_PAYLOAD(&m, struct msg_chr_cancel)->cc_id = id;
	return chr(&m);
}

/* CHR_SELECT on the console; notify: ask for a CHR_DONE_READY. */
static int64_t
chr_select(uint64_t ops, bool notify)
{
	struct message m = { .m_type = CHR_SELECT };

	*MSG_PAYLOAD(&m, struct msg_chr_select) = (struct msg_chr_select){
		.cs_minor = CHR_MINOR_CONSOLE,
		.cs_ops = ops,
		.cs_notify = notify ? 1 : 0,
	};
	return chr(&m);
}

/* A CHR_READ or CHR_WRITE of n bytes through grant, request id *id. */
static int64_t
io_start(uint32_t type, int64_t grant, size_t n, uint64_t flags, uint64_t *id)
{
	struct message m = { .m_type = type };

	*id = next_id++;
	*MSG_PAYLOAD(&m, struct msg_chr_io) = (struct msg_chr_io){
		.ci_minor = CHR_MINOR_CONSOLE,
		.ci_id = *id,
		.ci_len = n,
		.ci_flags = flags,
		.ci_grant = grant,
		.ci_proc = ENDPOINT_SELF,
	};
	return chr(&m);
}

/* Starts a read of n bytes into buf with request id *id. */
static int64_t
read_start(int64_t grant, size_t n, uint64_t flags, uint64_t *id)
{
	return io_start(CHR_READ, grant, n, flags, id);
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

/* Fetches one CHR_DONE into *out: its cd_result. */
static int64_t
fetch_done(struct msg_chr_done *out)
{
	struct message m = { .m_type = CHR_DONE };
	int err = ipc_call(tty, &m);

	*out = *MSG_PAYLOAD(&m, struct msg_chr_done);
	return err != 0 ? err : out->cd_result;
}

/* Reads one line into buf (NUL-terminated): its length, or the read's
 * error, in *len.  With what, the read must wait (-EINPROGRESS) and the
 * test is asked to type what; without, the line may be there already. */
static const char *
read_typed(const char *what, size_t n, int64_t *len)
{
	int64_t grant = kc_grant_create(tty, buf, n, GRANT_WRITE), r;
	struct msg_chr_done done;
	uint64_t id;

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
	r = fetch_done(&done);
	kc_grant_revoke(grant);
	if (r != 0 || done.cd_kind != CHR_DONE_IO || done.cd_a != id) {
		return testrun_why("CHR_DONE: %d kind %lu id %lu (want %lu)", (int)r,
		    (unsigned long)done.cd_kind, (unsigned long)done.cd_a, (unsigned long)id);
	}
	*len = done.cd_b;
	/* cd_more says the queue is empty now; a fetch confirms it. */
	if (done.cd_more != 0) {
		return testrun_why("cd_more %lu after the only result",
		    (unsigned long)done.cd_more);
	}
	if (fetch_done(&done) != -ENOENT) {
		return "a second CHR_DONE";
	}
	return NULL;
}

static const char *
t_write(void)
{
	static const char text[] = "ttytest: written through the tty\n";
	int64_t grant = kc_grant_create(tty, text, sizeof(text) - 1, GRANT_READ), r;
	uint64_t id;

	r = io_start(CHR_WRITE, grant, sizeof(text) - 1, 0, &id);
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

	if ((r = chr_open(1)) != -ENXIO) {
		return testrun_why("open of minor 1: %d", (int)r);
	}
	if ((r = chr_open(CHR_MINOR_CONSOLE)) != 0) {
		return testrun_why("open of minor 0: %d", (int)r);
	}
	if ((r = chr_ioctl(99, 0)) != -ENOTTY) {
		return testrun_why("ioctl 99: %d", (int)r);
	}
	if ((r = chr_ioctl(XTCSETPGRP, 0)) != -EINVAL) {
		return testrun_why("pgrp 0: %d", (int)r);
	}
	if ((r = chr(&(struct message){ .m_type = 0x7777 })) != -EINVAL) {
		return testrun_why("an unknown request: %d", (int)r);
	}
	if ((r = read_start(-1, 0, 0, &id)) != 0) {
		return testrun_why("a read of 0 bytes: %d", (int)r);
	}
	if ((r = chr_cancel(12345)) != 0) {
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
	struct msg_chr_done done;
	uint64_t id;

	r = read_start(grant, 64, 0, &id);
	if (r != -EINPROGRESS || chr_cancel(id) != 0) {
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
	return fetch_done(&done) == -ENOENT ? NULL : "a CHR_DONE for the cancelled read";
}

static const char *
t_select(void)
{
	struct msg_chr_done done;
	uint64_t id;
	int64_t r = chr_select(XPOLLIN | XPOLLOUT, true), grant;

	if (r != XPOLLOUT) {
		return testrun_why("select with nothing typed: %#x", (unsigned)r);
	}
	printf("ttytest: type select\n");
	if (wait_notify() != 0) {
		return "no notification";
	}
	r = fetch_done(&done);
	if (r != 0 || done.cd_kind != CHR_DONE_READY || done.cd_a != CHR_MINOR_CONSOLE ||
	    (done.cd_b & XPOLLIN) == 0 || done.cd_more != 0) {
		return testrun_why("CHR_DONE %d kind %lu bits %#lx more %lu", (int)r,
		    (unsigned long)done.cd_kind, (unsigned long)done.cd_b,
		    (unsigned long)done.cd_more);
	}
	if (chr_select(XPOLLIN, false) != XPOLLIN) {
		return "not readable after the notification";
	}
	grant = kc_grant_create(tty, buf, 64, GRANT_WRITE);
	r = read_start(grant, 64, 0, &id);
	kc_grant_revoke(grant);
	return r == 2 ? NULL : testrun_why("the read returned %d", (int)r);
}

/* Fetches the result of one interrupted read: NULL when it is id's
 * -EINTR with cd_more == more. */
static const char *
fetch_eintr(uint64_t id, uint64_t more)
{
	struct msg_chr_done done;
	int64_t r = fetch_done(&done);

	if (r != 0 || done.cd_kind != CHR_DONE_IO || done.cd_a != id || done.cd_b != -EINTR ||
	    done.cd_more != more) {
		return testrun_why("CHR_DONE %d: id %lu (want %lu) result %d more %lu (want %lu)",
		    (int)r, (unsigned long)done.cd_a, (unsigned long)id, (int)done.cd_b,
		    (unsigned long)done.cd_more, (unsigned long)more);
	}
	return NULL;
}

/* Two reads wait at ^C: both end with EINTR, in order, fetched after
 * one notification, the first saying one more waits. */
static const char *
t_ctrlc(void)
{
	struct message m = { .m_type = CHR_SIGNALS };
	const struct msg_chr_signal *sig = MSG_PAYLOAD(&m, const struct msg_chr_signal);
	int64_t grant, len, r1, r2;
	uint64_t id1, id2;
	struct msg_chr_done done;
	const char *why;

	if (chr_ioctl(XTCSETPGRP, 77) != 0 || chr_ioctl(XTCGETPGRP, 0) != 77) {
		return "the foreground group was not set";
	}
	grant = kc_grant_create(tty, buf, 64, GRANT_WRITE);
	r1 = read_start(grant, 64, 0, &id1);
	r2 = read_start(grant, 64, 0, &id2);
	if (r1 != -EINPROGRESS || r2 != -EINPROGRESS) {
		kc_grant_revoke(grant);
		return testrun_why("the reads returned %d and %d", (int)r1, (int)r2);
	}
	printf("ttytest: type ctrlc\n");
	if (wait_notify() != 0) {
		kc_grant_revoke(grant);
		return "no notification from the tty";
	}
	/* pm, notified too, fetches the signal as well: ask first.  The
	 * tty notified us before pm, so our call comes first. */
	if (chr(&m) != 0 || sig->cg_sig != XSIGINT || sig->cg_pgrp != 77 || sig->cg_more != 0) {
		kc_grant_revoke(grant);
		return testrun_why("CHR_SIGNALS %d: signal %lu group %ld more %lu",
		    (int)sig->cg_result, (unsigned long)sig->cg_sig, (long)sig->cg_pgrp,
		    (unsigned long)sig->cg_more);
	}
	m = (struct message){ .m_type = CHR_SIGNALS };
	if (chr(&m) != -ENOENT) {
		kc_grant_revoke(grant);
		return "a second signal";
	}
	/* The reads waiting at ^C end with EINTR; "before" is gone. */
	why = fetch_eintr(id1, 1);
	if (why == NULL) {
		why = fetch_eintr(id2, 0);
	}
	kc_grant_revoke(grant);
	if (why != NULL) {
		return why;
	}
	if (fetch_done(&done) != -ENOENT) {
		return "a third CHR_DONE";
	}
	why = read_typed(NULL, 64, &len);
	if (why != NULL) {
		return why;
	}
	if (len != 6 || strcmp(buf, "after\n") != 0) {
		return testrun_why("read %d '%s': the line before ^C was kept?", (int)len, buf);
	}
	return NULL;
}

static const char *
t_raw(void)
{
	int64_t len;
	const char *why;

	if (chr_ioctl(XTCSETRAW, 1) != 0 || chr_ioctl(XTCGETRAW, 0) != 1) {
		return "raw mode was not set";
	}
	why = read_typed("raw", 64, &len);
	chr_ioctl(XTCSETRAW, 0);
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

	if (chr_ioctl(XTCSETPGRP, 55) != 0 ||
	    rs_wait_state("tty", RS_RUNNING, ENDPOINT_ANY, 5000, &before) != 0) {
		return "tty is not running";
	}
	if (rs_fault("tty", RS_FAULT_CRASH) != 0 ||
	    rs_wait_state("tty", RS_RUNNING, before.ep, 5000, &after) != 0) {
		return "tty did not come back";
	}
	tty = after.ep;
	if (chr_ioctl(XTCGETPGRP, 0) != 55) {
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

/*
 * chardriver_request(): one CHR_* request decoded from its typed message
 * (proto/chr.h through MSG_PAYLOAD), checked (the minor, the request
 * id) and handed to the driver's callback; CHR_DONE and CHR_CANCEL are
 * served here from the table of finished results.  The answer goes in
 * the reply's first word, as every chr reply has it.
 */
#include <xinim/errno.h>
#include <xinim/proto/vfs.h>
#include "chardriver_int.h"

bool
chardriver_minor_ok(const struct chardriver_ops *ops, uint64_t minor)
{
	return minor < CHARDRIVER_MINORS && (ops->minors >> minor & 1) != 0;
}

/* CHR_READ, CHR_WRITE: struct msg_chr_io. */
static int64_t
req_io(const struct chardriver_ops *ops, const struct message *m)
{
	const struct msg_chr_io *q = MSG_PAYLOAD(m, const struct msg_chr_io);
	bool rd = m->m_type == CHR_READ;
	int64_t (*fn)(uint64_t, const struct chardriver_io *) = rd ? ops->read : ops->write;
	struct chardriver_io io = {
		.ci_caller = m->m_source,
		.ci_proc = q->ci_proc,
		.ci_minor = q->ci_minor,
		.ci_id = q->ci_id,
		.ci_len = q->ci_len,
		.ci_flags = q->ci_flags,
		.ci_grant = q->ci_grant,
	};
	int64_t r;

	if (io.ci_id == 0) {
		return -EINVAL;
	}
	if (io.ci_len == 0) {
		return 0;
	}
	if (fn == NULL) {
		return -EINVAL;
	}
	r = fn(io.ci_minor, &io);
	/* More than was asked is a driver bug; the caller must not see it. */
	return r >= 0 && (uint64_t)r > io.ci_len ? -EIO : r;
}

/* CHR_SELECT: struct msg_chr_select. */
static int64_t
req_select(const struct chardriver_ops *ops, const struct message *m)
{
	const struct msg_chr_select *q = MSG_PAYLOAD(m, const struct msg_chr_select);
	uint64_t want = q->cs_ops & (XPOLLIN | XPOLLOUT);
	endpoint_t notify = q->cs_notify == 1 ? m->m_source : ENDPOINT_NONE;
	int64_t r;

	if (ops->select == NULL) {
		return (int64_t)want;
	}
	r = ops->select(q->cs_minor, want, notify);
	return r < 0 ? r : (int64_t)((uint64_t)r & want);
}

/* CHR_DONE: the caller's oldest result, with how many more wait. */
static void
req_done(const struct message *m, struct message *reply)
{
	struct msg_chr_done *d = MSG_PAYLOAD(reply, struct msg_chr_done);
	struct cdrv_entry e;
	uint64_t more;

	if (cdrv_queue_pop(&cdrv_done, m->m_source, &e, &more) != 0) {
		d->cd_result = -ENOENT;
		return;
	}
	d->cd_result = 0;
	d->cd_kind = e.de_kind;
	d->cd_a = e.de_a;
	d->cd_b = e.de_b;
	d->cd_more = more;
}

/* CHR_CANCEL: struct msg_chr_cancel.  No CHR_DONE_IO for the id follows:
 * a finished result is dropped here, a waiting request by the driver. */
static int64_t
req_cancel(const struct chardriver_ops *ops, const struct message *m)
{
	const struct msg_chr_cancel *q = MSG_PAYLOAD(m, const struct msg_chr_cancel);

	cdrv_queue_cancel(&cdrv_done, m->m_source, q->cc_id);
	if (ops->cancel != NULL) {
		ops->cancel(m->m_source, q->cc_id);
	}
	return 0;
}

/* The requests that name a minor, once it is known to exist. */
static int64_t
req_minor(const struct chardriver_ops *ops, const struct message *m)
{
	const struct msg_chr_open *o = MSG_PAYLOAD(m, const struct msg_chr_open);
	const struct msg_chr_ioctl *l = MSG_PAYLOAD(m, const struct msg_chr_ioctl);

	switch (m->m_type) {
	case CHR_OPEN:
		return ops->open != NULL ? ops->open(o->co_minor, o->co_flags, o->co_proc) : 0;
	case CHR_CLOSE:
		return ops->close != NULL ?
		    ops->close(MSG_PAYLOAD(m, const struct msg_chr_minor)->cm_minor) :
		    0;
	case CHR_READ:
	case CHR_WRITE:
		return req_io(ops, m);
	case CHR_IOCTL:
		return ops->ioctl != NULL ?
		    ops->ioctl(l->cl_minor, l->cl_cmd, l->cl_arg, m->m_source) :
		    -ENOTTY;
	default:
		return req_select(ops, m);
	}
}

int
chardriver_request(const struct chardriver_ops *ops, const struct message *m, struct message *reply)
{
	struct msg_chr_result *res = MSG_PAYLOAD(reply, struct msg_chr_result);

	reply->m_type = CHR_REPLY;
	switch (m->m_type) {
	case CHR_OPEN:
	case CHR_CLOSE:
	case CHR_READ:
	case CHR_WRITE:
	case CHR_IOCTL:
	case CHR_SELECT:
		/* The minor is the first word of each of these requests. */
		if (!chardriver_minor_ok(ops,
		        MSG_PAYLOAD(m, const struct msg_chr_minor)->cm_minor)) {
			res->cr_result = -ENXIO;
		} else {
			res->cr_result = req_minor(ops, m);
		}
		return 0;
	case CHR_CANCEL:
		res->cr_result = req_cancel(ops, m);
		return 0;
	case CHR_DONE:
		req_done(m, reply);
		return 0;
	default:
		if (ops->driver.request != NULL) {
			return ops->driver.request(m, reply);
		}
		res->cr_result = -EINVAL;
		return 0;
	}
}

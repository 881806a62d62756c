/*
 * fstest's devfs tests: the file system of /dev (its nodes with their
 * types, modes and device numbers; nothing created or removed) and
 * devfs's character driver for major 1 (null, zero, random), called as
 * vfs calls it, with a grant of our buffer per request.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "fstest.h"

#define WAIT_MS 5000

static struct fsconn dev;

/* The attributes of /dev/name: 0 or an error. */
static int64_t
dev_node(uint64_t root, const char *name, struct fs_attr *a)
{
	int64_t r = fs_named(&dev, FS_LOOKUP, root, 0, name, NULL, NULL);

	if (r == 0) {
		*a = fs_win->fw_attr;
	}
	return r;
}

const char *
fst_devfs(void)
{
	static const struct {
		const char *name;
		uint32_t mode, rdev;
	} want[] = {
		{ "null", XS_IFCHR | 0666, XDEV_MAKE(1, 3) },
		{ "zero", XS_IFCHR | 0666, XDEV_MAKE(1, 5) },
		{ "random", XS_IFCHR | 0666, XDEV_MAKE(1, 8) },
		{ "console", XS_IFCHR | 0620, XDEV_MAKE(4, 0) },
	};
	char names[256];
	struct fs_attr a;
	uint64_t root;
	int64_t r;

	if (fs_connect(&dev, "devfs") != 0) {
		return "devfs is not in ds";
	}
	r = fs_mount(&dev, "none", 0, &root);
	if (r != 0) {
		return testrun_why("FS_MOUNT: %ld", (long)r);
	}
	if ((fs_win->fw_attr.fa_mode & XS_IFMT) != XS_IFDIR) {
		return "the root is no directory";
	}
	r = fs_list(&dev, root, FST_DATA_MAX, names, sizeof(names));
	/* The standard nodes first; the disks the drivers published after. */
	if (r != 0 || strncmp(names, ". .. null zero random console", 29) != 0 ||
	    (names[29] != '\0' && names[29] != ' ')) {
		return testrun_why("getdents: %ld, '%s'", (long)r, names);
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		r = dev_node(root, want[i].name, &a);
		if (r != 0 || a.fa_mode != want[i].mode || a.fa_rdev != want[i].rdev) {
			return testrun_why("%s: %ld, mode %o, rdev %x", want[i].name, (long)r,
			    a.fa_mode, a.fa_rdev);
		}
	}
	if (dev_node(root, "nope", &a) != -ENOENT ||
	    fs_create(&dev, root, "new", XS_IFREG | 0644, NULL) != -EPERM ||
	    fs_named(&dev, FS_UNLINK, root, 0, "null", NULL, NULL) != -EPERM ||
	    fs_req(&dev, FS_READ, root, 0, 8, 0, NULL) != -EISDIR ||
	    fs_req(&dev, FS_GETDENTS, root, 0, 4, 0, NULL) != -EINVAL) {
		return "a bad request was not refused as it should be";
	}
	/* chmod /dev/null, and back. */
	dev_node(root, "null", &a);
	fs_win->fw_attr.fa_mode = 0600;
	if (fs_req(&dev, FS_SETATTR, a.fa_ino, FS_SET_MODE, 0, 0, NULL) != 0 ||
	    fs_win->fw_attr.fa_mode != (XS_IFCHR | 0600)) {
		return "chmod of null failed";
	}
	fs_win->fw_attr.fa_mode = 0666;
	fs_req(&dev, FS_SETATTR, a.fa_ino, FS_SET_MODE, 0, 0, NULL);
	if (fs_req(&dev, FS_REF, a.fa_ino, 0, 0, 0, NULL) != 0 ||
	    fs_req(&dev, FS_UNMOUNT, root, 0, 0, 0, NULL) != -EBUSY ||
	    fs_req(&dev, FS_PUTNODE, a.fa_ino, 0, 0, 0, NULL) != 0 ||
	    fs_req(&dev, FS_UNMOUNT, root, 0, 0, 0, NULL) != 0) {
		return "references and unmount went wrong";
	}
	return NULL;
}

/* A CHR_READ (or CHR_WRITE) of len bytes of buf through a grant. */
static int64_t
chr_io(endpoint_t ep, uint32_t type, uint32_t minor, void *buf, size_t len)
{
	struct message m = { .m_type = type };
	int64_t g = kc_grant_create(ep, buf, len, type == CHR_READ ? GRANT_WRITE : GRANT_READ);
	int r;

	if (g < 0) {
		return g;
	}
	*MSG_PAYLOAD(&m, struct msg_chr_io) = (struct msg_chr_io){
		.ci_minor = minor,
		.ci_id = 1,
		.ci_len = len,
		.ci_grant = g,
		.ci_proc = ENDPOINT_SELF,
	};
	r = ipc_call(ep, &m);
	kc_grant_revoke(g);
	return r != 0 ? r : MSG_PAYLOAD(&m, struct msg_chr_result)->cr_result;
}

/* Any other CHR_* request: a is its minor (CHR_CANCEL: the id), b the
 * select's ops or the ioctl's command. */
static int64_t
chr_simple(endpoint_t ep, uint32_t type, uint64_t a, uint64_t b)
{
	struct message m = { .m_type = type };
	int r;

	switch (type) {
	case CHR_OPEN:
		*MSG_PAYLOAD(&m, struct msg_chr_open) =
		    (struct msg_chr_open){ .co_minor = a, .co_proc = ENDPOINT_SELF };
		break;
	case CHR_SELECT:
		*MSG_PAYLOAD(&m, struct msg_chr_select) =
		    (struct msg_chr_select){ .cs_minor = a, .cs_ops = b };
		break;
	case CHR_IOCTL:
		*MSG_PAYLOAD(&m, struct msg_chr_ioctl) =
		    (struct msg_chr_ioctl){ .cl_minor = a, .cl_cmd = b };
		break;
	case CHR_CANCEL:
		MSG_PAYLOAD(&m, struct msg_chr_cancel)->cc_id = a;
		break;
	case CHR_CLOSE:
		MSG_PAYLOAD(&m, struct msg_chr_minor)->cm_minor = a;
		break;
	default:
		break;
	}
	r = ipc_call(ep, &m);
	if (r == 0 && m.m_type != CHR_REPLY) {
		return -EBADMSG;
	}
	return r != 0 ? r : MSG_PAYLOAD(&m, struct msg_chr_result)->cr_result;
}

const char *
fst_chr(void)
{
	static uint8_t a[10000], b[64];
	endpoint_t ep = ds_lookup(chr_majors[CHR_MAJOR_MEM]);
	int64_t r;
	int zero = 0;

	if (ep < 0) {
		return "devfs is not in ds";
	}
	if (chr_simple(ep, CHR_OPEN, CHR_MINOR_ZERO, 0) != 0 ||
	    chr_simple(ep, CHR_OPEN, 7, 0) != -ENXIO || chr_simple(ep, CHR_CLOSE, 3, 0) != 0) {
		return "CHR_OPEN or CHR_CLOSE answered wrongly";
	}
	memset(a, 0xff, sizeof(a));
	r = chr_io(ep, CHR_READ, CHR_MINOR_ZERO, a, sizeof(a));
	if (r != (int64_t)sizeof(a)) {
		return testrun_why("zero read %ld", (long)r);
	}
	for (size_t i = 0; i < sizeof(a); i++) {
		if (a[i] != 0) {
			return testrun_why("zero gave %#x at %zu", a[i], i);
		}
	}
	if (chr_io(ep, CHR_READ, CHR_MINOR_NULL, a, 100) != 0 ||
	    chr_io(ep, CHR_WRITE, CHR_MINOR_NULL, a, 100) != 100 ||
	    chr_io(ep, CHR_WRITE, CHR_MINOR_ZERO, a, 50) != 50) {
		return "null or a write answered wrongly";
	}
	r = chr_io(ep, CHR_READ, CHR_MINOR_RANDOM, b, sizeof(b));
	if (r != (int64_t)sizeof(b)) {
		return testrun_why("random read %ld", (long)r);
	}
	for (size_t i = 0; i < sizeof(b); i++) {
		zero += b[i] == 0;
	}
	if (zero > 8) {
		return "random bytes are mostly zeros";
	}
	if (chr_simple(ep, CHR_SELECT, CHR_MINOR_RANDOM, XPOLLIN | XPOLLOUT) !=
	        (XPOLLIN | XPOLLOUT) ||
	    chr_simple(ep, CHR_IOCTL, CHR_MINOR_ZERO, XTCGETRAW) != -ENOTTY ||
	    chr_simple(ep, CHR_DONE, 0, 0) != -ENOENT || chr_simple(ep, CHR_CANCEL, 1, 0) != 0 ||
	    chr_io(ep, CHR_READ, 9, b, 8) != -ENXIO) {
		return "select, ioctl, done, cancel or a bad minor answered wrongly";
	}
	printf("fstest: random %02x%02x%02x%02x%02x%02x%02x%02x...\n", b[0], b[1], b[2], b[3], b[4],
	    b[5], b[6], b[7]);
	return NULL;
}

const char *
fst_norandom(void)
{
	endpoint_t ep = ds_lookup(chr_majors[CHR_MAJOR_MEM]);
	struct rs_svc_status s;
	struct message m;
	uint8_t b[16];
	int64_t r;

	if (ep < 0) {
		return "devfs is not in ds";
	}
	if (rs_call_name(RS_STOP, "virtio-rng", &m) != 0 ||
	    rs_wait_state("virtio-rng", RS_DEAD, ENDPOINT_ANY, WAIT_MS, &s) != 0) {
		return "virtio-rng did not stop";
	}
	r = chr_io(ep, CHR_READ, CHR_MINOR_RANDOM, b, sizeof(b));
	if (r != -EIO) {
		return testrun_why("a random read without virtio-rng gave %ld", (long)r);
	}
	if (chr_io(ep, CHR_READ, CHR_MINOR_ZERO, b, sizeof(b)) != (int64_t)sizeof(b)) {
		return "zero failed while virtio-rng was away";
	}
	if (rs_call_name(RS_START, "virtio-rng", &m) != 0 ||
	    rs_wait_state("virtio-rng", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &s) != 0) {
		return "virtio-rng did not start again";
	}
	r = chr_io(ep, CHR_READ, CHR_MINOR_RANDOM, b, sizeof(b));
	if (r != (int64_t)sizeof(b)) {
		return testrun_why("a random read after the restart gave %ld", (long)r);
	}
	/* devfs kept its heartbeats while it waited. */
	if (rs_status("devfs", &s) != 0 || s.ep != ep || s.crashes != 0) {
		return "devfs was restarted meanwhile";
	}
	return NULL;
}

/*
 * virtio-blk: the disks of QEMU's virtio-blk-pci (modern, 1af4:1042) for
 * any client of the block protocol (xinim/proto/blk.h), on libdriver and
 * libblockdriver.  At start it claims every device its pci rule matches,
 * in PCI order (vda, vdb, ...), brings each up (dev.c), reads its
 * partition table, and publishes each minor in ds as blk/NAME naming
 * itself; then libblockdriver takes the clients' rings and hands each
 * checked request to io.c.  A restarted instance does the same again:
 * opening a device resets it, which drops whatever the dead instance had
 * in flight; the clients (libbdev) resend those requests.
 */
#include <libblockdriver/blockdriver.h>
#include <libblockdriver/partition.h>
#include <libdriver/driver.h>
#include <libsys/ds.h>
#include <libsys/pci.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vblk.h"

static const struct blk_major *major;

static int
vblk_geometry_of(uint32_t dev, struct blk_geometry *out)
{
	struct vblk_dev *d = &vblk_devs[dev % BLOCKDRIVER_MAX_DEVS];

	if (dev >= BLOCKDRIVER_MAX_DEVS || !d->d_up) {
		return -ENXIO;
	}
	vblk_dev_read_config(d); /* the image may have been resized */
	*out = d->d_geom;
	return 0;
}

static const struct blockdriver_ops vblk_ops = {
	.bdo_geometry = vblk_geometry_of,
	.bdo_submit = vblk_submit,
	.bdo_kick = vblk_kick_all,
};

/* partition_scan()'s reads: through a bounce buffer, polled. */
static int
part_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct vblk_dev *d = ctx;
	uint32_t ss = d->d_geom.bg_sector_size, len = count * ss;
	uint64_t va, pa;
	int b, err;

	if (count == 0 || len > VBLK_MAX_BYTES || len / ss != count) {
		return -EINVAL;
	}
	b = vblk_bounce_get(&va, &pa);
	if (b < 0) {
		return b;
	}
	err = vblk_dev_read_sync(d, lba * (ss / 512), pa, len);
	if (err == 0) {
		memcpy(buf, (const void *)(uintptr_t)va, len);
	}
	vblk_bounce_put(b);
	return err;
}

/* blk/vda, blk/vda1, ...: a restarted instance publishes them again
 * (ds lets a name held by a dead instance go to a new one). */
static void
publish(const char *name)
{
	char full[DS_NAME_LEN + 1];
	int err;

	snprintf(full, sizeof(full), "%s%s", BLK_DS_PREFIX, name);
	err = ds_publish(full, ENDPOINT_SELF);
	if (err != 0) {
		printf("%s: cannot publish %s (%d)\n", driver_name(), full, err);
	}
}

/* Reads dev's partition table, tells libblockdriver, names the minors. */
static void
scan(struct vblk_dev *d)
{
	static struct blk_part parts[BLK_PARTS - 1];
	char name[16];
	const char *why;
	int n, named = 0;

	n = partition_scan(d->d_geom.bg_sector_size, d->d_geom.bg_sectors, part_read, d, parts,
	    BLK_PARTS - 1, &why);
	if (n < 0 || why != NULL) {
		printf("%s: vd%c: partition table: %s%s\n", driver_name(), 'a' + d->d_index,
		    why != NULL ? why : "unreadable", n < 0 ? " (used without partitions)" : "");
	}
	if (n < 0) {
		n = 0;
	}
	blockdriver_set_partitions(d->d_index, parts, n);
	snprintf(name, sizeof(name), "%s%c", major->bm_prefix, 'a' + d->d_index);
	publish(name);
	for (int i = 0; i < n; i++) {
		char pname[20];

		if (parts[i].bp_sectors == 0) {
			continue;
		}
		snprintf(pname, sizeof(pname), "%s%d", name, i + 1);
		publish(pname);
		named++;
	}
	printf("%s: %s: %lu sectors of %u bytes%s%s%s%s, queue %u%s, %d partition%s\n",
	    driver_name(), name, (unsigned long)d->d_geom.bg_sectors, d->d_geom.bg_sector_size,
	    (d->d_geom.bg_features & BLK_FEAT_RO) ? ", read-only" : "",
	    (d->d_geom.bg_features & BLK_FEAT_FLUSH) ? ", flush" : "",
	    (d->d_geom.bg_features & BLK_FEAT_DISCARD) ? ", discard" : "",
	    (d->d_geom.bg_features & BLK_FEAT_WRITE_ZEROES) ? ", write-zeroes" : "",
	    d->d_q.pq_vq.vq_size, d->d_indirect ? " indirect" : "", named, named == 1 ? "" : "s");
}

static int
vblk_init(int argc, char **argv, bool restored)
{
	struct pci_info info;
	uint32_t bars;
	unsigned n, up = 0;
	int err = 0;

	major = blk_major_find(BLK_MAJOR_VIRTIO);
	blockdriver_init(&vblk_ops);
	for (n = 0; n < BLOCKDRIVER_MAX_DEVS; n++) {
		err = pci_claim_nth(n, &info, &bars);
		if (err != 0) {
			break;
		}
		if (vblk_dev_open(&vblk_devs[n], n, &info, bars) == 0) {
			up++;
		}
	}
	if (n == 0) {
		printf("%s: no device\n", driver_name());
		return err == -ENODEV ? -ENODEV : err;
	}
	if (err != 0 && err != -ENODEV) {
		printf("%s: claiming device %u: %d (serving the %u before)\n", driver_name(), n, err,
		    n);
	}
	if (up == 0) {
		return -EIO;
	}
	for (unsigned i = 0; i < n; i++) {
		if (vblk_devs[i].d_up) {
			scan(&vblk_devs[i]);
		}
	}
	return 0;
}

static void
vblk_irq_all(uint64_t hooks)
{
	vblk_irq(hooks);
	blockdriver_commit_all();
}

static const struct driver_ops vblk_driver_ops = {
	.init = vblk_init,
	.irq = vblk_irq_all,
	.request = blockdriver_request,
	.notify = blockdriver_notified,
	.reply_type = BLK_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&vblk_driver_ops, argc, argv);
}

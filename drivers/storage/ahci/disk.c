/*
 * The disks found (ahci.h): each gets the next name, sda, sdb, ... in
 * port order, its geometry for libblockdriver, its partitions read with
 * polled commands through the scratch buffer (partition_scan()), and
 * its minors published in ds as "blk/sda", "blk/sda1", ... naming this
 * driver once it serves.  Entry points: ahci_disk_geometry,
 * ahci_disk_add, ahci_disk_publish.
 */
#include <libsys/ds.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ahci.h"

int
ahci_disk_geometry(uint32_t dev, struct blk_geometry *g)
{
	const struct ahci_port *p;
	uint64_t max;

	if (dev >= ahci_hba.hb_ndevs) {
		return -ENXIO;
	}
	p = ahci_hba.hb_dev[dev];
	max = (uint64_t)ATA_MAX_SECTORS * p->pt_id.id_sector_size;
	*g = (struct blk_geometry){
		.bg_sectors = p->pt_id.id_sectors,
		.bg_sector_size = p->pt_id.id_sector_size,
		.bg_features =
		    (p->pt_id.id_wcache ? BLK_FEAT_FLUSH : 0) | (p->pt_ncq ? BLK_FEAT_FUA : 0),
		.bg_max_segs = BLK_MAX_SEGS,
		.bg_max_bytes = max < BLK_MAX_BYTES ? (uint32_t)max : BLK_MAX_BYTES,
	};
	return 0;
}

/* partition_scan()'s reader: polled READ DMA EXT into the scratch
 * buffer, a buffer's worth at a time. */
struct scan_ctx {
	struct ahci_port *sx_port;
	struct dma_buf *sx_buf;
};

static int
scan_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct scan_ctx *sx = ctx;
	struct ahci_port *p = sx->sx_port;
	uint32_t ss = p->pt_id.id_sector_size, per = (uint32_t)(sx->sx_buf->db_size / ss);
	uint8_t fis[FIS_H2D_LEN];
	uint8_t *out = buf;

	if (lba > p->pt_id.id_sectors || count > p->pt_id.id_sectors - lba) {
		return -ERANGE;
	}
	while (count > 0) {
		uint32_t n = count < per ? count : per;
		int err;

		ahci_fis_dma_ext(fis, false, lba, n);
		err = ahci_port_poll_cmd(p, fis, false, sx->sx_buf->db_phys, n * ss);
		if (err != 0) {
			return err;
		}
		memcpy(out, (const void *)sx->sx_buf->db_vaddr, (size_t)n * ss);
		out += (size_t)n * ss;
		lba += n;
		count -= n;
	}
	return 0;
}

/* Publishes name in ds; an entry that still names a dead instance of
 * ours answers -EPERM, which counts as there. */
static void
publish(const char *name)
{
	char full[32];
	int err;

	snprintf(full, sizeof(full), "%s%s", BLK_DS_PREFIX, name);
	err = ds_publish(full, ENDPOINT_SELF);
	if (err != 0 && err != -EPERM) {
		printf("%s: publishing %s failed (%d)\n", AHCI_NAME, full, err);
	}
}

static void
scan_partitions(struct ahci_port *p, struct dma_buf *scratch)
{
	struct blk_part parts[BLK_PARTS - 1];
	struct scan_ctx sx = { p, scratch };
	char list[BLK_PARTS * 8] = "", name[16];
	const char *why = NULL;
	int n, found = 0;

	p->pt_parts = 0;
	n = partition_scan(p->pt_id.id_sector_size, p->pt_id.id_sectors, scan_read, &sx, parts,
	    BLK_PARTS - 1, &why);
	if (n < 0) {
		printf("%s: %s: partition table not used: %s\n", AHCI_NAME, p->pt_name,
		    why != NULL ? why : "unreadable");
		n = 0;
	} else if (why != NULL) {
		printf("%s: %s: %s\n", AHCI_NAME, p->pt_name, why);
	}
	blockdriver_set_partitions((uint32_t)p->pt_dev, parts, n);
	for (int i = 0; i < n; i++) {
		if (parts[i].bp_sectors == 0) {
			continue;
		}
		snprintf(name, sizeof(name), "%s%d", p->pt_name, i + 1);
		p->pt_parts |= 1u << (i + 1);
		found++;
		if (strlen(list) + strlen(name) + 2 < sizeof(list)) {
			strcat(list, " ");
			strcat(list, name);
		}
	}
	if (found != 0) {
		printf("%s: %s: partitions:%s\n", AHCI_NAME, p->pt_name, list);
	}
}

void
ahci_disk_add(struct ahci_port *p, struct dma_buf *scratch)
{
	struct ahci_hba *h = &ahci_hba;
	const struct ahci_ident *id = &p->pt_id;
	uint64_t mib = id->id_sectors * id->id_sector_size >> 20;

	if (h->hb_ndevs == BLOCKDRIVER_MAX_DEVS) {
		printf("%s: port %u: more than %d disks: not used\n", AHCI_NAME, p->pt_num,
		    BLOCKDRIVER_MAX_DEVS);
		p->pt_disk = false;
		return;
	}
	p->pt_dev = (int)h->hb_ndevs;
	h->hb_dev[h->hb_ndevs++] = p;
	snprintf(p->pt_name, sizeof(p->pt_name), "sd%c", 'a' + p->pt_dev);
	printf("%s: port %u: %s: \"%s\", %lu MiB (%lu sectors of %u bytes), ", AHCI_NAME, p->pt_num,
	    p->pt_name, id->id_model, (unsigned long)mib, (unsigned long)id->id_sectors,
	    id->id_sector_size);
	if (p->pt_ncq) {
		printf("NCQ depth %u", p->pt_tags.tg_depth);
	} else {
		printf("no NCQ");
	}
	printf(", write cache %s\n", id->id_wcache ? "on" : "off");
	scan_partitions(p, scratch);
}

void
ahci_disk_publish(struct ahci_port *p)
{
	char name[16];

	publish(p->pt_name);
	for (int i = 1; i < BLK_PARTS; i++) {
		if ((p->pt_parts & (1u << i)) != 0) {
			snprintf(name, sizeof(name), "%s%d", p->pt_name, i);
			publish(name);
		}
	}
}

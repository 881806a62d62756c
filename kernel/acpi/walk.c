/*
 * The table walk: from the RSDP through the root table to every table the
 * kernel decodes.  Memory is reached only through env->map, so a pointer to
 * nowhere (or outside what the caller can map) becomes a reported, skipped
 * table rather than a fault.  Pure code; acpi.c supplies the environment.
 */
#include <stdarg.h>
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/printf.h>
#include <kern/string.h>
#include "bytes.h"

#define BIOS_AREA_BASE 0xe0000
#define BIOS_AREA_LEN 0x20000
#define EBDA_SCAN_LEN 1024

/* Largest root table this walk reads: enough for ACPI_MAX_TABLES and more. */
#define ROOT_ENTRIES_MAX 64

/* Formats one complaint for env->report; a NULL report silences them. */
static void complain(const struct acpi_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
complain(const struct acpi_env *env, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (env->report == NULL) {
		return;
	}
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	env->report(env->ctx, msg);
}

/* The decoders' error codes in words, for the complaints. */
static const char *
reason(int err)
{
	switch (err) {
	case -EBADMSG:
		return "bad checksum";
	case -ENOENT:
		return "not found";
	case -EFAULT:
		return "unreachable";
	default:
		return "malformed";
	}
}

/* Tries every 16-byte boundary of [base, base+len) for a valid RSDP; the
 * specification promises that alignment, which also keeps the scan cheap. */
static int
scan_area(const struct acpi_env *env, uint64_t base, size_t len, uint64_t *phys,
    struct acpi_rsdp *out)
{
	const uint8_t *p = env->map(env->ctx, base, len);

	if (p == NULL) {
		return -ENOENT;
	}
	for (size_t off = 0; off + ACPI_RSDP_V1_LEN <= len; off += 16) {
		if (memcmp(p + off, "RSD PTR ", 8) != 0) {
			continue;
		}
		/* A match with a bad checksum is a coincidence: keep looking. */
		size_t avail = len - off;
		if (acpi_rsdp_parse(p + off, avail, out) == 0) {
			*phys = base + off;
			return 0;
		}
	}
	return -ENOENT;
}

int
acpi_find_rsdp(const struct acpi_env *env, uint64_t *phys, struct acpi_rsdp *out)
{
	if (env->rsdp_hint != 0) {
		/* A revision 0 RSDP may end 20 bytes in, at the end of a region. */
		const void *p = env->map(env->ctx, env->rsdp_hint, ACPI_RSDP_V2_LEN);
		size_t avail = ACPI_RSDP_V2_LEN;
		if (p == NULL) {
			p = env->map(env->ctx, env->rsdp_hint, ACPI_RSDP_V1_LEN);
			avail = ACPI_RSDP_V1_LEN;
		}
		int err = p != NULL ? acpi_rsdp_parse(p, avail, out) : -EFAULT;
		if (err == 0) {
			*phys = env->rsdp_hint;
			return 0;
		}
		complain(env, "boot loader's RSDP at %#lx: %s, searching memory",
		    (unsigned long)env->rsdp_hint, err == -ENOENT ? "no signature" : reason(err));
	}
	/* The EBDA lies just below 640 KiB when the BIOS has one. */
	uint64_t ebda = (uint64_t)env->ebda_segment << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000 &&
	    scan_area(env, ebda, EBDA_SCAN_LEN, phys, out) == 0) {
		return 0;
	}
	return scan_area(env, BIOS_AREA_BASE, BIOS_AREA_LEN, phys, out);
}

/*
 * Maps a whole table: the header first to learn the length, then all of
 * it.  Returns NULL (after a complaint) if it cannot be read; the checksum
 * is the decoders' business.
 */
static const uint8_t *
load_table(const struct acpi_env *env, uint64_t phys, size_t *len, char sig[5])
{
	const uint8_t *p = env->map(env->ctx, phys, ACPI_SDT_HEADER_LEN);

	memcpy(sig, "????", 5);
	if (p == NULL) {
		complain(env, "table at %#lx is unreachable, skipped", (unsigned long)phys);
		return NULL;
	}
	for (int i = 0; i < 4; i++) {
		/* Only printable letters reach the log. */
		sig[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	}
	/* The length is untrusted: bound it before asking for that much. */
	uint32_t tlen = acpi_get32(p, 4);
	if (tlen < ACPI_SDT_HEADER_LEN || tlen > ACPI_TABLE_MAX_LEN) {
		complain(env, "%s at %#lx has impossible length %u, skipped", sig,
		    (unsigned long)phys, tlen);
		return NULL;
	}
	p = env->map(env->ctx, phys, tlen);
	if (p == NULL) {
		complain(env, "%s at %#lx (%u bytes) is unreachable, skipped", sig,
		    (unsigned long)phys, tlen);
		return NULL;
	}
	*len = tlen;
	return p;
}

/* Reads the root table's entries into addrs (at most ROOT_ENTRIES_MAX);
 * returns how many the table lists, or an error after a complaint. */
static int
read_root(const struct acpi_env *env, uint64_t phys, unsigned entry_size, uint64_t *addrs)
{
	char sig[5];
	size_t len;
	const uint8_t *p = load_table(env, phys, &len, sig);

	if (p == NULL) {
		return -EFAULT;
	}
	/* A root pointer to some other table means the RSDP is stale. */
	if (memcmp(sig, entry_size == 8 ? "XSDT" : "RSDT", 4) != 0) {
		complain(env, "root table at %#lx has signature %s", (unsigned long)phys, sig);
		return -ENOENT;
	}
	int n = acpi_root_entries(p, len, entry_size, addrs, ROOT_ENTRIES_MAX);
	if (n < 0) {
		complain(env, "%s at %#lx: %s", sig, (unsigned long)phys, reason(n));
	}
	return n;
}

/* Finds the S5 values in the DSDT named by the FADT.  Failure leaves
 * s5_valid false, which only disables ACPI power-off. */
static void
read_dsdt(const struct acpi_env *env, struct acpi_fadt_info *f)
{
	char sig[5];
	size_t len;
	const uint8_t *p;

	if (f->dsdt == 0 || (p = load_table(env, f->dsdt, &len, sig)) == NULL) {
		complain(env, "no readable DSDT: S5 unknown");
		return;
	}
	int err = acpi_s5_parse(p, len, &f->s5_typ_a, &f->s5_typ_b);
	if (err != 0) {
		complain(env, "DSDT at %#lx: _S5_ %s", (unsigned long)f->dsdt, reason(err));
		return;
	}
	f->s5_valid = true;
}

/*
 * Decodes one table the kernel knows; others are only listed.  The first
 * good table of each kind wins (a machine with two HPET blocks keeps the
 * first); a bad one is zeroed so no half-parsed data escapes.
 */
static void
decode_table(const struct acpi_env *env, struct acpi_info *out, uint64_t phys, const uint8_t *p,
    size_t len, const char *sig)
{
	int err = 0;

	if (memcmp(sig, "APIC", 4) == 0 && !out->madt.present) {
		err = acpi_madt_parse(p, len, &out->madt);
		if (err != 0) {
			memset(&out->madt, 0, sizeof(out->madt));
		} else if (out->madt.dropped != 0) {
			complain(env, "MADT: %u entries did not fit and were ignored",
			    out->madt.dropped);
		}
	} else if (memcmp(sig, "MCFG", 4) == 0 && out->mcfg.count == 0) {
		err = acpi_mcfg_parse(p, len, &out->mcfg);
		if (err != 0) {
			memset(&out->mcfg, 0, sizeof(out->mcfg));
		}
	} else if (memcmp(sig, "HPET", 4) == 0 && !out->hpet.present) {
		err = acpi_hpet_parse(p, len, &out->hpet);
		if (err != 0) {
			memset(&out->hpet, 0, sizeof(out->hpet));
		}
	} else if (memcmp(sig, "FACP", 4) == 0 && !out->fadt.present) {
		err = acpi_fadt_parse(p, len, &out->fadt);
		if (err != 0) {
			memset(&out->fadt, 0, sizeof(out->fadt));
		} else {
			read_dsdt(env, &out->fadt);
		}
	} else {
		/* Unknown tables still get their checksum checked, for the log. */
		err = acpi_sdt_check(p, len);
		err = err < 0 ? err : 0;
	}
	if (err != 0) {
		complain(env, "%s at %#lx: %s, skipped", sig, (unsigned long)phys, reason(err));
	}
}

int
acpi_discover(const struct acpi_env *env, struct acpi_info *out)
{
	struct acpi_rsdp rsdp;
	uint64_t addrs[ROOT_ENTRIES_MAX];
	int n = -ENOENT;

	/* Zero first: every "not present" in the result is a plain 0. */
	memset(out, 0, sizeof(*out));
	if (acpi_find_rsdp(env, &out->rsdp_phys, &rsdp) != 0) {
		return -ENOENT;
	}
	out->rsdp_revision = rsdp.revision;
	memcpy(out->oem_id, rsdp.oem_id, sizeof(out->oem_id));

	/* ACPI 2.0+ has 64-bit addresses in the XSDT; the RSDT is the fallback. */
	if (rsdp.revision >= 2 && rsdp.xsdt != 0) {
		n = read_root(env, rsdp.xsdt, 8, addrs);
	}
	if (n < 0 && rsdp.rsdt != 0) {
		n = read_root(env, rsdp.rsdt, 4, addrs);
	}
	if (n < 0) {
		return n;
	}
	/* More tables than we list is unusual (big servers' SSDTs): only the
	 * list is cut, and the interesting tables come first in practice. */
	if (n > ACPI_MAX_TABLES) {
		complain(env, "root lists %d tables, only %d examined", n, ACPI_MAX_TABLES);
		n = ACPI_MAX_TABLES;
	}

	for (int i = 0; i < n; i++) {
		size_t len;
		const uint8_t *p = NULL;

		out->table_count++;
		if (addrs[i] == 0) {
			memcpy(out->tables[i], "????", 5);
			complain(env, "root entry %d is a null pointer, skipped", i);
			continue;
		}
		p = load_table(env, addrs[i], &len, out->tables[i]);
		if (p != NULL) {
			decode_table(env, out, addrs[i], p, len, out->tables[i]);
		}
	}
	return 0;
}

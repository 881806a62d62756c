/*
 * The ELF64 validator (see xinim/elf.h), compiled into both the kernel and
 * libsys.  Every offset and size in the file is treated as hostile: each
 * addition is checked for overflow before it is compared with a bound, and
 * nothing is read before its bounds are known to lie in the buffer.  No
 * library calls, so that it builds unchanged in either world.
 */
#include <xinim/elf.h>

/* Whether [off, off + size) lies within a buffer of len bytes. */
static int
elf_in_file(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static int
elf_check_header(const struct elf64_ehdr *eh, size_t len)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	for (unsigned i = 0; i < 4; i++) {
		if (eh->e_ident[i] != magic[i]) {
			return -ELF_ERR_MAGIC;
		}
	}
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT) {
		return -ELF_ERR_CLASS;
	}
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64) {
		return -ELF_ERR_TYPE;
	}
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHDRS) {
		return -ELF_ERR_PHDR;
	}
	/* phnum is at most 64, so the product cannot overflow. */
	if (!elf_in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), len)) {
		return -ELF_ERR_TRUNCATED;
	}
	if (eh->e_phoff % 8 != 0) {
		return -ELF_ERR_PHDR;
	}
	return 0;
}

/* Checks one PT_LOAD header against the file and user space. */
static int
elf_check_load(const struct elf64_phdr *ph, size_t len)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz == 0) {
		return -ELF_ERR_SEGMENT;
	}
	if (!elf_in_file(ph->p_offset, ph->p_filesz, len)) {
		return -ELF_ERR_SEGMENT;
	}
	if (ph->p_vaddr < ELF_USER_MIN || ph->p_vaddr >= ELF_USER_END ||
	    ph->p_memsz > ELF_USER_END - ph->p_vaddr) {
		return -ELF_ERR_SEGMENT;
	}
	return 0;
}

/* Whether two checked segments touch a common page. */
static int
elf_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a_lo = a->es_vaddr & ~(ELF_PAGE - 1);
	uint64_t b_lo = b->es_vaddr & ~(ELF_PAGE - 1);
	uint64_t a_hi = a->es_vaddr + a->es_memsz; /* no overflow: below USER_END */
	uint64_t b_hi = b->es_vaddr + b->es_memsz;

	return a_lo < b_hi && b_lo < a_hi;
}

int
elf_check(const void *image, size_t len, struct elf_image *out)
{
	const uint8_t *base = image;
	const struct elf64_ehdr *eh = image;
	int err;

	out->ei_nseg = 0;
	if (image == NULL || len < sizeof(*eh)) {
		return -ELF_ERR_TRUNCATED;
	}
	err = elf_check_header(eh, len);
	if (err != 0) {
		return err;
	}
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph =
		    (const struct elf64_phdr *)(base + eh->e_phoff + i * sizeof(*ph));
		struct elf_segment *seg;

		if (ph->p_type != PT_LOAD) {
			continue;
		}
		err = elf_check_load(ph, len);
		if (err != 0) {
			return err;
		}
		if (out->ei_nseg == ELF_MAX_LOAD) {
			return -ELF_ERR_PHDR;
		}
		seg = &out->ei_seg[out->ei_nseg];
		seg->es_vaddr = ph->p_vaddr;
		seg->es_memsz = ph->p_memsz;
		seg->es_data = base + ph->p_offset;
		seg->es_filesz = ph->p_filesz;
		seg->es_prot = ph->p_flags & (PF_R | PF_W | PF_X);
		for (unsigned k = 0; k < out->ei_nseg; k++) {
			if (elf_overlap(&out->ei_seg[k], seg)) {
				return -ELF_ERR_OVERLAP;
			}
		}
		out->ei_nseg++;
	}
	if (out->ei_nseg == 0) {
		return -ELF_ERR_EMPTY;
	}
	for (unsigned k = 0; k < out->ei_nseg; k++) {
		const struct elf_segment *s = &out->ei_seg[k];

		if ((s->es_prot & PF_X) != 0 && eh->e_entry >= s->es_vaddr &&
		    eh->e_entry - s->es_vaddr < s->es_memsz) {
			out->ei_entry = eh->e_entry;
			return 0;
		}
	}
	return -ELF_ERR_ENTRY;
}

const char *
elf_strerror(int err)
{
	static const char *const reasons[] = {
		[0] = "no error",
		[ELF_ERR_TRUNCATED] = "truncated",
		[ELF_ERR_MAGIC] = "not an ELF file",
		[ELF_ERR_CLASS] = "not 64-bit little-endian ELF",
		[ELF_ERR_TYPE] = "not a static x86-64 executable",
		[ELF_ERR_PHDR] = "bad program header table",
		[ELF_ERR_SEGMENT] = "segment outside the file or user space",
		[ELF_ERR_OVERLAP] = "overlapping segments",
		[ELF_ERR_ENTRY] = "entry point outside the code",
		[ELF_ERR_EMPTY] = "nothing to load",
	};

	if (err < 0) {
		err = -err;
	}
	if (err >= (int)(sizeof(reasons) / sizeof(reasons[0]))) {
		return "unknown error";
	}
	return reasons[err];
}

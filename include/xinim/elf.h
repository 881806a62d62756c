/*
 * ELF64 executables: the file layout (the System V gABI and its x86-64
 * supplement) and a validator shared by the kernel, which loads rs, and
 * libsys, which loads everything else.  Pure code (lib/libsys/elf.c) over
 * a byte buffer: it reads nothing outside [image, image + len).
 *
 * elf_check() accepts only what XINIM can run: a little-endian 64-bit
 * x86-64 static executable (ET_EXEC) whose program headers lie inside the
 * file, with at most ELF_MAX_LOAD loadable segments that each fit in the
 * file (p_offset + p_filesz), have p_filesz <= p_memsz, lie wholly in user
 * space [ELF_USER_MIN, ELF_USER_END), do not overlap one another (page
 * granularity) and whose entry point is inside an executable one.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/layout.h>

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_X86_64 62

#define PT_NULL 0
#define PT_LOAD 1

#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");

/* Where user programs may live (xinim/layout.h). */
#define ELF_USER_MIN USER_MIN
#define ELF_USER_END USER_END
#define ELF_PAGE USER_PAGE
#define ELF_MAX_PHDRS 64 /* program headers of any type */
#define ELF_MAX_LOAD 16  /* PT_LOAD segments */

/* Why a file was refused (negated, as elf_check returns them). */
#define ELF_ERR_TRUNCATED 1 /* header or program headers past the end */
#define ELF_ERR_MAGIC 2     /* not ELF */
#define ELF_ERR_CLASS 3     /* not 64-bit little-endian version 1 */
#define ELF_ERR_TYPE 4      /* not a static x86-64 executable */
#define ELF_ERR_PHDR 5      /* program header table malformed or too big */
#define ELF_ERR_SEGMENT 6   /* a segment outside the file or user space */
#define ELF_ERR_OVERLAP 7   /* two segments share a page */
#define ELF_ERR_ENTRY 8     /* entry point not in an executable segment */
#define ELF_ERR_EMPTY 9     /* nothing to load */

/* A loadable segment, checked. */
struct elf_segment {
	uint64_t es_vaddr;      /* first byte in memory */
	uint64_t es_memsz;      /* bytes in memory; the rest past filesz is zero */
	const uint8_t *es_data; /* its bytes in the file */
	uint64_t es_filesz;     /* bytes taken from the file */
	unsigned es_prot;       /* PF_R | PF_W | PF_X */
};

struct elf_image {
	uint64_t ei_entry;
	unsigned ei_nseg;
	struct elf_segment ei_seg[ELF_MAX_LOAD];
};

/* Checks image (len bytes) as described above and fills *out.  Returns 0,
 * or a negated ELF_ERR_* code. */
int elf_check(const void *image, size_t len, struct elf_image *out);

/* A short English reason for an ELF_ERR_* code (positive or negated). */
const char *elf_strerror(int err);

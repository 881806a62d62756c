/* unit-sources: lib/libsys/elf.c */
/*
 * The ELF validator shared by the kernel and libsys, against a small
 * valid executable built here, every truncation of it, and headers
 * broken one field at a time.  ASan catches any read outside the buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/elf.h>

#define TEXT_OFF 0x1000
#define DATA_OFF 0x2000
#define FILE_LEN 0x2100

struct exe {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[3];
};

/* A two-segment executable: code at 0x400000, data + bss at 0x401000, and
 * a non-load header in between. */
static uint8_t *
make_exe(void)
{
	uint8_t *f = calloc(1, FILE_LEN);
	struct exe *x = (struct exe *)f;

	memcpy(x->eh.e_ident,
	    "\x7f"
	    "ELF",
	    4);
	x->eh.e_ident[4] = ELFCLASS64;
	x->eh.e_ident[5] = ELFDATA2LSB;
	x->eh.e_ident[6] = EV_CURRENT;
	x->eh.e_type = ET_EXEC;
	x->eh.e_machine = EM_X86_64;
	x->eh.e_version = EV_CURRENT;
	x->eh.e_entry = 0x400010;
	x->eh.e_phoff = sizeof(x->eh);
	x->eh.e_ehsize = sizeof(x->eh);
	x->eh.e_phentsize = sizeof(struct elf64_phdr);
	x->eh.e_phnum = 3;
	x->ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD,
		.p_flags = PF_R | PF_X,
		.p_offset = TEXT_OFF,
		.p_vaddr = 0x400000,
		.p_filesz = 0x100,
		.p_memsz = 0x100 };
	x->ph[1] = (struct elf64_phdr){ .p_type = 4 /* PT_NOTE */, .p_offset = 0, .p_filesz = 8 };
	x->ph[2] = (struct elf64_phdr){ .p_type = PT_LOAD,
		.p_flags = PF_R | PF_W,
		.p_offset = DATA_OFF,
		.p_vaddr = 0x401000,
		.p_filesz = 0x100,
		.p_memsz = 0x3000 };
	return f;
}

static void
test_valid(void **state)
{
	uint8_t *f = make_exe();
	struct elf_image img;

	assert_int_equal(elf_check(f, FILE_LEN, &img), 0);
	assert_int_equal(img.ei_nseg, 2);
	assert_int_equal(img.ei_entry, 0x400010);
	assert_ptr_equal(img.ei_seg[0].es_data, f + TEXT_OFF);
	assert_int_equal(img.ei_seg[0].es_prot, PF_R | PF_X);
	assert_int_equal(img.ei_seg[1].es_memsz, 0x3000);
	free(f);
}

/* Every prefix shorter than the last segment's end is refused, and the
 * validator reads only the prefix (each is a fresh exact-size buffer). */
static void
test_truncated_everywhere(void **state)
{
	uint8_t *f = make_exe();
	struct elf_image img;

	for (size_t len = 0; len < DATA_OFF + 0x100; len++) {
		uint8_t *cut = malloc(len > 0 ? len : 1);

		memcpy(cut, f, len);
		assert_int_not_equal(elf_check(cut, len, &img), 0);
		free(cut);
	}
	free(f);
}

/* Breaks one thing in a fresh executable and expects err. */
static void
expect_bad(void (*breakit)(struct exe *), int err)
{
	uint8_t *f = make_exe();
	struct elf_image img;

	breakit((struct exe *)f);
	assert_int_equal(elf_check(f, FILE_LEN, &img), err);
	free(f);
}

static void
bad_magic(struct exe *x)
{
	x->eh.e_ident[1] = 'X';
}
static void
bad_class(struct exe *x)
{
	x->eh.e_ident[4] = 1;
}
static void
bad_endian(struct exe *x)
{
	x->eh.e_ident[5] = 2;
}
static void
bad_version(struct exe *x)
{
	x->eh.e_version = 0;
}
static void
bad_type(struct exe *x)
{
	x->eh.e_type = 3; /* ET_DYN */
}
static void
bad_machine(struct exe *x)
{
	x->eh.e_machine = 3; /* i386 */
}
static void
bad_phentsize(struct exe *x)
{
	x->eh.e_phentsize = 32;
}
static void
zero_phnum(struct exe *x)
{
	x->eh.e_phnum = 0;
}
static void
huge_phnum(struct exe *x)
{
	x->eh.e_phnum = 0xffff;
}
static void
phoff_past_end(struct exe *x)
{
	x->eh.e_phoff = FILE_LEN - 8;
}
static void
phoff_wraps(struct exe *x)
{
	x->eh.e_phoff = UINT64_MAX - 16;
}
static void
filesz_over_memsz(struct exe *x)
{
	x->ph[2].p_filesz = 0x4000;
}
static void
offset_past_end(struct exe *x)
{
	x->ph[0].p_offset = FILE_LEN;
}
static void
offset_wraps(struct exe *x)
{
	x->ph[0].p_offset = UINT64_MAX - 0x10;
}
static void
kernel_vaddr(struct exe *x)
{
	x->ph[0].p_vaddr = 0xffffffff80000000ULL;
}
static void
null_page(struct exe *x)
{
	x->ph[0].p_vaddr = 0;
}
static void
vaddr_wraps(struct exe *x)
{
	x->ph[2].p_memsz = UINT64_MAX - 0x1000;
}
static void
into_top_page(struct exe *x)
{
	x->ph[2].p_vaddr = USER_END - 0x1000;
}
static void
overlap(struct exe *x)
{
	x->ph[2].p_vaddr = 0x400800;
}
static void
entry_in_data(struct exe *x)
{
	x->eh.e_entry = 0x401010;
}
static void
entry_outside(struct exe *x)
{
	x->eh.e_entry = 0x500000;
}
static void
no_load(struct exe *x)
{
	x->ph[0].p_type = 4;
	x->ph[2].p_type = 4;
}
static void
zero_memsz(struct exe *x)
{
	x->ph[2].p_memsz = 0;
	x->ph[2].p_filesz = 0;
}

static void
test_bad_headers(void **state)
{
	expect_bad(bad_magic, -ELF_ERR_MAGIC);
	expect_bad(bad_class, -ELF_ERR_CLASS);
	expect_bad(bad_endian, -ELF_ERR_CLASS);
	expect_bad(bad_version, -ELF_ERR_CLASS);
	expect_bad(bad_type, -ELF_ERR_TYPE);
	expect_bad(bad_machine, -ELF_ERR_TYPE);
	expect_bad(bad_phentsize, -ELF_ERR_PHDR);
	expect_bad(zero_phnum, -ELF_ERR_PHDR);
	expect_bad(huge_phnum, -ELF_ERR_PHDR);
	expect_bad(phoff_past_end, -ELF_ERR_TRUNCATED);
	expect_bad(phoff_wraps, -ELF_ERR_TRUNCATED);
}

static void
test_bad_segments(void **state)
{
	expect_bad(filesz_over_memsz, -ELF_ERR_SEGMENT);
	expect_bad(offset_past_end, -ELF_ERR_SEGMENT);
	expect_bad(offset_wraps, -ELF_ERR_SEGMENT);
	expect_bad(kernel_vaddr, -ELF_ERR_SEGMENT);
	expect_bad(null_page, -ELF_ERR_SEGMENT);
	expect_bad(vaddr_wraps, -ELF_ERR_SEGMENT);
	expect_bad(into_top_page, -ELF_ERR_SEGMENT);
	expect_bad(overlap, -ELF_ERR_OVERLAP);
	expect_bad(entry_in_data, -ELF_ERR_ENTRY);
	expect_bad(entry_outside, -ELF_ERR_ENTRY);
	expect_bad(no_load, -ELF_ERR_EMPTY);
	expect_bad(zero_memsz, -ELF_ERR_SEGMENT);
}

/* More loadable segments than ELF_MAX_LOAD, each valid on its own. */
static void
test_too_many_segments(void **state)
{
	size_t n = ELF_MAX_LOAD + 1;
	size_t len = sizeof(struct elf64_ehdr) + n * sizeof(struct elf64_phdr);
	uint8_t *f = calloc(1, len);
	struct elf64_ehdr *eh = (struct elf64_ehdr *)f;
	struct elf64_phdr *ph = (struct elf64_phdr *)(eh + 1);
	uint8_t *good = make_exe();
	struct elf_image img;

	memcpy(f, good, sizeof(*eh));
	free(good);
	eh->e_phnum = (uint16_t)n;
	for (size_t i = 0; i < n; i++) {
		ph[i] = (struct elf64_phdr){ .p_type = PT_LOAD,
			.p_flags = PF_R | PF_X,
			.p_vaddr = 0x400000 + i * 0x1000,
			.p_memsz = 0x10 };
	}
	assert_int_equal(elf_check(f, len, &img), -ELF_ERR_PHDR);
	free(f);
}

static void
test_strerror(void **state)
{
	assert_string_equal(elf_strerror(-ELF_ERR_MAGIC), "not an ELF file");
	assert_string_equal(elf_strerror(1000), "unknown error");
	assert_string_equal(elf_strerror(0), "no error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_segments),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

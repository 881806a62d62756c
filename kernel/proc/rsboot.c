/*
 * The first process (see kern/rsboot.h): the kernel finds bin/rs in the
 * boot image, checks it with the shared ELF validator, builds its address
 * space (segments, a stack with a guard page below it, argv = {"rs"}),
 * gives it every privilege and starts it.  Everything after that is rs's
 * business, through kernel calls.
 */
#include <arch/memlayout.h>
#include <kern/bootimage.h>
#include <kern/cmdline.h>
#include <kern/cpio.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/rsboot.h>
#include <kern/string.h>
#include <kern/vm.h>
#include <xinim/elf.h>
#include <xinim/errno.h>

#define RS_PATH "bin/rs"

static char rs_run[CMDLINE_MAX];

const char *
rs_boot_run(void)
{
	return rs_run;
}

/* The file at path in the boot image, or NULL. */
static const uint8_t *
rs_find(const char *path, size_t *len)
{
	const uint8_t *buf = phys_to_virt(boot_image.bi_phys);
	size_t off = 0, plen = strlen(path);
	struct cpio_entry e;

	if (boot_image.bi_phys == 0) {
		return NULL;
	}
	while (cpio_next(buf, boot_image.bi_size, &off, &e) == 0) {
		if (e.name_len == plen && memcmp(e.name, path, plen) == 0) {
			*len = e.size;
			return e.data;
		}
	}
	return NULL;
}

/* PF_* segment flags to PROT_* rights. */
static unsigned
rs_prot(unsigned pf)
{
	return ((pf & PF_R) != 0 ? PROT_READ : 0) | ((pf & PF_W) != 0 ? PROT_WRITE : 0) |
	    ((pf & PF_X) != 0 ? PROT_EXEC : 0);
}

static int
rs_load_segments(struct proc *p, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->ei_nseg; i++) {
		const struct elf_segment *s = &img->ei_seg[i];
		uint64_t lo = s->es_vaddr & ~(VM_PAGE - 1);
		uint64_t hi = (s->es_vaddr + s->es_memsz + VM_PAGE - 1) & ~(VM_PAGE - 1);
		int err = vm_map_anon(p, lo, hi - lo, rs_prot(s->es_prot));

		if (err == 0) {
			err = vm_copy(NULL, (uint64_t)s->es_data, p, s->es_vaddr, s->es_filesz,
			    VM_COPY_FORCE);
		}
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

/* The stack, with argv = { "rs", NULL } at its top; sets p_start_*. */
static int
rs_load_stack(struct proc *p, uint64_t entry)
{
	static const char name[] = "rs";
	uint64_t top = USER_STACK_TOP, argv[2];
	int err = vm_map_anon(p, top - USER_STACK_SIZE, USER_STACK_SIZE, PROT_READ | PROT_WRITE);

	if (err != 0) {
		return err;
	}
	top -= sizeof(name);
	argv[0] = top;
	argv[1] = 0;
	err = vm_copy(NULL, (uint64_t)name, p, top, sizeof(name), 0);
	top = (top - sizeof(argv)) & ~15ULL;
	if (err == 0) {
		err = vm_copy(NULL, (uint64_t)argv, p, top, sizeof(argv), 0);
	}
	p->p_start_rip = entry;
	p->p_start_rsp = top;
	p->p_start_rdi = 1;
	p->p_start_rsi = top;
	return err;
}

/* rs may do everything: every kernel call, any IPC target, every port,
 * all physical memory as MMIO, a large DMA quota.  IRQ lines are listed
 * one by one in a record; rs gets the first PRIV_IRQ_MAX ISA lines. */
static void
rs_give_all(struct priv_desc *pd)
{
	memset(pd, 0, sizeof(*pd));
	pd->pd_kcalls = (1ULL << KC_COUNT) - 1;
	pd->pd_flags = PRIV_IPC_ANY;
	pd->pd_io_count = 2;
	pd->pd_io[0] = (struct priv_io_range){ 0, 0x8000 };
	pd->pd_io[1] = (struct priv_io_range){ 0x8000, 0x8000 };
	pd->pd_irq_count = PRIV_IRQ_MAX;
	for (unsigned i = 0; i < PRIV_IRQ_MAX; i++) {
		pd->pd_irq[i] = (uint8_t)i;
	}
	pd->pd_mmio_count = 1;
	pd->pd_mmio[0] = (struct priv_mmio_range){ 0, 1ULL << 52 };
	pd->pd_dma_quota = 1ULL << 30;
}

void
rs_boot(const char *run)
{
	struct elf_image img;
	const uint8_t *file;
	struct proc *p;
	size_t len = 0;
	int err;

	strlcpy(rs_run, run, sizeof(rs_run));
	file = rs_find(RS_PATH, &len);
	if (file == NULL) {
		pr_err("rs: no %s in the boot image: no user space\n", RS_PATH);
		return;
	}
	err = elf_check(file, len, &img);
	if (err != 0) {
		pr_err("rs: %s is not a usable program: %s\n", RS_PATH, elf_strerror(err));
		return;
	}
	p = proc_create("rs", 2, NULL, &err);
	if (p == NULL) {
		pr_err("rs: cannot create the process (%d)\n", err);
		return;
	}
	err = rs_load_segments(p, &img);
	if (err == 0) {
		err = rs_load_stack(p, img.ei_entry);
	}
	rs_give_all(&p->p_priv);
	proc_set_rs(p);
	if (err == 0) {
		err = proc_start(p);
	}
	if (err != 0) {
		pr_err("rs: cannot load %s (%d): no user space\n", RS_PATH, err);
	}
}

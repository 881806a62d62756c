# XINIM top-level build.
#
#   make            build the kernel (build/xinim) and the boot image
#   make run        boot it in QEMU with the serial console on stdio
#   make debug      the same, stopped, with QEMU's gdb stub on :1234
#   make iso        build/xinim.iso, a GRUB (Multiboot 2) ISO
#   make test       every test: unit (host, ASan+UBSan), system (QEMU), format
#   make bench      benchmarks that print RESULT lines (BENCH_LINUX=1: the
#                   disk figures beside the Linux baseline's, as ratios)
#   make clean
#
# `make run` variables: ACCEL SMP MEM NET NETDEV DISK DISK_IMG APPEND
# (see README.md).  BUILD=dir puts every output in another directory.

BUILD ?= build

# The scripts read these from their environment, so `make run SMP=4`
# reaches scripts/qemu.sh whether SMP came from the command line or not.
export BUILD ACCEL SMP MEM NET NETDEV DISK DISK_IMG DISK_IMG2 RNG APPEND DEBUG ISO \
	NOREBOOT QEMU_EXTRA
CC := gcc
LD := ld
HOSTCC := gcc

ARCH := x86_64
KINC := -Ikernel/include -Ikernel/arch/$(ARCH)/include -Iinclude
KCFLAGS := -std=gnu17 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-fno-stack-protector -fno-pic -fno-pie -mno-red-zone -mcmodel=kernel \
	-mgeneral-regs-only -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wstrict-prototypes -Wmissing-prototypes -MMD -MP $(KINC)
KASFLAGS := -D__ASSEMBLER__ -MMD -MP $(KINC) -g
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	-T kernel/arch/$(ARCH)/kernel.ld

# Every .c and .S under kernel/ is part of the kernel: adding a file needs
# no Makefile change.  KSHARED: pure files of lib/ the kernel shares with
# user space (the ELF validator).
KSHARED := lib/libsys/elf.c
KSRCS := $(sort $(shell find kernel -name '*.c' -o -name '*.S')) $(KSHARED)
KOBJS := $(patsubst %,$(BUILD)/%.o,$(filter kernel/%,$(KSRCS))) \
	$(patsubst lib/%,$(BUILD)/klib/%.o,$(KSHARED))

.PHONY: all kernel image iso run debug test unit system format-check format \
	bench deps clean FORCE
all: kernel image

kernel: $(BUILD)/xinim

$(BUILD)/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/kernel/%.S.o: kernel/%.S
	@mkdir -p $(dir $@)
	$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/klib/%.c.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

# Two passes: the first link gives the addresses of every function, which
# become the symbol table (.ksyms) that fault reports use; .ksyms sits after
# .text, so the second link moves no code.  check-layout.sh verifies that
# and the one-contiguous-image property Multiboot 1 needs.
$(BUILD)/xinim: $(KOBJS) kernel/arch/$(ARCH)/kernel.ld scripts/gen-ksyms.sh scripts/check-layout.sh
	scripts/gen-ksyms.sh /dev/null > $(BUILD)/ksyms0.S
	$(CC) $(KASFLAGS) -c $(BUILD)/ksyms0.S -o $(BUILD)/ksyms0.o
	$(LD) $(KLDFLAGS) -o $(BUILD)/xinim.pass1 $(KOBJS) $(BUILD)/ksyms0.o
	scripts/gen-ksyms.sh $(BUILD)/xinim.pass1 > $(BUILD)/ksyms.S
	$(CC) $(KASFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/ksyms.o
	scripts/check-layout.sh $@ $(BUILD)/xinim.pass1

# User space: static ELF programs linked at 0x400000 (user/user.ld) with
# crt0, libsys (system calls, ELF loader), the libraries of lib/ (libdriver,
# the loop every driver runs, and the class libraries over it: libfsdriver,
# libchardriver, libblockdriver, libnetdriver; libvirtio, libring) and a
# small libc; only the members a program uses are linked.  Each directory servers/NAME/, servers/fs/NAME/
# (the file systems; servers/fs itself is no program), drivers/CLASS/NAME/,
# user/NAME/, user/tests/NAME/ or user/bench/NAME/ with .c files is one
# program, build/bin/NAME.  No SSE: the kernel does not save FPU/SSE state
# across switches yet, hence -mgeneral-regs-only.
UCFLAGS_USER := -std=gnu17 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-fno-stack-protector -fno-pic -fno-pie -mgeneral-regs-only -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wstrict-prototypes -Wmissing-prototypes -MMD -MP \
	-Iinclude -Ilib/libc/include -Ilib/libsys/include $(addprefix -I,$(wildcard lib/*/include))
ULDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T user/user.ld

# Kernel library files compiled again for user space (one source, two
# worlds): they include kern/ headers that are pure C.
LIBC_SRCS := $(sort $(wildcard lib/libc/*.c)) kernel/lib/printf.c kernel/lib/string.c \
	kernel/lib/strlcpy.c
LIBSYS_SRCS := $(sort $(wildcard lib/libsys/*.c)) kernel/lib/cpio.c
LIBC := $(BUILD)/user/libc.a
LIBSYS := $(BUILD)/user/libsys.a
# Every other directory lib/NAME/ is one library, build/user/NAME.a, of
# its .c files (libdriver, libvirtio, libring, libfsdriver, ...), its
# headers under lib/NAME/include/: adding a library needs no Makefile
# change.
ULIBS := $(filter-out libc libsys,$(notdir $(patsubst %/,%,$(wildcard lib/*/))))
ULIB_ARS := $(patsubst %,$(BUILD)/user/%.a,$(ULIBS))
ULIB_SRCS := $(foreach l,$(ULIBS),$(sort $(wildcard lib/$(l)/*.c)))
CRT0 := $(BUILD)/user/lib/libc/crt0.S.o
uobj = $(patsubst %,$(BUILD)/user/%.o,$(1))

$(BUILD)/user/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS_USER) -Ikernel/include -c $< -o $@
$(BUILD)/user/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS_USER) -c $< -o $@
$(BUILD)/user/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) -D__ASSEMBLER__ -MMD -MP -Iinclude -c $< -o $@
$(LIBC): $(call uobj,$(LIBC_SRCS))
	@rm -f $@
	ar rcs $@ $^
$(LIBSYS): $(call uobj,$(LIBSYS_SRCS))
	@rm -f $@
	ar rcs $@ $^
define ulib_rule
$(BUILD)/user/$(1).a: $(call uobj,$(sort $(wildcard lib/$(1)/*.c)))
	@rm -f $$@
	ar rcs $$@ $$^
endef
$(foreach l,$(ULIBS),$(eval $(call ulib_rule,$(l))))

PROG_DIRS := $(filter-out servers/fs,$(patsubst %/,%,$(sort $(dir $(wildcard servers/*/*.c \
	servers/fs/*/*.c drivers/*/*/*.c user/*/*.c user/tests/*/*.c user/bench/*/*.c)))))
# A program is named after its directory, except that drivers/examples/NAME
# is NAME-example (the driver template drivers/examples/hello would
# otherwise take user/hello's name).  Two programs of one name stop the
# build, rather than one silently replacing the other.
prog_name = $(if $(filter drivers/examples/%,$(1)),$(notdir $(1))-example,$(notdir $(1)))
PROG_NAMES := $(foreach d,$(PROG_DIRS),$(call prog_name,$(d)))
PROG_DUPS := $(shell printf '%s\n' $(PROG_NAMES) | sort | uniq -d)
ifneq ($(PROG_DUPS),)
$(error two program directories make each of: $(PROG_DUPS))
endif
PROGS := $(addprefix $(BUILD)/bin/,$(PROG_NAMES))
define prog_rule
$(BUILD)/bin/$(call prog_name,$(1)): $(call uobj,$(wildcard $(1)/*.c)) $(CRT0) $(ULIB_ARS) $(LIBSYS) $(LIBC) \
		user/user.ld
	@mkdir -p $$(dir $$@)
	$(LD) $(ULDFLAGS) -o $$@ $(CRT0) $(call uobj,$(wildcard $(1)/*.c)) \
		--start-group $(ULIB_ARS) $(LIBSYS) $(LIBC) --end-group
endef
$(foreach d,$(PROG_DIRS),$(eval $(call prog_rule,$(d))))
UOBJS := $(call uobj,$(LIBC_SRCS) $(LIBSYS_SRCS) $(ULIB_SRCS) $(wildcard $(addsuffix /*.c,$(PROG_DIRS)))) $(CRT0)
-include $(UOBJS:.o=.d)

# The boot image: etc/ and bin/ (the programs, without their debugging
# symbols) staged in build/root/, as a cpio "newc" archive passed to the
# kernel as its first boot module.  Its etc/services.conf is joined from
# the services.conf beside each service's code by scripts/mkservices.sh
# (which says in what order).
SERVICES_FRAGMENTS := $(shell find servers drivers -name services.conf -type f)
image: $(BUILD)/initrd.cpio
$(BUILD)/initrd.cpio: $(shell find etc -type f) $(SERVICES_FRAGMENTS) $(PROGS) \
		scripts/mkservices.sh scripts/mkinitrd.sh
	rm -rf $(BUILD)/root
	mkdir -p $(BUILD)/root/bin $(BUILD)/root/dev $(BUILD)/root/tmp $(BUILD)/root/slow \
		$(BUILD)/root/mnt $(BUILD)/root/home
	cp -R etc $(BUILD)/root/etc
	scripts/mkservices.sh > $(BUILD)/root/etc/services.conf
	for p in $(PROGS); do strip -o $(BUILD)/root/bin/$$(basename $$p) $$p || exit 1; done
	scripts/mkinitrd.sh $@ $(BUILD)/root

# The ISO's grub.cfg holds the kernel arguments, so the ISO is rebuilt
# when APPEND changes; iso-append records the last value.
iso: $(BUILD)/xinim.iso
$(BUILD)/xinim.iso: $(BUILD)/xinim $(BUILD)/initrd.cpio $(BUILD)/iso-append scripts/mkiso.sh
	scripts/mkiso.sh $@ $(BUILD)/xinim $(BUILD)/initrd.cpio "$$APPEND"
$(BUILD)/iso-append: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' "$$APPEND" | cmp -s - $@ || printf '%s\n' "$$APPEND" >$@
FORCE:

deps:
	@scripts/deps.sh

# ISO=1 boots build/xinim.iso instead of -kernel, so it needs the ISO.
RUN_DEPS := deps all $(if $(filter 1,$(ISO)),iso)
run: $(RUN_DEPS)
	scripts/qemu.sh

debug: $(RUN_DEPS)
	DEBUG=1 scripts/qemu.sh

# Host unit tests: each tests/unit/test_*.c names the kernel sources it
# tests on a line "unit-sources: ...", and is built with ASan and UBSan.
UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_TESTS))
UCFLAGS := -std=gnu17 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
	-Ikernel/include -Itests/unit -Iinclude $(addprefix -I,$(filter-out lib/libc/include,$(wildcard lib/*/include))) \
	-DXINIM_HOST_TEST
# A test is rebuilt when it, the kernel sources it names or a kernel
# header changes.
unit_sources = $(shell sed -n 's/.*unit-sources:\(.*\)\*\/.*/\1/p' $(1))
.SECONDEXPANSION:
$(BUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(wildcard kernel/include/kern/*.h) \
		$(wildcard lib/*/include/*/*.h) $(wildcard include/xinim/proto/*.h) \
		$$(call unit_sources,tests/unit/$$*.c)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UCFLAGS) -o $@ $< $(call unit_sources,$<) -lcmocka -pthread

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

system: all iso
	@scripts/run-system.sh

test: deps
	@scripts/run-tests.sh

format-check:
	@scripts/format.sh --check

format:
	@scripts/format.sh

bench: deps all
	@scripts/bench-boot.sh
	@scripts/bench-ipc.sh
	@scripts/bench-rs.sh
	@scripts/bench-spawn.sh
	@scripts/bench-vfs.sh
	@scripts/bench-disk.sh $(if $(filter 1,$(BENCH_LINUX)),--linux)

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)

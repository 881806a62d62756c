#!/bin/sh
# Writes the kernel symbol table as assembly: the text symbols of the ELF
# file $1 sorted by address, for fault reports and backtraces.  With
# /dev/null it writes an empty table (the first link pass).
#
# Layout (see kernel/include/kern/ksyms.h): ksyms_count, then that many
# { u64 address; u32 name offset; u32 pad } entries, then the names.
set -eu
elf=$1
if [ "$elf" = /dev/null ]; then
	syms=""
else
	syms=$(nm -n --defined-only "$elf" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\./ { print $1, $3 }')
fi
echo '	.section .ksyms, "a"'
echo '	.balign 8'
echo '	.global ksyms_count, ksyms_table, ksyms_names'
echo 'ksyms_count:'
echo "$syms" | awk 'NF == 2 { n++ } END { printf "\t.quad %d\n", n }'
echo 'ksyms_table:'
echo "$syms" | awk 'NF == 2 { printf "\t.quad 0x%s\n\t.long %d, 0\n", $1, off; off += length($2) + 1 }'
echo 'ksyms_names:'
echo "$syms" | awk 'NF == 2 { printf "\t.asciz \"%s\"\n", $2 }'

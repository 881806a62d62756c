/*
 * The user address space, as the kernel and the program loaders agree on
 * it.  User space is [USER_MIN, USER_END): the low 64 KiB are never mapped
 * (null pointers fault) and neither is the top page below the canonical
 * hole.  Programs are linked at 0x400000 (user/user.ld); the kernel places
 * anonymous mappings from USER_MMAP_BASE up, each with an unmapped guard
 * page after it; a process's stack ends at USER_STACK_TOP and has an
 * unmapped guard page below it.
 */
#pragma once

#define USER_MIN 0x10000ULL
#define USER_END 0x00007ffffffff000ULL
#define USER_MMAP_BASE 0x0000100000000000ULL
#define USER_STACK_TOP 0x00007ff000000000ULL
#define USER_STACK_SIZE (128 * 1024ULL)
#define USER_PAGE 4096ULL

/*
 * The ext2 on-disk format, as the second extended file system lays it
 * out (revision 0 and 1; 1, 2 and 4 KiB blocks): the superblock at byte
 * 1024, the group descriptors in the block after it, inodes in each
 * group's inode table, directory entries in directory blocks, and the
 * feature bits.  Every field is little-endian, as x86_64 is, so the
 * structures are read and written as they lie in a block.  Nothing here
 * is checked: super.c checks the superblock and the descriptors, dir.c
 * the entries, and every block number is checked where it is used.
 */
#pragma once
#include <stdint.h>

#define E2_SUPER_OFFSET 1024 /* bytes from the start of the device */
#define E2_SUPER_SIZE 1024
#define E2_MAGIC 0xef53
#define E2_MIN_LOG 0 /* s_log_block_size: 1024 << log */
#define E2_MAX_LOG 2 /* 4 KiB blocks at most */
#define E2_MAX_BLOCK 4096

#define E2_GOOD_OLD_REV 0 /* revision 0: 128-byte inodes, first inode 11 */
#define E2_DYNAMIC_REV 1
#define E2_GOOD_OLD_INODE_SIZE 128
#define E2_GOOD_OLD_FIRST_INO 11

/* s_state */
#define E2_VALID_FS 1 /* cleanly unmounted */
#define E2_ERROR_FS 2 /* errors detected */

/* Reserved inodes. */
#define E2_BAD_INO 1
#define E2_ROOT_INO 2

/* Compatible features: anything may read and write the file system. */
#define E2_COMPAT_DIR_PREALLOC 0x0001
#define E2_COMPAT_IMAGIC_INODES 0x0002
#define E2_COMPAT_HAS_JOURNAL 0x0004
#define E2_COMPAT_EXT_ATTR 0x0008
#define E2_COMPAT_RESIZE_INODE 0x0010
#define E2_COMPAT_DIR_INDEX 0x0020

/* Incompatible features: not understanding one, do not mount at all. */
#define E2_INCOMPAT_COMPRESSION 0x0001
#define E2_INCOMPAT_FILETYPE 0x0002
#define E2_INCOMPAT_RECOVER 0x0004
#define E2_INCOMPAT_JOURNAL_DEV 0x0008
#define E2_INCOMPAT_META_BG 0x0010
#define E2_INCOMPAT_EXTENTS 0x0040
#define E2_INCOMPAT_64BIT 0x0080
#define E2_INCOMPAT_MMP 0x0100
#define E2_INCOMPAT_FLEX_BG 0x0200
#define E2_INCOMPAT_EA_INODE 0x0400
#define E2_INCOMPAT_DIRDATA 0x1000
#define E2_INCOMPAT_CSUM_SEED 0x2000
#define E2_INCOMPAT_LARGEDIR 0x4000
#define E2_INCOMPAT_INLINE_DATA 0x8000
#define E2_INCOMPAT_ENCRYPT 0x10000
#define E2_INCOMPAT_CASEFOLD 0x20000
#define E2_INCOMPAT_SUPPORTED E2_INCOMPAT_FILETYPE

/* Read-only-compatible features: not understanding one, mount read-only. */
#define E2_RO_COMPAT_SPARSE_SUPER 0x0001
#define E2_RO_COMPAT_LARGE_FILE 0x0002
#define E2_RO_COMPAT_BTREE_DIR 0x0004
#define E2_RO_COMPAT_HUGE_FILE 0x0008
#define E2_RO_COMPAT_GDT_CSUM 0x0010
#define E2_RO_COMPAT_DIR_NLINK 0x0020
#define E2_RO_COMPAT_EXTRA_ISIZE 0x0040
#define E2_RO_COMPAT_QUOTA 0x0100
#define E2_RO_COMPAT_BIGALLOC 0x0200
#define E2_RO_COMPAT_METADATA_CSUM 0x0400
#define E2_RO_COMPAT_READONLY 0x1000
#define E2_RO_COMPAT_PROJECT 0x2000
#define E2_RO_COMPAT_SUPPORTED (E2_RO_COMPAT_SPARSE_SUPER | E2_RO_COMPAT_LARGE_FILE)

struct e2_super {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime; /* last mount, seconds since 1970 */
	uint32_t s_wtime; /* last write */
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* Revision 1 (E2_DYNAMIC_REV) only. */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algo_bitmap;
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_journal_uuid[16];
	uint32_t s_journal_inum;
	uint32_t s_journal_dev;
	uint32_t s_last_orphan;
	uint32_t s_hash_seed[4];
	uint8_t s_def_hash_version;
	uint8_t s_jnl_backup_type;
	uint16_t s_desc_size;
	uint32_t s_default_mount_opts;
	uint32_t s_first_meta_bg;
	uint32_t s_mkfs_time;
	uint8_t s_rest[1024 - 268]; /* ext3/ext4 fields this server leaves alone */
};
_Static_assert(sizeof(struct e2_super) == E2_SUPER_SIZE, "e2_super layout");
_Static_assert(__builtin_offsetof(struct e2_super, s_magic) == 56, "s_magic");
_Static_assert(__builtin_offsetof(struct e2_super, s_feature_compat) == 92, "features");
_Static_assert(__builtin_offsetof(struct e2_super, s_desc_size) == 254, "s_desc_size");

/* One block group's descriptor (32 bytes without the 64BIT feature). */
struct e2_gd {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint32_t bg_reserved[3];
};
_Static_assert(sizeof(struct e2_gd) == 32, "e2_gd layout");

#define E2_NDIR_BLOCKS 12
#define E2_IND_BLOCK 12
#define E2_DIND_BLOCK 13
#define E2_TIND_BLOCK 14
#define E2_N_BLOCKS 15

/* i_flags */
#define E2_INDEX_FL 0x1000    /* hash-indexed directory (dir_index) */
#define E2_EXTENTS_FL 0x80000 /* ext4 extents: not ours */
#define E2_INLINE_DATA_FL 0x10000000

/* The first 128 bytes of an inode (s_inode_size may be larger: the rest
 * is left as it is). */
struct e2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks; /* 512-byte units, indirect blocks included */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[E2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;  /* the extended-attribute block, or 0 */
	uint32_t i_size_high; /* regular files (large_file); i_dir_acl otherwise */
	uint32_t i_faddr;
	uint8_t i_frag;
	uint8_t i_fsize;
	uint16_t i_blocks_high;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint32_t i_reserved2;
};
_Static_assert(sizeof(struct e2_inode) == E2_GOOD_OLD_INODE_SIZE, "e2_inode layout");
_Static_assert(__builtin_offsetof(struct e2_inode, i_block) == 40, "i_block");
_Static_assert(__builtin_offsetof(struct e2_inode, i_size_high) == 108, "i_size_high");

/* A directory entry: 8 bytes, then the name (not NUL-terminated), the
 * whole rec_len bytes long (a multiple of 4), never across a block. */
struct e2_dirent {
	uint32_t d_inode; /* 0: unused */
	uint16_t d_rec_len;
	uint8_t d_name_len;
	uint8_t d_file_type; /* with FILETYPE; the high byte of the length without */
	char d_name[];
};
_Static_assert(sizeof(struct e2_dirent) == 8, "e2_dirent layout");
#define E2_DIRENT_LEN(name_len) ((8u + (name_len) + 3u) & ~3u)

/* d_file_type */
#define E2_FT_UNKNOWN 0
#define E2_FT_REG_FILE 1
#define E2_FT_DIR 2
#define E2_FT_CHRDEV 3
#define E2_FT_BLKDEV 4
#define E2_FT_FIFO 5
#define E2_FT_SOCK 6
#define E2_FT_SYMLINK 7
#define E2_FT_MAX 8

/* The header of an extended-attribute block. */
#define E2_XATTR_MAGIC 0xea020000u
struct e2_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
	uint32_t h_hash;
	uint32_t h_reserved[4];
};
_Static_assert(sizeof(struct e2_xattr_header) == 32, "e2_xattr_header layout");

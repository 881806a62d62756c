/*
 * The fstab parser: one line is "SOURCE TARGET TYPE OPTIONS", fields
 * separated by blanks; '#' starts a comment; blank lines are skipped.
 * OPTIONS may be left out ("-" means none too).  Also the mount options'
 * words vfs itself takes ("ro", "rw"), for fstab and VFS_MOUNT alike.
 * Pure code, tested on the host.
 */
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* The next blank-separated word of *s (NUL-terminated in place), or
 * NULL at the end. */
static char *
fstab_word(char **s)
{
	char *p = *s, *w;

	while (*p == ' ' || *p == '\t') {
		p++;
	}
	if (*p == '\0') {
		*s = p;
		return NULL;
	}
	w = p;
	while (*p != '\0' && *p != ' ' && *p != '\t') {
		p++;
	}
	if (*p != '\0') {
		*p++ = '\0';
	}
	*s = p;
	return w;
}

int
vfs_fstab_line(char *line, char **source, char **target, char **type, char **opts)
{
	char *hash = strchr(line, '#'), *nl = strchr(line, '\n'), *s = line;

	if (hash != NULL) {
		*hash = '\0';
	}
	if (nl != NULL) {
		*nl = '\0';
	}
	*source = fstab_word(&s);
	if (*source == NULL) {
		return 0;
	}
	*target = fstab_word(&s);
	*type = fstab_word(&s);
	*opts = fstab_word(&s);
	if (*target == NULL || *type == NULL || fstab_word(&s) != NULL || (*target)[0] != '/') {
		return -EINVAL;
	}
	if (*opts == NULL || strcmp(*opts, "-") == 0) {
		*opts = "";
	}
	return 1;
}

int
vfs_mount_opts(const char *opts, char *out, size_t cap, uint32_t *flags)
{
	size_t o = 0;

	if (cap == 0) {
		return -ENAMETOOLONG;
	}
	out[0] = '\0';
	while (*opts != '\0') {
		const char *end = strchr(opts, ',');
		size_t len = end != NULL ? (size_t)(end - opts) : strlen(opts);

		if (len == 2 && strncmp(opts, "ro", 2) == 0) {
			*flags |= XMNT_RDONLY;
		} else if (len == 2 && strncmp(opts, "rw", 2) == 0) {
			*flags &= ~(uint32_t)XMNT_RDONLY;
		} else if (len > 0) {
			if (o + (o != 0) + len >= cap) {
				return -ENAMETOOLONG;
			}
			if (o != 0) {
				out[o++] = ',';
			}
			memcpy(out + o, opts, len);
			o += len;
			out[o] = '\0';
		}
		opts += len + (end != NULL);
	}
	return 0;
}

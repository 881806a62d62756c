/* ls [-l] [-a] [PATH...]: the names in each directory, sorted (-a: with
 * those starting with a dot), or the file itself; -l adds type and
 * mode, links, owner, size and, for a symbolic link, its target. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LS_MAX 1024 /* names listed per directory */

static int all, longfmt;

static void
show(const char *dir, const char *name)
{
	char path[1024], target[256], mode[11] = "----------";
	struct stat st;
	const char *rwx = "rwxrwxrwx";
	ssize_t n;

	if (!longfmt) {
		puts(name);
		return;
	}
	snprintf(path, sizeof(path), "%s%s%s", dir != NULL ? dir : "", dir != NULL ? "/" : "",
	    name);
	if (lstat(path, &st) != 0) {
		printf("?????????? %s (%s)\n", name, strerror(errno));
		return;
	}
	mode[0] = S_ISDIR(st.st_mode) ? 'd' :
	    S_ISLNK(st.st_mode)       ? 'l' :
	    S_ISCHR(st.st_mode)       ? 'c' :
	    S_ISBLK(st.st_mode)       ? 'b' :
	    S_ISFIFO(st.st_mode)      ? 'p' :
	                                '-';
	for (int i = 0; i < 9; i++) {
		if (st.st_mode & (0400 >> i)) {
			mode[i + 1] = rwx[i];
		}
	}
	printf("%s %2ld %4d %4d %8ld %s", mode, (long)st.st_nlink, (int)st.st_uid, (int)st.st_gid,
	    (long)st.st_size, name);
	if (S_ISLNK(st.st_mode) && (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list(const char *path, int header)
{
	static char *names[LS_MAX];
	struct stat st;
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (lstat(path, &st) != 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		show(NULL, path);
		return 0;
	}
	d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL && n < LS_MAX) {
		if (e->d_name[0] == '.' && !all) {
			continue;
		}
		names[n] = malloc(strlen(e->d_name) + 1);
		if (names[n] != NULL) {
			strcpy(names[n++], e->d_name);
		}
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	if (header) {
		printf("%s:\n", path);
	}
	for (int i = 0; i < n; i++) {
		show(path, names[i]);
		free(names[i]);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (const char *f = argv[i] + 1; *f != '\0'; f++) {
			if (*f == 'l') {
				longfmt = 1;
			} else if (*f == 'a') {
				all = 1;
			} else {
				fprintf(stderr, "usage: ls [-l] [-a] [PATH...]\n");
				return 2;
			}
		}
	}
	if (i == argc) {
		return list(".", 0);
	}
	for (int k = i; k < argc; k++) {
		status |= list(argv[k], argc - i > 1);
	}
	return status;
}

/*
 * posixtest: shared between the tests (main.c, files.c) and the child
 * that runs as another user (child.c).
 */
#pragma once

#define PT_DIR "/tmp/posixtest"    /* every test works below it */
#define PT_SECRET PT_DIR "/secret" /* root's, mode 0600 */
#define PT_PUBLIC PT_DIR "/public" /* root's, mode 0644 */
#define PT_USER 1000

/* Expects call to fail with errno e: NULL, or why not. */
const char *pt_errno(const char *what, int r, int e);

/* The tests of files.c: NULL, or why they failed. */
const char *pt_rename_over(void);
const char *pt_unlinked_open(void);
const char *pt_link_counts(void);
const char *pt_mount_root(void);
const char *pt_enospc(void);
const char *pt_fifo(void);

/* The writer child of pt_fifo: `posixtest child-fifo`. */
int pt_child_fifo(void);

/* The child: `posixtest child-user`, checks EACCES as PT_USER. */
int pt_child_user(void);

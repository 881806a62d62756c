/*
 * The builtins, which must run inside the shell because they change it:
 * cd, exit, export, unset, shift, break, continue, test (also as [, in
 * test.c), : (nothing), and help, which lists what there is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

/* cd [DIR]: to DIR, or $HOME, or /; PWD follows. */
static int
b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : sh_var_get("HOME");
	char cwd[256];

	if (argc > 2) {
		fprintf(stderr, "usage: cd [DIR]\n");
		return 2;
	}
	if (dir == NULL || dir[0] == '\0') {
		dir = "/";
	}
	if (chdir(dir) != 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (getcwd(cwd, sizeof(cwd)) != NULL) {
		sh_var_set("PWD", cwd, true);
	}
	return 0;
}

/* exit [STATUS]: the shell ends after this line with STATUS (or $?). */
static int
b_exit(int argc, char **argv)
{
	char *end;
	long v = argc > 1 ? strtol(argv[1], &end, 10) : sh_status;

	if (argc > 2 || (argc > 1 && (*end != '\0' || argv[1][0] == '\0'))) {
		fprintf(stderr, "usage: exit [STATUS]\n");
		return 2;
	}
	sh_exiting = true;
	return (int)(v & 0xff);
}

/* One line of a bare `export`, in a form the shell reads back. */
static void
show_export(const char *name, const char *value, bool exported, void *ctx)
{
	if (exported) {
		printf("export %s='%s'\n", name, value);
	}
}

/* export NAME[=VALUE]...: sets and marks each for the environment of the
 * programs run; bare, lists what is exported. */
static int
b_export(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		sh_var_each(show_export, NULL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int err;

		if (eq != NULL) {
			*eq = '\0';
			err = sh_valid_name(argv[i], strlen(argv[i])) ?
			    sh_var_set(argv[i], eq + 1, true) :
			    -1;
			*eq = '=';
		} else {
			err = sh_valid_name(argv[i], strlen(argv[i])) ? sh_var_export(argv[i]) : -1;
		}
		if (err != 0) {
			fprintf(stderr, "sh: export: '%s': not a valid name (or too many)\n",
			    argv[i]);
			status = 1;
		}
	}
	return status;
}

/* unset NAME...: forgets each variable. */
static int
b_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		sh_var_unset(argv[i]);
	}
	return 0;
}

/* shift [N]: $N+1 becomes $1 (N: 1 by default); an error, moving
 * nothing, when there are fewer than N parameters. */
static int
b_shift(int argc, char **argv)
{
	char *end;
	long n = argc > 1 ? strtol(argv[1], &end, 10) : 1;

	if (argc > 2 || (argc > 1 && (*end != '\0' || argv[1][0] == '\0' || n < 0))) {
		fprintf(stderr, "usage: shift [N]\n");
		return 2;
	}
	if (n > sh_pos_count() || sh_pos_shift((int)n) != 0) {
		fprintf(stderr, "sh: shift: %ld: only %d parameters\n", n, sh_pos_count());
		return 1;
	}
	return 0;
}

/* break [N] / continue [N]: leave or go on with the Nth enclosing loop
 * (1 by default; more than there are: the outermost). */
static int
b_loopctl(int argc, char **argv)
{
	char *end;
	long n = argc > 1 ? strtol(argv[1], &end, 10) : 1;

	if (argc > 2 || (argc > 1 && (*end != '\0' || argv[1][0] == '\0' || n < 1))) {
		fprintf(stderr, "usage: %s [N] (N >= 1)\n", argv[0]);
		return 2;
	}
	if (sh_loops == 0) {
		fprintf(stderr, "sh: %s: only meaningful in a loop\n", argv[0]);
		return 0;
	}
	if (n > sh_loops) {
		n = sh_loops;
	}
	if (argv[0][0] == 'b') {
		sh_breaks = (int)n;
	} else {
		sh_continues = (int)n;
	}
	return 0;
}

/* ": [ARG...]": does nothing, successfully (an endless loop's body). */
static int
b_colon(int argc, char **argv)
{
	return 0;
}

/* help: what the shell understands. */
static int
b_help(int argc, char **argv)
{
	printf(
	    "XINIM shell.  Builtins: cd [DIR], exit [STATUS], export [NAME[=VALUE]...],\n"
	    "unset NAME..., shift [N], break [N], continue [N], test EXPR, [ EXPR ], :, help.\n"
	    "if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi;\n"
	    "while LIST; do LIST; done; until LIST; do LIST; done; for NAME [in WORD...]; do\n"
	    "LIST; done (over several lines too).  Syntax: 'single' \"double $VAR\" \\x quoting;\n"
	    "$VAR ${VAR} $? $$ $((1 + $N * 2)); $0 $1..$9 ${10} $# $@ \"$@\" $*;\n"
	    "* ? [a-z] [!x] globbing;\n"
	    "NAME=value; a | b; <in >out >>append 2>err 2>&1; a ; b; a && b; a || b;\n"
	    "# comments; sh FILE [ARG...], sh -c 'COMMANDS' [NAME [ARG...]].\n"
	    "Programs are found in $PATH (/bin):\n"
	    "ls cat echo mkdir rmdir rm cp mv ln touch stat head tail wc grep hexdump\n"
	    "mount umount df ps kill uptime dmesg service poweroff reboot true false\n"
	    "sleep env.  Ctrl-C stops the running program, Ctrl-D ends input.\n");
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} builtins[] = {
	{ "cd", b_cd },
	{ "exit", b_exit },
	{ "export", b_export },
	{ "unset", b_unset },
	{ "shift", b_shift },
	{ "break", b_loopctl },
	{ "continue", b_loopctl },
	{ "test", sh_test },
	{ "[", sh_test },
	{ ":", b_colon },
	{ "help", b_help },
};

/* Builtins are looked up before $PATH. */
bool
sh_is_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(name, builtins[i].name) == 0) {
			return true;
		}
	}
	return false;
}

/* Runs a builtin; 127 for a name that is none. */
int
sh_builtin(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(argv[0], builtins[i].name) == 0) {
			return builtins[i].fn(argc, argv);
		}
	}
	return 127;
}

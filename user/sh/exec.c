/*
 * Running a parsed line: each pipeline in turn (skipped by && and ||
 * per the last status), each command of a pipeline spawned with
 * posix_spawnp() into one process group, its pipes and redirections
 * given as spawn file actions, so the shell's own descriptors never
 * move.  A command's words are expanded into fields, and each field with
 * an unquoted * ? or [ is replaced by the paths it matches (kept as typed
 * when none do).  A builtin alone in its pipeline runs in the shell, with
 * its redirections applied around it.  On a terminal, the pipeline's group
 * is made the foreground group while it runs, so Ctrl-C reaches it and
 * not the shell.  A command killed by SIGINT sets sh_interrupted, which
 * stops the loops of control.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define SH_ENV 160 /* environment entries for a child */

int sh_status;
bool sh_interactive;
bool sh_exiting;

/* One command, expanded: argv, assignments before it, redirections. */
struct xcmd {
	struct sh_argv x_args;
	char *x_assign[SH_ARGS];
	int x_nassign;
	char *x_files[SH_REDIRS];
};

/* What $NAME stands for: $?, $$, $# and the positional parameters here,
 * the rest from the variables. */
static const char *
lookup(const char *name, void *ctx)
{
	static char num[24];

	if (name[0] >= '0' && name[0] <= '9') {
		return sh_pos_get(atoi(name));
	}
	if (strcmp(name, "#") == 0) {
		snprintf(num, sizeof(num), "%d", sh_pos_count());
		return num;
	}
	if (strcmp(name, "?") == 0) {
		snprintf(num, sizeof(num), "%d", sh_status);
		return num;
	}
	if (strcmp(name, "$") == 0) {
		snprintf(num, sizeof(num), "%d", (int)getpid());
		return num;
	}
	return sh_var_get(name);
}

/* One word's value in a fresh string; NULL (with a message) when it is too
 * long or memory ran out. */
static char *
expand(const char *word)
{
	static char buf[SH_WORD_MAX];
	long n = sh_expand(word, buf, sizeof(buf), lookup, NULL);
	char *s;

	if (n == SH_E_ARITH) {
		return NULL;
	}
	if (n < 0) {
		fprintf(stderr, "sh: word too long after expansion (%d bytes at most)\n",
		    SH_WORD_MAX - 1);
		return NULL;
	}
	s = malloc(strlen(buf) + 1);
	if (s == NULL) {
		fprintf(stderr, "sh: out of memory\n");
		return NULL;
	}
	strcpy(s, buf);
	return s;
}

/* Frees what xcmd_expand() made. */
static void
xcmd_free(struct xcmd *x)
{
	sh_argv_free(&x->x_args);
	for (int i = 0; i < x->x_nassign; i++) {
		free(x->x_assign[i]);
	}
	for (int i = 0; i < SH_REDIRS; i++) {
		free(x->x_files[i]);
	}
	memset(x, 0, sizeof(*x));
}

/* Adds a word's fields to the command's words, each field with a
 * pattern in it replaced by its matches; -1 (with a message) on
 * failure. */
int
sh_add_fields(struct sh_argv *a, const char *word)
{
	static char buf[SH_WORD_MAX];
	char *f = buf, *next;
	int n = sh_expand_fields(word, buf, sizeof(buf), SH_X_PATTERN, lookup, NULL);

	if (n == SH_E_ARITH) {
		return -1;
	}
	if (n < 0) {
		fprintf(stderr, "sh: word too long after expansion (%d bytes at most)\n",
		    SH_WORD_MAX - 1);
		return -1;
	}
	for (int i = 0; i < n; i++, f = next) {
		int err = 0;

		next = f + strlen(f) + 1; /* found before unescaping shortens f */
		if (sh_glob_has_meta(f)) {
			err = sh_glob(f, a);
		}
		if (err == 0) {
			/* No pattern, or one that matched nothing: the word
			 * stays, without its quote marks. */
			sh_glob_unescape(f, f);
			err = sh_argv_add(a, f, strlen(f));
		}
		if (err < 0) {
			fprintf(stderr, "sh: %s: %s\n", f, sh_argv_error(err));
			return -1;
		}
	}
	return 0;
}

/* Expands c into x; -1 (with a message) on failure. */
static int
xcmd_expand(const struct sh_cmd *c, struct xcmd *x)
{
	size_t n;
	int i = 0;

	memset(x, 0, sizeof(*x));
	for (; i < c->c_argc && sh_is_assignment(c->c_argv[i], &n); i++) {
		if ((x->x_assign[x->x_nassign++] = expand(c->c_argv[i])) == NULL) {
			return -1;
		}
	}
	for (; i < c->c_argc; i++) {
		if (sh_add_fields(&x->x_args, c->c_argv[i]) != 0) {
			return -1;
		}
	}
	for (int r = 0; r < c->c_nredir; r++) {
		if (c->c_redir[r].r_word != NULL &&
		    (x->x_files[r] = expand(c->c_redir[r].r_word)) == NULL) {
			return -1;
		}
	}
	return 0;
}

/* open() flags of a redirection. */
static int
redir_flags(enum sh_redir_op op)
{
	switch (op) {
	case SH_R_IN:
		return O_RDONLY;
	case SH_R_APPEND:
		return O_WRONLY | O_CREAT | O_APPEND;
	default:
		return O_WRONLY | O_CREAT | O_TRUNC;
	}
}

/* Applies a builtin's redirections in the shell, saving what they
 * replace in saved[] (-1: was closed); -1 on failure. */
static int
redirect_here(const struct sh_cmd *c, const struct xcmd *x, int saved[SH_REDIRS])
{
	for (int r = 0; r < c->c_nredir; r++) {
		const struct sh_redir *rd = &c->c_redir[r];
		int fd;

		saved[r] = dup(rd->r_fd);
		if (rd->r_op == SH_R_DUP) {
			fd = dup(rd->r_dupfd);
		} else {
			fd = open(x->x_files[r], redir_flags(rd->r_op), 0666);
		}
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n",
			    rd->r_op == SH_R_DUP ? "descriptor" : x->x_files[r], strerror(errno));
			return -1;
		}
		if (fd != rd->r_fd) {
			dup2(fd, rd->r_fd);
			close(fd);
		}
	}
	return 0;
}

/* Puts back what redirect_here() replaced, last first. */
static void
restore_here(const struct sh_cmd *c, int saved[SH_REDIRS])
{
	fflush(stdout);
	fflush(stderr);
	for (int r = c->c_nredir - 1; r >= 0; r--) {
		if (saved[r] >= 0) {
			dup2(saved[r], c->c_redir[r].r_fd);
			close(saved[r]);
		} else {
			close(c->c_redir[r].r_fd);
		}
	}
}

/* A builtin, or assignments alone, run in the shell. */
static int
run_here(const struct sh_cmd *c, struct xcmd *x)
{
	int saved[SH_REDIRS], status = 1;

	if (x->x_args.a_n == 0) {
		/* NAME=value alone sets shell variables. */
		for (int i = 0; i < x->x_nassign; i++) {
			char *eq = strchr(x->x_assign[i], '=');

			*eq = '\0';
			sh_var_set(x->x_assign[i], eq + 1, false);
			*eq = '=';
		}
		status = 0;
	}
	for (int r = 0; r < SH_REDIRS; r++) {
		saved[r] = -1;
	}
	if (redirect_here(c, x, saved) == 0 && x->x_args.a_n > 0) {
		status = sh_builtin(x->x_args.a_n, x->x_args.a_v);
	}
	restore_here(c, saved);
	return status;
}

/* The spawn file actions of command i of n: its pipe ends and its
 * redirections, in order. */
static int
actions(posix_spawn_file_actions_t *fa, const struct sh_cmd *c, const struct xcmd *x, int in,
    int out, int spare)
{
	int err = 0;

	if (in >= 0) {
		err = err ? err : posix_spawn_file_actions_adddup2(fa, in, 0);
		err = err ? err : posix_spawn_file_actions_addclose(fa, in);
	}
	if (out >= 0) {
		err = err ? err : posix_spawn_file_actions_adddup2(fa, out, 1);
		err = err ? err : posix_spawn_file_actions_addclose(fa, out);
	}
	if (spare >= 0) {
		err = err ? err : posix_spawn_file_actions_addclose(fa, spare);
	}
	for (int r = 0; r < c->c_nredir && err == 0; r++) {
		const struct sh_redir *rd = &c->c_redir[r];

		if (rd->r_op == SH_R_DUP) {
			err = posix_spawn_file_actions_adddup2(fa, rd->r_dupfd, rd->r_fd);
		} else {
			err = posix_spawn_file_actions_addopen(fa, rd->r_fd, x->x_files[r],
			    redir_flags(rd->r_op), 0666);
		}
	}
	return err;
}

/* Why a program could not be started, in words. */
static void
spawn_error(const char *name, int err)
{
	if (err == ENOENT && strchr(name, '/') == NULL) {
		fprintf(stderr, "sh: %s: command not found\n", name);
	} else if (err == ENOEXEC) {
		fprintf(stderr, "sh: %s: not an executable program (bad ELF file)\n", name);
	} else {
		fprintf(stderr, "sh: %s: %s\n", name, strerror(err));
	}
}

/* Adds "NAME=value" to envp (*n entries), replacing an entry for NAME:
 * `A=1 prog` overrides an exported A. */
static void
env_put(char **envp, int *n, char *assign)
{
	size_t len = (size_t)(strchr(assign, '=') - assign) + 1;

	for (int i = 0; i < *n; i++) {
		if (strncmp(envp[i], assign, len) == 0) {
			envp[i] = assign;
			return;
		}
	}
	envp[(*n)++] = assign;
}

/* Spawns one command; its pid, or (with a message) -127 when it was not
 * found, -126 when it could not run. */
static int
spawn_one(const struct sh_cmd *c, struct xcmd *x, int in, int out, int spare, int pgid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *envp[SH_ENV + SH_ARGS + 1];
	pid_t pid = -1;
	int n, err;

	sh_var_environ(envp, SH_ENV);
	for (n = 0; envp[n] != NULL; n++) {
	}
	for (int i = 0; i < x->x_nassign; i++) {
		env_put(envp, &n, x->x_assign[i]);
	}
	envp[n] = NULL;
	/* posix_spawnp() searches the C library's PATH: make it the shell's. */
	if (sh_var_get("PATH") != NULL) {
		setenv("PATH", sh_var_get("PATH"), 1);
	} else {
		unsetenv("PATH");
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	err = actions(&fa, c, x, in, out, spare);
	if (err == 0 && sh_interactive) {
		short flags = POSIX_SPAWN_SETPGROUP;
#ifdef POSIX_SPAWN_SETSIGDEF
		/* The shell ignores Ctrl-C; its programs must not inherit that
		 * where the C library carries ignored signals across spawns. */
		sigset_t def;

		sigemptyset(&def);
		sigaddset(&def, SIGINT);
		sigaddset(&def, SIGQUIT);
		posix_spawnattr_setsigdefault(&attr, &def);
		flags |= POSIX_SPAWN_SETSIGDEF;
#endif
		posix_spawnattr_setflags(&attr, flags);
		posix_spawnattr_setpgroup(&attr, pgid);
	}
	if (err == 0) {
		err = posix_spawnp(&pid, x->x_args.a_v[0], &fa, &attr, x->x_args.a_v, envp);
	}
	if (err != 0) {
		spawn_error(x->x_args.a_v[0], err);
		pid = err == ENOENT ? -127 : -126;
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* A builtin inside a pipeline runs in a shell of its own, `sh -c` with
 * its words as typed (so they are expanded there) and our positional
 * parameters, since there is no fork: what it changes goes with that shell, as in other shells. */
static int
spawn_builtin(const struct sh_cmd *c, const struct xcmd *xc, int in, int out, int spare, int pgid)
{
	static char text[SH_LINE_MAX + 1];
	struct xcmd x;
	size_t n = 0;
	int pid;

	memset(&x, 0, sizeof(x));
	for (int i = 0; i < c->c_argc; i++) {
		size_t w = strlen(c->c_argv[i]);

		if (n + w + 2 > sizeof(text)) {
			fprintf(stderr, "sh: line too long\n");
			return -126;
		}
		memcpy(text + n, c->c_argv[i], w);
		n += w;
		text[n++] = ' ';
	}
	text[n > 0 ? n - 1 : 0] = '\0';
	x.x_args.a_v[0] = "sh";
	x.x_args.a_v[1] = "-c";
	x.x_args.a_v[2] = text;
	x.x_args.a_n = 3;
	/* That shell sees the same $0, $1... (as many as fit). */
	for (int i = 0; i <= sh_pos_count() && x.x_args.a_n < SH_ARGS; i++) {
		x.x_args.a_v[x.x_args.a_n++] = (char *)sh_pos_get(i);
	}
	/* The redirections are the spawn's, with their expanded files. */
	memcpy(x.x_files, xc->x_files, sizeof(x.x_files));
	pid = spawn_one(c, &x, in, out, spare, pgid);
	return pid;
}

/* The status a wait gave, as $? sees it; says how a process died. */
static int
wait_status(int st)
{
	if (WIFEXITED(st)) {
		return WEXITSTATUS(st);
	}
	if (WTERMSIG(st) == SIGINT) {
		sh_interrupted = true; /* loops stop, as in other shells */
	}
	if (WTERMSIG(st) != SIGINT && WTERMSIG(st) != SIGPIPE) {
		fprintf(stderr, "sh: killed by signal %d\n", WTERMSIG(st));
	}
	return 128 + WTERMSIG(st);
}

/* Expands every command first (an error runs nothing), runs a lone builtin
 * in the shell, else spawns each command with its pipes, makes the first
 * one's group the foreground, waits for all, and takes the terminal back.
 * The status is the last command's. */
int
sh_run_pipeline(const struct sh_prog *p, const struct sh_pipe *pp)
{
	static struct xcmd xs[SH_CMDS];
	pid_t pids[SH_CMDS] = { 0 };
	int in = -1, status = 0, pgid = 0, failed = 0;

	for (int i = 0; i < pp->p_count; i++) {
		if (xcmd_expand(&p->pr_cmds[pp->p_first + i], &xs[i]) != 0) {
			for (int j = 0; j <= i; j++) {
				xcmd_free(&xs[j]);
			}
			return 1;
		}
	}
	if (pp->p_count == 1 && (xs[0].x_args.a_n == 0 || sh_is_builtin(xs[0].x_args.a_v[0]))) {
		status = run_here(&p->pr_cmds[pp->p_first], &xs[0]);
		xcmd_free(&xs[0]);
		return status;
	}
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < pp->p_count; i++) {
		pids[i] = -127;
	}
	for (int i = 0; i < pp->p_count; i++) {
		const struct sh_cmd *c = &p->pr_cmds[pp->p_first + i];
		int fds[2] = { -1, -1 };

		if (i + 1 < pp->p_count && pipe(fds) != 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			failed = 1;
			break;
		}
		if (xs[i].x_args.a_n == 0) {
			/* Only redirections: nothing to run in a pipeline. */
			pids[i] = 0;
		} else if (sh_is_builtin(xs[i].x_args.a_v[0])) {
			pids[i] = spawn_builtin(c, &xs[i], in, fds[1], fds[0], pgid);
		} else {
			pids[i] = spawn_one(c, &xs[i], in, fds[1], fds[0], pgid);
		}
		if (pids[i] > 0) {
			if (pgid == 0) {
				pgid = pids[i];
				if (sh_interactive) {
					sh_term_setpgrp(0, pgid);
				}
			}
		}
		if (in >= 0) {
			close(in);
		}
		if (fds[1] >= 0) {
			close(fds[1]);
		}
		in = fds[0];
	}
	if (in >= 0) {
		close(in);
	}
	status = pids[pp->p_count - 1] < 0 ? -pids[pp->p_count - 1] : 0;
	for (int i = 0; i < pp->p_count; i++) {
		int st;

		if (pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i]) {
			if (i == pp->p_count - 1) {
				status = wait_status(st);
			}
		}
	}
	if (pgid != 0 && sh_interactive) {
		sh_term_setpgrp(0, (int)getpgrp());
	}
	for (int i = 0; i < pp->p_count; i++) {
		xcmd_free(&xs[i]);
	}
	return failed ? 1 : status;
}

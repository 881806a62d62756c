/*
 * The shell's private header.  A command line goes through three steps:
 * sh_parse() cuts it into words and operators and builds the command
 * tree (pipelines joined by ;, && and ||, each command with its words
 * and redirections), keeping every word as typed; just before a
 * pipeline runs, sh_expand() turns each word into its value (quotes
 * removed, $VAR, ${VAR}, $?, $$ and the positional parameters
 * replaced), so that `export A=1; echo $A` sees the new value, and
 * sh_glob() turns an unquoted pattern into the paths it matches.
 * parse.c, expand.c, vars.c, match.c and glob.c are pure code, tested
 * on the host (tests/unit/test_sh_parse.c, test_sh_glob.c); exec.c and
 * main.c run programs.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define SH_LINE_MAX 4096   /* bytes in a command line, without the newline */
#define SH_ARGS 128        /* words in one command */
#define SH_REDIRS 8        /* redirections of one command */
#define SH_CMDS 64         /* commands in one line */
#define SH_PIPES 64        /* pipelines in one line */
#define SH_WORD_MAX 8192   /* bytes in one expanded word */
#define SH_VARS 128        /* shell variables */
#define SH_ARG_BYTES 16384 /* bytes of one command's words, NULs included */

enum sh_redir_op {
	SH_R_IN,     /* n<word (n: 0) */
	SH_R_OUT,    /* n>word (n: 1) */
	SH_R_APPEND, /* n>>word */
	SH_R_DUP,    /* n>&m */
};

struct sh_redir {
	int r_fd;
	enum sh_redir_op r_op;
	const char *r_word; /* the file, as typed (SH_R_DUP: NULL) */
	int r_dupfd;        /* SH_R_DUP: m */
};

struct sh_cmd {
	int c_argc;
	const char *c_argv[SH_ARGS + 1]; /* words as typed, NULL-terminated */
	int c_nredir;
	struct sh_redir c_redir[SH_REDIRS];
};

enum sh_join {
	SH_SEQ, /* ; or the end: the next runs regardless */
	SH_AND, /* &&: the next runs when this one succeeded */
	SH_OR,  /* ||: the next runs when this one failed */
};

struct sh_pipe {
	int p_first, p_count; /* its commands in pr_cmds */
	enum sh_join p_join;  /* how the next pipeline follows */
};

struct sh_prog {
	struct sh_cmd pr_cmds[SH_CMDS];
	int pr_ncmds;
	struct sh_pipe pr_pipes[SH_PIPES];
	int pr_npipes;
	char pr_buf[2 * SH_LINE_MAX + 2]; /* the words, each NUL-terminated */
	size_t pr_used;
};

/* Parses one line (without its newline).  Returns 0 with *p filled (no
 * pipelines for an empty line or a comment), or -1 with a message in err
 * (errlen bytes) saying what is wrong. */
int sh_parse(const char *line, struct sh_prog *p, char *err, size_t errlen);

/* What a $NAME stands for (NULL: unset, which expands to nothing). */
typedef const char *(*sh_lookup_fn)(const char *name, void *ctx);

/* Expands one word as typed into out (max bytes): quotes removed, $NAME,
 * ${NAME}, $? and $$ replaced through lookup (no field splitting).
 * Returns the length, or -1 when the result does not fit. */
long sh_expand(const char *word, char *out, size_t max, sh_lookup_fn lookup, void *ctx);

/* sh_expand_fields() flags. */
#define SH_X_FIELDS 1u  /* $@ and unquoted $* make a field per parameter */
#define SH_X_PATTERN 2u /* quoted * ? [ ] and any \ get a \ before them */

/* Expands one word into fields (always SH_X_FIELDS), each NUL-terminated,
 * back to back in out: their number (0 for a word that became nothing
 * unquoted, like $UNSET or "$@" with no parameters), or -1 when they do
 * not fit.  With SH_X_PATTERN the fields are patterns for sh_glob(). */
int sh_expand_fields(const char *word, char *out, size_t max, unsigned flags, sh_lookup_fn lookup,
    void *ctx);

/* A command's words after expansion: malloc'd strings, SH_ARGS of them
 * and SH_ARG_BYTES in all at most. */
struct sh_argv {
	char *a_v[SH_ARGS + 1]; /* NULL-terminated */
	int a_n;
	size_t a_bytes;
};

#define SH_E_WORDS (-2) /* sh_argv_add(), sh_glob(): more than SH_ARGS words */
#define SH_E_BYTES (-3) /* more than SH_ARG_BYTES */
#define SH_E_NOMEM (-4) /* out of memory */

/* Appends a copy of n bytes at s: 0 or SH_E_*. */
int sh_argv_add(struct sh_argv *a, const char *s, size_t n);
/* Frees the words; a is empty again. */
void sh_argv_free(struct sh_argv *a);
/* What an SH_E_* code means, for a message. */
const char *sh_argv_error(int err);

/* match.c: whether name matches pattern (fnmatch-like: * ? [abc] [a-z]
 * [!x] [^x], \c for a plain c; no special case for / or a leading .). */
bool sh_glob_match(const char *pattern, const char *name);
/* Whether pattern has an unescaped * ? or [. */
bool sh_glob_has_meta(const char *pattern);
/* Copies pattern to out without its backslashes (out may be pattern). */
void sh_glob_unescape(const char *pattern, char *out);

/* glob.c: appends the paths matching pattern (from sh_expand_fields with
 * SH_X_PATTERN), sorted; a name starting with . only where the pattern's
 * component starts with a plain '.'.  Returns how many, 0 when none
 * (nothing appended: the caller keeps the word), or SH_E_*. */
int sh_glob(const char *pattern, struct sh_argv *a);

/* Whether word (as typed) is an assignment NAME=value; *namelen: the
 * length of NAME. */
bool sh_is_assignment(const char *word, size_t *namelen);

/* Whether name is a valid variable name. */
bool sh_valid_name(const char *name, size_t len);

/* The positional parameters (vars.c): $0 and $1..$N point into argv,
 * which must outlive them; shift drops n of $1..$N (-1: fewer than n). */
void sh_pos_set(const char *arg0, int argc, char **argv);
const char *sh_pos_get(int i); /* i: 0..N, else NULL */
int sh_pos_count(void);
int sh_pos_shift(int n);

/* The shell's variables (vars.c): set, find, unset, and the environment
 * (exported ones as "NAME=value") for a child.  sh_var_set returns 0 or
 * -1 when the table is full or the name bad. */
int sh_var_set(const char *name, const char *value, bool exported);
const char *sh_var_get(const char *name);
void sh_var_unset(const char *name);
int sh_var_export(const char *name);
/* Fills envp (max entries, the last NULL) with the exported variables;
 * the strings live until the next sh_var_* change. */
void sh_var_environ(char **envp, size_t max);
/* Calls fn for each variable, in the order they were set. */
void sh_var_each(void (*fn)(const char *name, const char *value, bool exported, void *ctx),
    void *ctx);

/* exec.c: runs every pipeline of a parsed line; the status of the last
 * one that ran.  sh_status holds it for $?. */
int sh_run(struct sh_prog *p);
extern int sh_status;
extern bool sh_interactive; /* a terminal: prompts, foreground groups */
extern bool sh_exiting;     /* `exit` ran */

/* builtin.c: whether name is a builtin (cd, exit, export, unset, shift,
 * help),
 * and running one: its status. */
bool sh_is_builtin(const char *name);
int sh_builtin(int argc, char **argv);

/* term.c: makes pgrp the terminal's foreground group (fd: the terminal);
 * 0 or -1. */
int sh_term_setpgrp(int fd, int pgrp);

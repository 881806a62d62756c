/*
 * The shell's private header.  A command line goes through three steps:
 * sh_parse() cuts it into words and operators and builds the command
 * tree (lists of pipelines joined by ;, newlines, && and ||, each command
 * with its words and redirections, and the compound commands if, while,
 * until and for holding lists), keeping every word as typed; just before a
 * pipeline runs, sh_expand() turns each word into its value (quotes
 * removed, $VAR, ${VAR}, $?, $$ and the positional parameters
 * replaced), so that `export A=1; echo $A` sees the new value, and
 * sh_glob() turns an unquoted pattern into the paths it matches.
 * parse.c, expand.c, vars.c, match.c and glob.c are pure code, tested
 * on the host (tests/unit/test_sh_parse.c, test_sh_glob.c); exec.c,
 * control.c and main.c run programs.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define SH_LINE_MAX 4096   /* bytes in a command line, without the newline */
#define SH_TEXT_MAX 16384  /* bytes of the lines parsed together (if ... fi) */
#define SH_ARGS 128        /* words in one command */
#define SH_REDIRS 8        /* redirections of one command */
#define SH_CMDS 128        /* commands parsed together */
#define SH_PIPES 128       /* pipelines and compound commands parsed together */
#define SH_NODES 64        /* if, while, until and for parsed together */
#define SH_NEST 16         /* compound commands inside each other */
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

/* A list is a chain of pr_pipes entries (p_next, -1 at its end); each
 * entry is a pipeline of simple commands or (p_node >= 0) a compound
 * command. */
struct sh_pipe {
	int p_first, p_count; /* its commands in pr_cmds */
	enum sh_join p_join;  /* how the next pipeline follows */
	int p_node;           /* a compound command: its pr_nodes entry, else -1 */
	int p_next;           /* the next of its list, -1 at the end */
};

enum sh_node_kind {
	SH_N_IF,    /* if n_cond; then n_body; else n_else; fi */
	SH_N_WHILE, /* while n_cond; do n_body; done */
	SH_N_UNTIL, /* until n_cond; do n_body; done */
	SH_N_FOR,   /* for n_var in n_words; do n_body; done */
};

struct sh_node {
	enum sh_node_kind n_kind;
	int n_cond, n_body; /* lists (their first pr_pipes entry); -1: none */
	int n_else;         /* if: the else list (elif: a nested if), -1: none */
	const char *n_var;  /* for: the variable's name */
	int n_words;        /* for: the pr_cmds entry with the words; -1: "$@" */
};

struct sh_prog {
	struct sh_cmd pr_cmds[SH_CMDS];
	int pr_ncmds;
	struct sh_pipe pr_pipes[SH_PIPES];
	int pr_npipes;
	struct sh_node pr_nodes[SH_NODES];
	int pr_nnodes;
	int pr_head;                      /* the list to run, -1: nothing */
	int pr_errline;                   /* after an error: its line in the text, from 1 */
	char pr_buf[2 * SH_TEXT_MAX + 2]; /* the words, each NUL-terminated */
	size_t pr_used;
};

#define SH_P_MORE (-2) /* sh_parse(): an unfinished if/while/for: read on */

/* Parses text: one line, or several separated by newlines.  Returns 0 with
 * *p filled (no pipelines for an empty line or a comment), -1 with a
 * message in err (errlen bytes) saying what is wrong and p->pr_errline
 * where, or SH_P_MORE (also with a message) when the text ends inside a
 * compound command and more lines may finish it. */
int sh_parse(const char *line, struct sh_prog *p, char *err, size_t errlen);

/* What a $NAME stands for (NULL: unset, which expands to nothing). */
typedef const char *(*sh_lookup_fn)(const char *name, void *ctx);

/* Expands one word as typed into out (max bytes): quotes removed, $NAME,
 * ${NAME}, $? and $$ replaced through lookup, $((EXPR)) by its value (no
 * field splitting).
 * Returns the length, -1 when the result does not fit, or SH_E_ARITH. */
long sh_expand(const char *word, char *out, size_t max, sh_lookup_fn lookup, void *ctx);

/* arith.c: evaluates an arithmetic expression (the inside of $((...)));
 * 0 with *val, or -1 with a message in err. */
int sh_arith(const char *expr, long long *val, sh_lookup_fn lookup, void *ctx, char *err,
    size_t errlen);

#define SH_E_ARITH (-2) /* sh_expand*(): a bad $((...)), already reported */

/* expand.c: the length of the $((...)) at s (up to its matching
 * parenthesis), 0 when it has no end. */
size_t sh_arith_len(const char *s);

/* sh_expand_fields() flags. */
#define SH_X_FIELDS 1u  /* $@ and unquoted $* make a field per parameter */
#define SH_X_PATTERN 2u /* quoted * ? [ ] and any \ get a \ before them */

/* Expands one word into fields (always SH_X_FIELDS), each NUL-terminated,
 * back to back in out: their number (0 for a word that became nothing
 * unquoted, like $UNSET or "$@" with no parameters), or -1 when they do
 * not fit, or SH_E_ARITH.  With SH_X_PATTERN the fields are patterns for
 * sh_glob(). */
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

/* control.c: runs a parsed text (its lists, loops and conditionals); the
 * status of the last pipeline that ran.  sh_status holds it for $?. */
int sh_run(struct sh_prog *p);
/* exec.c: runs one pipeline of simple commands; its status. */
int sh_run_pipeline(const struct sh_prog *p, const struct sh_pipe *pp);
/* exec.c: appends a word's fields, globbed, to a; -1 (said) on failure. */
int sh_add_fields(struct sh_argv *a, const char *word);
extern int sh_status;
extern bool sh_interactive; /* a terminal: prompts, foreground groups */
extern bool sh_exiting;     /* `exit` ran */

/* The loop state (control.c): pending break and continue counts, the loops
 * running, and whether a command was ended by Ctrl-C (stops loops). */
extern int sh_breaks, sh_continues, sh_loops;
extern bool sh_interrupted;

/* test.c: test EXPR / [ EXPR ]: 0 true, 1 false, 2 (with a message) a bad
 * expression.  argv[0] is "test" or "[" (which needs a last "]"). */
int sh_test(int argc, char **argv);

/* builtin.c: whether name is a builtin (cd, exit, export, unset, shift,
 * break, continue, test, [, :, help),
 * and running one: its status. */
bool sh_is_builtin(const char *name);
int sh_builtin(int argc, char **argv);

/* term.c: makes pgrp the terminal's foreground group (fd: the terminal);
 * 0 or -1. */
int sh_term_setpgrp(int fd, int pgrp);

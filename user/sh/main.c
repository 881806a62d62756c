/*
 * sh: the XINIM shell.  `sh` reads commands from its standard input (with
 * a prompt ending in "# " on a terminal), `sh FILE [ARG...]` runs a
 * script with $0 FILE and $1.. the ARGs, `sh -c 'COMMANDS' [NAME [ARG...]]`
 * runs a string with $0 NAME (else "sh") and $1.. the ARGs.  Each line is parsed
 * (parse.c) and run (exec.c); an unfinished if/while/for reads more lines
 * first ("> " on a terminal); a bad line gets a message and the shell
 * goes on.  The shell ends at the end of its input or with `exit`, with
 * the last status.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define SH_READ_BUF 512

/* A buffered line reader on one descriptor. */
struct reader {
	int rd_fd;
	char rd_buf[SH_READ_BUF];
	size_t rd_pos, rd_len;
};

static struct sh_prog prog;
static char line[SH_LINE_MAX + 2];

#define SH_READ_RETRIES 3 /* read errors in a row before giving up */
#define SH_READ_INTR (-2) /* reader_byte(), read_line(): Ctrl-C */

static int
reader_byte(struct reader *r)
{
	if (r->rd_pos == r->rd_len) {
		ssize_t n;
		int errors = 0;

		/* A terminal whose driver restarted fails the read that was
		 * waiting (EIO): say so and read again.  Ctrl-C ends it with
		 * EINTR: the line typed so far is gone. */
		while ((n = read(r->rd_fd, r->rd_buf, sizeof(r->rd_buf))) < 0 && errno != EBADF &&
		    errno != EINTR && ++errors < SH_READ_RETRIES) {
			fprintf(stderr, "sh: reading input: %s; reading again\n", strerror(errno));
		}
		if (n < 0 && errno == EINTR) {
			return SH_READ_INTR;
		}
		if (n <= 0) {
			return -1;
		}
		r->rd_pos = 0;
		r->rd_len = (size_t)n;
	}
	return (unsigned char)r->rd_buf[r->rd_pos++];
}

/* Reads one line into line[] without its newline: 1, 0 at the end of
 * input, -1 for a line longer than SH_LINE_MAX (skipped whole), or
 * SH_READ_INTR when Ctrl-C threw the line away. */
static int
read_line(struct reader *r)
{
	size_t n = 0;
	bool toolong = false;
	int c;

	/* Bytes past the limit are read and dropped up to the newline, so
	 * the next line starts clean. */
	while ((c = reader_byte(r)) >= 0 && c != '\n') {
		if (n < SH_LINE_MAX) {
			line[n++] = (char)c;
		} else {
			toolong = true;
		}
	}
	line[n] = '\0';
	if (c == SH_READ_INTR) {
		return SH_READ_INTR;
	}
	if (c < 0 && n == 0 && !toolong) {
		return 0;
	}
	return toolong ? -1 : 1;
}

static void
prompt(void)
{
	char cwd[256];

	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		strcpy(cwd, "?");
	}
	printf("%s # ", cwd);
	fflush(stdout);
}

/* The lines of an unfinished compound command, joined by newlines. */
static char text[SH_TEXT_MAX + 1];
static size_t text_len;
static int text_line; /* the line number of its first line */

/* A parse error: where (a script's name) and the line prefix it. */
static void
parse_error(const char *msg, const char *where, int lineno)
{
	if (where != NULL) {
		fprintf(stderr, "sh: %s:%d: %s\n", where, lineno, msg);
	} else if (lineno > 0) {
		fprintf(stderr, "sh: line %d: %s\n", lineno, msg);
	} else {
		fprintf(stderr, "sh: %s\n", msg);
	}
	sh_status = 2;
}

/* Adds a line to the text and runs it once it parses whole; true while an
 * unfinished construct waits for more lines. */
static bool
feed_line(const char *ln, const char *where, int lineno)
{
	char err[128];
	size_t n = strlen(ln);
	int got;

	if (text_len == 0) {
		text_line = lineno;
	} else if (text_len + 1 + n < sizeof(text)) {
		text[text_len++] = '\n';
	}
	if (text_len + n >= sizeof(text)) {
		parse_error("commands too long (if/while/for over too many lines)", where, lineno);
		text_len = 0;
		return false;
	}
	memcpy(text + text_len, ln, n + 1);
	text_len += n;
	got = sh_parse(text, &prog, err, sizeof(err));
	if (got == SH_P_MORE) {
		return true;
	}
	if (got != 0) {
		/* Numbered lines in a script, or inside several lines. */
		parse_error(err, where,
		    where != NULL || lineno > text_line ? text_line + prog.pr_errline - 1 : 0);
	} else {
		sh_run(&prog);
	}
	text_len = 0;
	return false;
}

/* The input ended: an unfinished construct is an error. */
static void
feed_end(const char *where, int lineno)
{
	if (text_len > 0) {
		parse_error("unexpected end of input (if/while/for not finished)", where,
		    where != NULL ? lineno : 0);
	}
	text_len = 0;
}

/* Runs every line from fd; where names a script (NULL: standard input).
 * An unfinished if/while/for reads on, with a "> " prompt on a terminal. */
static void
run_fd(int fd, const char *where, bool interactive)
{
	static struct reader r;
	int lineno = 0, got;
	bool more = false;

	r.rd_fd = fd;
	r.rd_pos = r.rd_len = 0;
	text_len = 0;
	while (!sh_exiting) {
		if (interactive && more) {
			printf("> ");
			fflush(stdout);
		} else if (interactive) {
			prompt();
		}
		got = read_line(&r);
		if (got == SH_READ_INTR) {
			text_len = 0; /* Ctrl-C drops an unfinished construct too */
			more = false;
			continue; /* the tty echoed ^C and a newline: a fresh prompt */
		}
		lineno++;
		if (got == 0) {
			feed_end(where, lineno - 1);
			if (interactive) {
				printf("\n");
			}
			break;
		}
		if (got < 0) {
			fprintf(stderr, "sh: line too long (%d bytes at most)\n", SH_LINE_MAX);
			sh_status = 2;
			text_len = 0;
			more = false;
			continue;
		}
		more = feed_line(line, where, lineno);
	}
}

/* -c: each line of the string in turn, an if/while/for over several. */
static void
run_string(const char *s)
{
	int lineno = 0;

	text_len = 0;
	while (*s != '\0' && !sh_exiting) {
		const char *nl = strchr(s, '\n');
		size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);

		lineno++;
		if (n > SH_LINE_MAX) {
			fprintf(stderr, "sh: line too long (%d bytes at most)\n", SH_LINE_MAX);
			sh_status = 2;
			text_len = 0;
		} else {
			memcpy(line, s, n);
			line[n] = '\0';
			feed_line(line, NULL, lineno);
		}
		s += n + (nl != NULL ? 1 : 0);
	}
	feed_end(NULL, lineno);
}

/* The environment we were given becomes exported variables. */
static void
import_environ(void)
{
	extern char **environ;

	for (char **e = environ; e != NULL && *e != NULL; e++) {
		char *eq = strchr(*e, '=');
		char name[128];
		size_t n;

		if (eq == NULL || (n = (size_t)(eq - *e)) >= sizeof(name)) {
			continue;
		}
		memcpy(name, *e, n);
		name[n] = '\0';
		sh_var_set(name, eq + 1, true);
	}
	if (sh_var_get("PATH") == NULL) {
		sh_var_set("PATH", "/bin", true);
	}
	if (sh_var_get("HOME") == NULL) {
		sh_var_set("HOME", "/", true);
	}
}

int
main(int argc, char **argv)
{
	import_environ();
	/* sh -c STRING, sh FILE, or commands from standard input. */
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			fprintf(stderr,
			    "usage: sh [-c COMMANDS [NAME [ARG...]] | FILE [ARG...]]\n");
			return 2;
		}
		sh_pos_set(argc > 3 ? argv[3] : argv[0], argc > 4 ? argc - 4 : 0,
		    argc > 4 ? argv + 4 : NULL);
		run_string(argv[2]);
	} else if (argc > 1) {
		int fd = open(argv[1], O_RDONLY);

		sh_pos_set(argv[1], argc - 2, argv + 2);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		run_fd(fd, argv[1], false);
		close(fd);
	} else {
		sh_pos_set(argv[0], 0, argv + 1);
		sh_interactive = isatty(0);
		if (sh_interactive) {
			/* Ctrl-C and Ctrl-\ are for the programs we run. */
			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
#ifdef SIGTTOU
			/* Taking the terminal back from a finished pipeline. */
			signal(SIGTTOU, SIG_IGN);
#endif
			setpgid(0, 0);
			sh_term_setpgrp(0, (int)getpgrp());
		}
		run_fd(0, NULL, sh_interactive);
	}
	fflush(stdout);
	return sh_status;
}

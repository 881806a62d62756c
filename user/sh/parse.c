/*
 * The shell's parser: cuts a line into words and operators and builds
 * the command tree of sh.h.  Words keep their quotes; only their limits
 * are found here (a quote runs to its match, a backslash takes the next
 * byte).  Operators: | || && ; < > >> n< n> n>> n>&m, and # starts a
 * comment where a word could start.  Background jobs (&) are refused.
 */
#include <stdio.h>
#include <string.h>
#include "sh.h"

enum tok {
	T_END,
	T_WORD,
	T_PIPE,
	T_AND,
	T_OR,
	T_SEMI,
	T_REDIR,
};

struct lexer {
	const char *lx_s;
	struct sh_prog *lx_p;
	char *lx_err;
	size_t lx_errlen;
	/* The current token. */
	enum tok lx_tok;
	const char *lx_word;      /* T_WORD: the word, copied into pr_buf */
	struct sh_redir lx_redir; /* T_REDIR */
};

/* Puts the message for the user in the lexer's error buffer; returns -1. */
static int
fail(struct lexer *lx, const char *what)
{
	snprintf(lx->lx_err, lx->lx_errlen, "%s", what);
	return -1;
}

/* Bytes that separate words. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Bytes that start an operator and so end a word. */
static bool
is_op(char c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>';
}

/* Finds the end of a word starting at s; NULL for an unterminated quote. */
static const char *
word_end(const char *s)
{
	while (*s != '\0' && !is_blank(*s) && !is_op(*s)) {
		if (*s == '\\') {
			s += s[1] != '\0' ? 2 : 1;
		} else if (*s == '\'' || *s == '"') {
			char q = *s++;

			while (*s != q) {
				if (*s == '\0') {
					return NULL;
				}
				if (q == '"' && *s == '\\' && s[1] != '\0') {
					s++;
				}
				s++;
			}
			s++;
		} else {
			s++;
		}
	}
	return s;
}

/* Copies a word (n bytes at s) into the program's word buffer,
 * NUL-terminated; NULL when the buffer is full. */
static const char *
save_word(struct lexer *lx, const char *s, size_t n)
{
	struct sh_prog *p = lx->lx_p;
	char *w;

	if (p->pr_used + n + 1 > sizeof(p->pr_buf)) {
		return NULL;
	}
	w = p->pr_buf + p->pr_used;
	memcpy(w, s, n);
	w[n] = '\0';
	p->pr_used += n + 1;
	return w;
}

/* A redirection at s (after an optional fd number): fills lx_redir. */
static int
lex_redir(struct lexer *lx, int fd)
{
	const char *s = lx->lx_s;
	struct sh_redir *r = &lx->lx_redir;

	r->r_word = NULL;
	r->r_dupfd = -1;
	if (*s == '<') {
		r->r_fd = fd < 0 ? 0 : fd;
		r->r_op = SH_R_IN;
		s++;
	} else if (s[1] == '>') {
		r->r_fd = fd < 0 ? 1 : fd;
		r->r_op = SH_R_APPEND;
		s += 2;
	} else if (s[1] == '&') {
		/* n>&m: exactly one digit, so that 2>&1x is refused. */
		r->r_fd = fd < 0 ? 1 : fd;
		r->r_op = SH_R_DUP;
		s += 2;
		if (*s < '0' || *s > '9' || (s[1] >= '0' && s[1] <= '9')) {
			return fail(lx, "'>&' needs a descriptor number (0-9)");
		}
		r->r_dupfd = *s++ - '0';
	} else {
		r->r_fd = fd < 0 ? 1 : fd;
		r->r_op = SH_R_OUT;
		s++;
	}
	lx->lx_s = s;
	lx->lx_tok = T_REDIR;
	return 0;
}

/* Reads the next token into lx. */
static int
lex(struct lexer *lx)
{
	const char *s = lx->lx_s, *e;

	while (is_blank(*s)) {
		s++;
	}
	lx->lx_s = s;
	if (*s == '\0' || *s == '#') {
		lx->lx_tok = T_END;
		return 0;
	}
	/* A single digit right before < or > names the descriptor: 2>err.
	 * Anything longer (a2>b) is a word, then a redirection of 1. */
	if (s[0] >= '0' && s[0] <= '9' && (s[1] == '<' || s[1] == '>')) {
		lx->lx_s = s + 1;
		return lex_redir(lx, s[0] - '0');
	}
	switch (*s) {
	case '<':
	case '>':
		return lex_redir(lx, -1);
	case '|':
		lx->lx_tok = s[1] == '|' ? T_OR : T_PIPE;
		lx->lx_s = s + (s[1] == '|' ? 2 : 1);
		return 0;
	case '&':
		if (s[1] != '&') {
			return fail(lx, "background jobs ('&') are not supported");
		}
		lx->lx_tok = T_AND;
		lx->lx_s = s + 2;
		return 0;
	case ';':
		lx->lx_tok = T_SEMI;
		lx->lx_s = s + 1;
		return 0;
	default:
		break;
	}
	/* A word: its bytes as typed, quotes and all, for sh_expand(). */
	e = word_end(s);
	if (e == NULL) {
		return fail(lx, "unterminated quote");
	}
	lx->lx_word = save_word(lx, s, (size_t)(e - s));
	if (lx->lx_word == NULL) {
		return fail(lx, "line too long");
	}
	lx->lx_tok = T_WORD;
	lx->lx_s = e;
	return 0;
}

/* How a token is named in a syntax error. */
static const char *
tok_name(enum tok t)
{
	static const char *const names[] = { "end of line", "word", "|", "&&", "||", ";",
		"redirection" };

	return names[t];
}

/* A syntax error at the current token. */
static int
syntax(struct lexer *lx)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "syntax error near '%s'", tok_name(lx->lx_tok));
	return fail(lx, msg);
}

/* One command: words and redirections, at least one of them. */
static int
parse_cmd(struct lexer *lx)
{
	struct sh_prog *p = lx->lx_p;
	struct sh_cmd *c;

	if (lx->lx_tok != T_WORD && lx->lx_tok != T_REDIR) {
		return syntax(lx);
	}
	if (p->pr_ncmds == SH_CMDS) {
		return fail(lx, "too many commands in one line");
	}
	c = &p->pr_cmds[p->pr_ncmds++];
	memset(c, 0, sizeof(*c));
	/* Words and redirections may come in any order: `>f echo hi`. */
	while (lx->lx_tok == T_WORD || lx->lx_tok == T_REDIR) {
		if (lx->lx_tok == T_WORD) {
			if (c->c_argc == SH_ARGS) {
				return fail(lx, "too many words in one command");
			}
			c->c_argv[c->c_argc++] = lx->lx_word;
		} else {
			struct sh_redir r = lx->lx_redir;

			if (c->c_nredir == SH_REDIRS) {
				return fail(lx, "too many redirections in one command");
			}
			/* Every redirection but n>&m takes the next word as
			 * its file. */
			if (r.r_op != SH_R_DUP) {
				if (lex(lx) != 0) {
					return -1;
				}
				if (lx->lx_tok != T_WORD) {
					return fail(lx, "a redirection needs a file name");
				}
				r.r_word = lx->lx_word;
			}
			c->c_redir[c->c_nredir++] = r;
		}
		if (lex(lx) != 0) {
			return -1;
		}
	}
	return 0;
}

/* A pipeline: commands joined by |, recorded as a run of pr_cmds. */
static int
parse_pipeline(struct lexer *lx)
{
	struct sh_prog *p = lx->lx_p;
	struct sh_pipe *pp;

	if (p->pr_npipes == SH_PIPES) {
		return fail(lx, "too many commands in one line");
	}
	pp = &p->pr_pipes[p->pr_npipes++];
	pp->p_first = p->pr_ncmds;
	pp->p_join = SH_SEQ;
	for (;;) {
		if (parse_cmd(lx) != 0) {
			return -1;
		}
		if (lx->lx_tok != T_PIPE) {
			break;
		}
		if (lex(lx) != 0) {
			return -1;
		}
	}
	pp->p_count = p->pr_ncmds - pp->p_first;
	return 0;
}

/* The line: pipelines joined by ; && ||; a trailing ; is allowed, a
 * trailing && or || is not. */
int
sh_parse(const char *line, struct sh_prog *p, char *err, size_t errlen)
{
	struct lexer lx = { line, p, err, errlen, T_END, NULL, { 0 } };

	p->pr_ncmds = 0;
	p->pr_npipes = 0;
	p->pr_used = 0;
	if (strlen(line) > SH_LINE_MAX) {
		return fail(&lx, "line too long");
	}
	if (lex(&lx) != 0) {
		return -1;
	}
	while (lx.lx_tok != T_END) {
		struct sh_pipe *pp;

		if (parse_pipeline(&lx) != 0) {
			return -1;
		}
		pp = &p->pr_pipes[p->pr_npipes - 1];
		switch (lx.lx_tok) {
		case T_END:
			return 0;
		case T_SEMI:
			pp->p_join = SH_SEQ;
			break;
		case T_AND:
			pp->p_join = SH_AND;
			break;
		case T_OR:
			pp->p_join = SH_OR;
			break;
		default:
			return syntax(&lx);
		}
		if (lex(&lx) != 0) {
			return -1;
		}
		if (lx.lx_tok == T_END && pp->p_join != SH_SEQ) {
			return syntax(&lx);
		}
	}
	return 0;
}

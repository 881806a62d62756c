/*
 * The shell's parser: cuts a line into words and operators and builds
 * the command tree of sh.h.  Words keep their quotes; only their limits
 * are found here (a quote runs to its match, a backslash takes the next
 * byte).  Operators: | || && ; newline < > >> n< n> n>> n>&m, and #
 * starts a comment (to the end of its line) where a word could start.
 * Background jobs (&) are refused.  The reserved words if then elif else
 * fi while until for in do done count only where a command starts; they
 * build compound commands (sh_node), whose lists may span lines.  A text
 * that ends inside one is SH_P_MORE, so that the caller reads on.
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
	T_NL,
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
	int lx_line;              /* the current token's line, from 1 */
	int lx_depth;             /* compound commands open */
	bool lx_more;             /* the failure is an unfinished text */
};

/* Puts the message for the user in the lexer's error buffer; returns -1. */
static int
fail(struct lexer *lx, const char *what)
{
	snprintf(lx->lx_err, lx->lx_errlen, "%s", what);
	lx->lx_p->pr_errline = lx->lx_line;
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

/* Finds the end of a word starting at s (a $((...)) may hold blanks and
 * operators); NULL for an unterminated quote or $((. */
static const char *
word_end(const char *s)
{
	while (*s != '\0' && !is_blank(*s) && !is_op(*s)) {
		if (s[0] == '$' && s[1] == '(' && s[2] == '(') {
			size_t n = sh_arith_len(s);

			if (n == 0) {
				return NULL;
			}
			s += n;
		} else if (*s == '\\') {
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

	if (lx->lx_tok == T_NL) {
		lx->lx_line++;
	}
	while (is_blank(*s) && *s != '\n') {
		s++;
	}
	if (*s == '#') {
		while (*s != '\0' && *s != '\n') {
			s++;
		}
	}
	lx->lx_s = s;
	if (*s == '\0') {
		lx->lx_tok = T_END;
		return 0;
	}
	if (*s == '\n') {
		lx->lx_tok = T_NL;
		lx->lx_s = s + 1;
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
		return fail(lx,
		    strstr(s, "$((") != NULL ? "unterminated quote or $((" : "unterminated quote");
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
		"redirection", "newline" };

	return names[t];
}

/* A syntax error at the current token (a reserved word by its name). */
static int
syntax(struct lexer *lx)
{
	char msg[80];

	snprintf(msg, sizeof(msg), "syntax error near '%.20s'",
	    lx->lx_tok == T_WORD ? lx->lx_word : tok_name(lx->lx_tok));
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

static int parse_list(struct lexer *lx, int *head);

/* Whether the current token is the reserved word w. */
static bool
is_word(const struct lexer *lx, const char *w)
{
	return lx->lx_tok == T_WORD && strcmp(lx->lx_word, w) == 0;
}

/* Whether the current token ends a list: a reserved word that closes or
 * continues a compound command. */
static bool
ends_list(const struct lexer *lx)
{
	static const char *const words[] = { "then", "elif", "else", "fi", "do", "done" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (is_word(lx, words[i])) {
			return true;
		}
	}
	return false;
}

/* Skips newlines (allowed before and after many tokens). */
static int
skip_nl(struct lexer *lx)
{
	while (lx->lx_tok == T_NL) {
		if (lex(lx) != 0) {
			return -1;
		}
	}
	return 0;
}

/* Consumes the reserved word w, which must come now: at the end of the
 * text it is missing yet (SH_P_MORE), elsewhere a syntax error. */
static int
expect(struct lexer *lx, const char *w)
{
	char msg[64];

	if (skip_nl(lx) != 0) {
		return -1;
	}
	if (lx->lx_tok == T_END) {
		snprintf(msg, sizeof(msg), "unexpected end of input ('%s' missing)", w);
		lx->lx_more = true;
		return fail(lx, msg);
	}
	if (!is_word(lx, w)) {
		return syntax(lx);
	}
	return lex(lx);
}

/* A list that must not be empty, up to a reserved word that ends it. */
static int
parse_body(struct lexer *lx, int *head)
{
	if (parse_list(lx, head) != 0) {
		return -1;
	}
	if (*head < 0) {
		if (lx->lx_tok == T_END) {
			lx->lx_more = true;
			return fail(lx, "unexpected end of input (a command missing)");
		}
		return syntax(lx);
	}
	return 0;
}

/* A new compound command of kind k. */
static struct sh_node *
new_node(struct lexer *lx, enum sh_node_kind k, int *idx)
{
	struct sh_prog *p = lx->lx_p;
	struct sh_node *n;

	if (p->pr_nnodes == SH_NODES) {
		fail(lx, "too many if/while/for commands");
		return NULL;
	}
	*idx = p->pr_nnodes;
	n = &p->pr_nodes[p->pr_nnodes++];
	memset(n, 0, sizeof(*n));
	n->n_kind = k;
	n->n_cond = n->n_body = n->n_else = n->n_words = -1;
	return n;
}

/* A new pr_pipes entry, not yet linked. */
static struct sh_pipe *
new_pipe(struct lexer *lx, int *idx)
{
	struct sh_prog *p = lx->lx_p;
	struct sh_pipe *pp;

	if (p->pr_npipes == SH_PIPES) {
		fail(lx, "too many commands in one line");
		return NULL;
	}
	*idx = p->pr_npipes;
	pp = &p->pr_pipes[p->pr_npipes++];
	pp->p_first = p->pr_ncmds;
	pp->p_count = 0;
	pp->p_join = SH_SEQ;
	pp->p_node = -1;
	pp->p_next = -1;
	return pp;
}

/* if LIST then LIST [elif LIST then LIST]... [else LIST] fi, with the
 * current token the if (or elif, which ends at the same fi). */
static int
parse_if(struct lexer *lx, int idx)
{
	struct sh_node *n = &lx->lx_p->pr_nodes[idx];
	int sub, pi;

	if (lex(lx) != 0 || parse_body(lx, &n->n_cond) != 0 || expect(lx, "then") != 0 ||
	    parse_body(lx, &n->n_body) != 0) {
		return -1;
	}
	if (is_word(lx, "elif")) {
		struct sh_pipe *pp = new_pipe(lx, &pi);

		if (pp == NULL || new_node(lx, SH_N_IF, &sub) == NULL) {
			return -1;
		}
		pp->p_node = sub;
		n->n_else = pi;
		return parse_if(lx, sub);
	}
	if (is_word(lx, "else")) {
		if (lex(lx) != 0 || parse_body(lx, &n->n_else) != 0) {
			return -1;
		}
	}
	return expect(lx, "fi");
}

/* for NAME [in WORD...] (; or newline) do LIST done. */
static int
parse_for(struct lexer *lx, struct sh_node *n)
{
	struct sh_prog *p = lx->lx_p;

	if (lex(lx) != 0) {
		return -1;
	}
	if (lx->lx_tok != T_WORD || !sh_valid_name(lx->lx_word, strlen(lx->lx_word))) {
		return fail(lx, "'for' needs a variable name");
	}
	n->n_var = lx->lx_word;
	if (lex(lx) != 0 || skip_nl(lx) != 0) {
		return -1;
	}
	if (is_word(lx, "in")) {
		struct sh_cmd *c;

		if (p->pr_ncmds == SH_CMDS) {
			return fail(lx, "too many commands in one line");
		}
		n->n_words = p->pr_ncmds;
		c = &p->pr_cmds[p->pr_ncmds++];
		memset(c, 0, sizeof(*c));
		while (lex(lx) == 0 && lx->lx_tok == T_WORD) {
			if (c->c_argc == SH_ARGS) {
				return fail(lx, "too many words in one command");
			}
			c->c_argv[c->c_argc++] = lx->lx_word;
		}
		if (lx->lx_tok != T_SEMI && lx->lx_tok != T_NL && lx->lx_tok != T_END) {
			return syntax(lx);
		}
	}
	if (lx->lx_tok == T_SEMI && lex(lx) != 0) {
		return -1;
	}
	if (expect(lx, "do") != 0 || parse_body(lx, &n->n_body) != 0) {
		return -1;
	}
	return expect(lx, "done");
}

/* A compound command, the current token its first word, as entry pp. */
static int
parse_compound(struct lexer *lx, struct sh_pipe *pp)
{
	struct sh_node *n;
	int idx, err;

	if (lx->lx_depth == SH_NEST) {
		return fail(lx, "if/while/for nested too deeply");
	}
	n = new_node(lx,
	    is_word(lx, "if")        ? SH_N_IF :
	        is_word(lx, "while") ? SH_N_WHILE :
	        is_word(lx, "until") ? SH_N_UNTIL :
	                               SH_N_FOR,
	    &idx);
	if (n == NULL) {
		return -1;
	}
	pp->p_node = idx;
	lx->lx_depth++;
	if (n->n_kind == SH_N_IF) {
		err = parse_if(lx, idx);
	} else if (n->n_kind == SH_N_FOR) {
		err = parse_for(lx, n);
	} else {
		err = lex(lx) != 0 || parse_body(lx, &n->n_cond) != 0 || expect(lx, "do") != 0 ||
		    parse_body(lx, &n->n_body) != 0 || expect(lx, "done") != 0;
	}
	lx->lx_depth--;
	if (err != 0) {
		return -1;
	}
	if (lx->lx_tok == T_PIPE || lx->lx_tok == T_REDIR || lx->lx_tok == T_WORD) {
		return fail(lx, "pipes and redirections of if/while/for are not supported");
	}
	return 0;
}

/* A pipeline: commands joined by |, recorded as a run of pr_cmds, or a
 * compound command; *idx: its pr_pipes entry. */
static int
parse_pipeline(struct lexer *lx, int *idx)
{
	struct sh_prog *p = lx->lx_p;
	struct sh_pipe *pp = new_pipe(lx, idx);

	if (pp == NULL) {
		return -1;
	}
	if (is_word(lx, "if") || is_word(lx, "while") || is_word(lx, "until") ||
	    is_word(lx, "for")) {
		return parse_compound(lx, pp);
	}
	for (;;) {
		if (parse_cmd(lx) != 0) {
			return -1;
		}
		if (lx->lx_tok != T_PIPE) {
			break;
		}
		if (lex(lx) != 0 || skip_nl(lx) != 0) {
			return -1;
		}
	}
	pp->p_count = p->pr_ncmds - pp->p_first;
	return 0;
}

/* A list: pipelines joined by ; newline && ||, up to the end of the text
 * or a reserved word that ends it; *head: its first entry (-1: empty).  A
 * trailing ; is allowed, a trailing && or || is not. */
static int
parse_list(struct lexer *lx, int *head)
{
	struct sh_prog *p = lx->lx_p;
	int last = -1, idx;

	*head = -1;
	for (;;) {
		struct sh_pipe *pp;

		if (skip_nl(lx) != 0) {
			return -1;
		}
		if (lx->lx_tok == T_END || ends_list(lx)) {
			return 0;
		}
		if (parse_pipeline(lx, &idx) != 0) {
			return -1;
		}
		if (last < 0) {
			*head = idx;
		} else {
			p->pr_pipes[last].p_next = idx;
		}
		last = idx;
		pp = &p->pr_pipes[idx];
		switch (lx->lx_tok) {
		case T_END:
			return 0;
		case T_SEMI:
		case T_NL:
			pp->p_join = SH_SEQ;
			break;
		case T_AND:
			pp->p_join = SH_AND;
			break;
		case T_OR:
			pp->p_join = SH_OR;
			break;
		default:
			if (ends_list(lx)) {
				return 0;
			}
			return syntax(lx);
		}
		if (lex(lx) != 0) {
			return -1;
		}
		if (pp->p_join != SH_SEQ) {
			if (skip_nl(lx) != 0) {
				return -1;
			}
			if (lx->lx_tok == T_END || ends_list(lx)) {
				return syntax(lx);
			}
		} else if (lx->lx_tok == T_SEMI) {
			return syntax(lx);
		}
	}
}

/* The text: a list, then its end (a stray fi or done is an error).  Each
 * line has at most SH_LINE_MAX bytes, the text SH_TEXT_MAX. */
int
sh_parse(const char *line, struct sh_prog *p, char *err, size_t errlen)
{
	struct lexer lx = { line, p, err, errlen, T_END, NULL, { 0 }, 1, 0, false };
	size_t run = 0, all = 0;

	p->pr_ncmds = 0;
	p->pr_npipes = 0;
	p->pr_nnodes = 0;
	p->pr_head = -1;
	p->pr_errline = 0;
	p->pr_used = 0;
	for (const char *s = line; *s != '\0'; s++, all++) {
		run = *s == '\n' ? 0 : run + 1;
		if (run > SH_LINE_MAX || all >= SH_TEXT_MAX) {
			return fail(&lx, "line too long");
		}
	}
	if (lex(&lx) != 0 || parse_list(&lx, &p->pr_head) != 0) {
		return lx.lx_more ? SH_P_MORE : -1;
	}
	if (lx.lx_tok != T_END) {
		return syntax(&lx);
	}
	return 0;
}

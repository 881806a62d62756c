/*
 * services.conf parser (config.h, docs/services-conf.md).  The file is
 * cut into lines, each line into words after its comment is dropped;
 * `service NAME {` opens a block, `}` closes it, every line between is
 * `key value...` handled by conf_key() (config_keys.c).  An error
 * marks the block bad: it is still read to its `}` so that the next
 * service parses, but it is not stored.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "config_int.h"

/* Reports one error at the current line and marks the block bad. */
void
conf_complain(struct conf_parser *p, const char *fmt, ...)
{
	char msg[RS_LINE_MAX + 128];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "%s:%u: ", p->file, (unsigned)p->line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	p->errors++;
	p->bad = 1;
	if (p->report != NULL) {
		p->report(p->ctx, msg);
	}
}

/* Opens a block from `service NAME {`. */
static void
begin_block(struct conf_parser *p, char **w, int n)
{
	int i;

	memset(&p->cur, 0, sizeof(p->cur));
	p->cur.sc_boot = 1;
	p->cur.sc_line = p->line;
	rs_policy_defaults(&p->cur.sc_policy);
	p->in_block = 1;
	p->bad = 0;
	p->seen = 0;
	if (n != 3) {
		conf_complain(p, "expected 'service NAME {'");
		return;
	}
	if (!conf_valid_name(w[1])) {
		conf_complain(p,
		    "bad service name '%.40s' (a letter, then letters, digits, - or _; "
		    "at most 23)",
		    w[1]);
		return;
	}
	conf_copy_str(p->cur.sc_name, w[1], sizeof(p->cur.sc_name));
	for (i = 0; i < p->count; i++) {
		if (strcmp(p->out[i].sc_name, w[1]) == 0) {
			conf_complain(p, "service '%s' already defined at line %u", w[1],
			    (unsigned)p->out[i].sc_line);
			return;
		}
	}
}

/* Closes the block: checks what needs the whole block, then stores it. */
static void
end_block(struct conf_parser *p)
{
	struct rs_service_conf *c = &p->cur;
	char skip[RS_LINE_MAX];

	p->in_block = 0;
	if (!p->bad) {
		conf_check_block(p, c);
	}
	if (!p->bad && p->count >= p->max) {
		conf_complain(p, "too many services (at most %d)", p->max);
	}
	if (p->bad) {
		if (p->report != NULL) {
			snprintf(skip, sizeof(skip), "%s:%u: service '%s' skipped", p->file,
			    (unsigned)c->sc_line, c->sc_name[0] != '\0' ? c->sc_name : "?");
			p->report(p->ctx, skip);
		}
		return;
	}
	p->out[p->count++] = *c;
}

/* One line's words. */
static void
do_line(struct conf_parser *p, char **w, int n)
{
	if (n == 0) {
		return;
	}
	if (strcmp(w[0], "service") == 0 && n >= 2 && strcmp(w[n - 1], "{") == 0) {
		if (p->in_block) {
			conf_complain(p, "service '%s' (line %u) has no closing '}'",
			    p->cur.sc_name, (unsigned)p->cur.sc_line);
			end_block(p);
		}
		begin_block(p, w, n);
		return;
	}
	if (!p->in_block) {
		conf_complain(p, "expected 'service NAME {' outside a block, not '%.40s'", w[0]);
		return;
	}
	if (strcmp(w[0], "}") == 0) {
		if (n != 1) {
			conf_complain(p, "text after '}'");
		}
		end_block(p);
		return;
	}
	conf_key(p, w, n);
}

/* Copies one line into buf, checks its characters, drops its comment and
 * splits it into words.  Returns the word count, or -1 after a complaint. */
static int
split_line(struct conf_parser *p, const char *s, size_t len, char *buf, char **w)
{
	size_t i;
	int n = 0;

	if (len > RS_LINE_MAX) {
		conf_complain(p, "line longer than %d bytes", RS_LINE_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '#' && (i == 0 || buf[i - 1] == ' ')) {
			break;
		}
		if (c == '\t' || c == '\r') {
			c = ' ';
		} else if (c < 0x20 || c > 0x7e) {
			conf_complain(p, "bad character 0x%02x", c);
			return -1;
		}
		buf[i] = c;
	}
	buf[i] = '\0';
	for (char *q = buf; *q != '\0';) {
		while (*q == ' ') {
			*q++ = '\0';
		}
		if (*q == '\0') {
			break;
		}
		if (n == CONF_WORDS_MAX) {
			conf_complain(p, "too many words on one line (at most %d)", CONF_WORDS_MAX);
			return -1;
		}
		w[n++] = q;
		while (*q != ' ' && *q != '\0') {
			q++;
		}
	}
	return n;
}

int
rs_config_parse(const char *file, const char *buf, size_t len, struct rs_service_conf *out, int max,
    rs_config_report_fn report, void *ctx, int *errors)
{
	struct conf_parser p = { .file = file,
		.report = report,
		.ctx = ctx,
		.out = out,
		.max = max };
	char line[RS_LINE_MAX + 1];
	char *w[CONF_WORDS_MAX];
	size_t pos = 0;

	while (pos < len) {
		size_t end = pos;
		int n;

		while (end < len && buf[end] != '\n') {
			end++;
		}
		p.line++;
		n = split_line(&p, buf + pos, end - pos, line, w);
		if (n >= 0) {
			do_line(&p, w, n);
		}
		pos = end + 1;
	}
	if (p.in_block) {
		p.line = p.cur.sc_line;
		conf_complain(&p, "service '%s' has no closing '}'", p.cur.sc_name);
		end_block(&p);
	}
	if (errors != NULL) {
		*errors = p.errors;
	}
	return p.count;
}

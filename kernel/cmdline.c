/*
 * Kernel command-line parser: a tokenizer and a table of known keys.
 */
#include <stdint.h>
#include <kern/cmdline.h>
#include <kern/printf.h>
#include <kern/string.h>

struct word_value {
	const char *name;
	int value;
};

static const struct word_value loglevel_words[] = {
	{ "error", 0 },
	{ "warn", 1 },
	{ "info", 2 },
	{ "debug", 3 },
	{ "0", 0 },
	{ "1", 1 },
	{ "2", 2 },
	{ "3", 3 },
	{ NULL, 0 },
};
static const struct word_value panic_words[] = {
	{ "halt", PANIC_HALT },
	{ "reboot", PANIC_REBOOT },
	{ "poweroff", PANIC_POWEROFF },
	{ NULL, 0 },
};
static const struct word_value pci_words[] = {
	{ "ecam", PCI_METHOD_ECAM },
	{ "portio", PCI_METHOD_PORTIO },
	{ NULL, 0 },
};
static const struct word_value clock_words[] = {
	{ "hpet", CLOCK_REF_HPET },
	{ "pit", CLOCK_REF_PIT },
	{ NULL, 0 },
};

/* ipcfast=on|off, stored as "slow path only". */
static const struct word_value ipcfast_words[] = {
	{ "on", 0 },
	{ "off", 1 },
	{ "1", 0 },
	{ "0", 1 },
	{ NULL, 0 },
};

struct parser {
	struct cmdline_opts *opts;
	cmdline_report_fn report;
	void *ctx;
	int errors;
};

static void
complain(struct parser *p, const char *fmt, const char *a, const char *b)
{
	char msg[256];

	p->errors++;
	if (p->report != NULL) {
		ksnprintf(msg, sizeof(msg), fmt, a, b);
		p->report(p->ctx, msg);
	}
}

static int
lookup_word(const struct word_value *table, const char *s, int *out)
{
	for (const struct word_value *w = table; w->name != NULL; w++) {
		if (strcmp(w->name, s) == 0) {
			*out = w->value;
			return 0;
		}
	}
	return -1;
}

/* Accepts 1..256 in decimal, nothing else. */
static int
parse_cpu_count(const char *s, unsigned *out)
{
	unsigned v = 0;

	if (*s == '\0') {
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			return -1;
		}
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 256) {
			return -1;
		}
	}
	if (v == 0) {
		return -1;
	}
	*out = v;
	return 0;
}

/* A ktest name: letters, digits, '-' and '_' only. */
static int
valid_name(const char *s)
{
	if (*s == '\0') {
		return 0;
	}
	for (; *s != '\0'; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '-' || c == '_')) {
			return 0;
		}
	}
	return 1;
}

/* Handles one key=value (value may be NULL for a bare word). */
static void
apply(struct parser *p, const char *key, const char *value)
{
	struct cmdline_opts *o = p->opts;
	const struct word_value *table = NULL;
	int *target = NULL;
	int v;

	if (strcmp(key, "quiet") == 0 && value == NULL) {
		o->loglevel = 1;
		return;
	}
	if (value == NULL) {
		complain(p, "unknown argument '%s' ignored%s", key, "");
		return;
	}
	if (strcmp(key, "loglevel") == 0) {
		table = loglevel_words;
		target = &o->loglevel;
	} else if (strcmp(key, "panic") == 0) {
		table = panic_words;
		target = (int *)&o->panic;
	} else if (strcmp(key, "pci") == 0) {
		table = pci_words;
		target = (int *)&o->pci;
	} else if (strcmp(key, "clock") == 0) {
		table = clock_words;
		target = (int *)&o->clock;
	} else if (strcmp(key, "ipcfast") == 0) {
		table = ipcfast_words;
		target = &o->ipc_slow;
	} else if (strcmp(key, "maxcpus") == 0) {
		if (parse_cpu_count(value, &o->maxcpus) != 0) {
			complain(p, "bad value '%s' for maxcpus ignored (want 1..256)%s", value,
			    "");
		}
		return;
	} else if (strcmp(key, "rsconf") == 0) {
		/* rs reads it from the raw command line (KC_BOOTIMAGE). */
		return;
	} else if (strcmp(key, "ktest") == 0) {
		if (!valid_name(value) || strlen(value) >= sizeof(o->ktest)) {
			complain(p, "bad value '%s' for ktest ignored%s", value, "");
			return;
		}
		strlcpy(o->ktest, value, sizeof(o->ktest));
		return;
	} else {
		complain(p, "unknown argument '%s' ignored%s", key, "");
		return;
	}
	if (lookup_word(table, value, &v) != 0) {
		complain(p, "bad value '%s' for %s ignored", value, key);
		return;
	}
	*target = v;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
cmdline_parse(const char *line, struct cmdline_opts *opts, cmdline_report_fn report, void *ctx)
{
	struct parser p = { opts, report, ctx, 0 };
	char word[CMDLINE_WORD_MAX * 2];

	*opts = (struct cmdline_opts){ .loglevel = -1 };
	if (line == NULL) {
		return 0;
	}
	const char *s = line;
	for (;;) {
		while (is_space(*s)) {
			s++;
		}
		if (*s == '\0') {
			break;
		}
		if (strncmp(s, "run=", 4) == 0) {
			/* The rest of the line, trailing blanks dropped. */
			size_t n = strlen(s + 4);
			while (n > 0 && is_space(s[4 + n - 1])) {
				n--;
			}
			if (n >= sizeof(opts->run)) {
				complain(&p, "run= argument too long (%s)%s", "over 4095 bytes",
				    "");
			} else if (n == 0) {
				complain(&p, "run= needs a program name%s%s", "", "");
			} else {
				memcpy(opts->run, s + 4, n);
				opts->run[n] = '\0';
			}
			break;
		}

		/* Collect one word; quotes group, and are removed. */
		size_t len = 0;
		int quoted = 0, overflow = 0;
		while (*s != '\0' && (quoted || !is_space(*s))) {
			if (*s == '"') {
				quoted = !quoted;
			} else if (len + 1 < sizeof(word)) {
				word[len++] = *s;
			} else {
				overflow = 1;
			}
			s++;
		}
		word[len] = '\0';
		if (quoted) {
			complain(&p, "unterminated quote in '%s' ignored%s", word, "");
			continue;
		}
		if (overflow) {
			complain(&p, "argument '%.40s...' too long, ignored%s", word, "");
			continue;
		}
		char *eq = strchr(word, '=');
		if (eq == word) {
			complain(&p, "malformed argument '%s' ignored (no name)%s", word, "");
			continue;
		}
		if (eq != NULL) {
			*eq = '\0';
			apply(&p, word, eq + 1);
		} else {
			apply(&p, word, NULL);
		}
	}
	return p.errors;
}

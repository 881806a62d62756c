/*
 * services.conf parser (config.h, docs/services-conf.md).  The file is
 * cut into lines, each line into words after its comment is dropped;
 * `service NAME {` opens a block, `}` closes it, every line between is
 * `key value...` handled by one function of the key table.  An error
 * marks the block bad: it is still read to its `}` so that the next
 * service parses, but it is not stored.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <xinim/kcall.h>
#include "config.h"

#define WORDS_MAX 40

struct parser {
	const char *file;
	rs_config_report_fn report;
	void *ctx;
	int errors;
	uint32_t line;
	struct rs_service_conf *out;
	int max, count;
	struct rs_service_conf cur; /* the block being read */
	int in_block, bad;
	uint32_t seen; /* bit per key-table index: keys given so far */
};

/* Reports one error at the current line and marks the block bad. */
static void __attribute__((format(printf, 2, 3))) complain(struct parser *p, const char *fmt, ...)
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

/* strlcpy, which the host C library of the unit tests may lack; callers
 * have checked that src fits. */
static void
copy_str(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Service names: a letter, then letters, digits, '-' or '_'; 1..23 bytes. */
static int
valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= RS_NAME_MAX ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '-' || c == '_')) {
			return 0;
		}
	}
	return 1;
}

/* Parses a whole word as an unsigned number (decimal, or hex with 0x)
 * followed by nothing or by one of the suffixes; *mul gets the suffix's
 * multiplier.  Returns 0 or -1 (not a number, overflow, bad suffix). */
static int
parse_num(const char *s, uint64_t *v, const char *const *suffix, const uint64_t *mult,
    uint64_t *mul)
{
	uint64_t x = 0;
	unsigned base = 10, d;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		if (*s >= '0' && *s <= '9') {
			d = *s - '0';
		} else if (base == 16 && *s >= 'a' && *s <= 'f') {
			d = *s - 'a' + 10;
		} else if (base == 16 && *s >= 'A' && *s <= 'F') {
			d = *s - 'A' + 10;
		} else {
			break;
		}
		if (x > (UINT64_MAX - d) / base) {
			return -1;
		}
		x = x * base + d;
	}
	if (digits == 0) {
		return -1;
	}
	*mul = 1;
	if (*s != '\0') {
		int i;

		for (i = 0; suffix != NULL && suffix[i] != NULL; i++) {
			if (strcmp(s, suffix[i]) == 0) {
				break;
			}
		}
		if (suffix == NULL || suffix[i] == NULL) {
			return -1;
		}
		*mul = mult[i];
	}
	if (*mul != 0 && x > UINT64_MAX / *mul) {
		return -1;
	}
	*v = x * *mul;
	return 0;
}

/* A plain number in [lo, hi]. */
static int
parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *v)
{
	uint64_t mul;

	return parse_num(s, v, NULL, NULL, &mul) == 0 && *v >= lo && *v <= hi ? 0 : -1;
}

/* A duration: "0", or a number with ms or s, at most RS_TIME_MAX. */
static int
parse_time(const char *s, uint64_t *ns)
{
	static const char *const suf[] = { "ms", "s", NULL };
	static const uint64_t mult[] = { RS_NS_PER_MS, RS_NS_PER_S };
	uint64_t mul;

	if (parse_num(s, ns, suf, mult, &mul) != 0 || (mul == 1 && *ns != 0)) {
		return -1;
	}
	return *ns <= RS_TIME_MAX ? 0 : -1;
}

/* A byte count with an optional K or M suffix, at most max. */
static int
parse_size(const char *s, uint64_t max, uint64_t *v)
{
	static const char *const suf[] = { "K", "M", NULL };
	static const uint64_t mult[] = { 1024, 1024 * 1024 };
	uint64_t mul;

	return parse_num(s, v, suf, mult, &mul) == 0 && *v <= max ? 0 : -1;
}

/* yes/no; returns 1, 0 or -1. */
static int
parse_bool(const char *s)
{
	if (strcmp(s, "yes") == 0) {
		return 1;
	}
	return strcmp(s, "no") == 0 ? 0 : -1;
}

/* Kernel-call names for `kcalls`: the KC_* constants in lower case. */
static const char *const kcall_names[KC_COUNT] = {
	[KC_PROC_CREATE] = "proc_create",
	[KC_PROC_MMAP] = "proc_mmap",
	[KC_PROC_COPYTO] = "proc_copyto",
	[KC_PROC_SETREGS] = "proc_setregs",
	[KC_PROC_SETPRIV] = "proc_setpriv",
	[KC_PROC_START] = "proc_start",
	[KC_PROC_KILL] = "proc_kill",
	[KC_PROC_WAIT] = "proc_wait",
	[KC_MUNMAP] = "munmap",
	[KC_GRANT_CREATE] = "grant_create",
	[KC_GRANT_REVOKE] = "grant_revoke",
	[KC_SAFECOPY_FROM] = "safecopy_from",
	[KC_SAFECOPY_TO] = "safecopy_to",
	[KC_GRANT_MAP] = "grant_map",
	[KC_IRQ_BIND] = "irq_bind",
	[KC_IRQ_ENABLE] = "irq_enable",
	[KC_IRQ_UNBIND] = "irq_unbind",
	[KC_MMIO_MAP] = "mmio_map",
	[KC_DMA_ALLOC] = "dma_alloc",
	[KC_DMA_FREE] = "dma_free",
	[KC_ALARM] = "alarm",
	[KC_SYSINFO] = "sysinfo",
	[KC_CONSOLE_WRITE] = "console_write",
	[KC_POWEROFF] = "poweroff",
	[KC_BOOTIMAGE] = "bootimage",
};

int
rs_config_kcall(const char *name)
{
	int i;

	for (i = 0; i < KC_COUNT; i++) {
		if (kcall_names[i] != NULL && strcmp(kcall_names[i], name) == 0) {
			return i;
		}
	}
	return -1;
}

/* Joins w[0..n) with single spaces into dst[RS_ARGS_MAX]; -1 if too long
 * (dst is then empty). */
static int
join_words(char *dst, char **w, int n)
{
	size_t len = 0, l;
	int i;

	dst[0] = '\0';
	for (i = 0; i < n; i++) {
		l = strlen(w[i]);
		if (len + (i > 0) + l >= RS_ARGS_MAX) {
			dst[0] = '\0';
			return -1;
		}
		if (i > 0) {
			dst[len++] = ' ';
		}
		memcpy(dst + len, w[i], l + 1);
		len += l;
	}
	return 0;
}

/* Copies a name list (ipc, depends) into names[0..max). */
static void
put_names(struct parser *p, const char *key, char **w, int n, char (*names)[RS_NAME_MAX],
    uint32_t *count, int max)
{
	int i;

	if (n > max) {
		complain(p, "%s: at most %d names", key, max);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!valid_name(w[i])) {
			complain(p, "%s: bad service name '%.40s'", key, w[i]);
			return;
		}
		copy_str(names[i], w[i], RS_NAME_MAX);
	}
	*count = n;
}

/* `pci VVVV:DDDD` or `pci class CC:SS[:PP]`, hexadecimal. */
static void
parse_pci(struct parser *p, struct rs_pci_match *m, char **w, int n)
{
	char *f[3], *s;
	uint64_t v[3];
	int cls = n == 2 && strcmp(w[0], "class") == 0, k = 0, i;

	if (n != 1 && !cls) {
		goto bad;
	}
	s = w[n - 1];
	f[k++] = s;
	while ((s = strchr(s, ':')) != NULL && k < 3) {
		*s++ = '\0';
		f[k++] = s;
	}
	if (s != NULL || k < 2 || (!cls && k != 2)) {
		goto bad;
	}
	for (i = 0; i < k; i++) {
		char hex[8];

		if (strlen(f[i]) > 4 || snprintf(hex, sizeof(hex), "0x%s", f[i]) < 3 ||
		    parse_range(hex, 0, cls ? 0xff : 0xffff, &v[i]) != 0) {
			goto bad;
		}
	}
	memset(m, 0, sizeof(*m));
	if (cls) {
		m->pm_kind = RS_PCI_CLASS;
		m->pm_class = v[0];
		m->pm_subclass = v[1];
		m->pm_has_progif = k == 3;
		m->pm_progif = k == 3 ? v[2] : 0;
	} else {
		m->pm_kind = RS_PCI_ID;
		m->pm_vendor = v[0];
		m->pm_device = v[1];
	}
	return;
bad:
	complain(p, "pci: expected VENDOR:DEVICE or class CLASS:SUBCLASS[:PROGIF] (hex)");
}

/* Handles the key line w[0..n) (n >= 1) of the current block. */
static void
key_value(struct parser *p, struct rs_service_conf *c, const char *k, char **w, int n)
{
	uint64_t v, v2;
	int i, b;

	if (strcmp(k, "binary") == 0) {
		if (strlen(w[0]) >= sizeof(c->sc_binary)) {
			complain(p, "binary: path longer than %d bytes", RS_PATH_MAX - 1);
			return;
		}
		copy_str(c->sc_binary, w[0], sizeof(c->sc_binary));
	} else if (strcmp(k, "args") == 0 || strcmp(k, "on_repeated_failure") == 0) {
		char *dst = k[0] == 'a' ? c->sc_args : c->sc_run_cmd;

		if (k[0] == 'o') {
			static const char *const esc[] = { "mark-failed", "restart-dependents",
				"reboot", "run" };

			for (i = 0; i < 4 && strcmp(w[0], esc[i]) != 0; i++) {
			}
			if (i == 4 || (i == RS_ESC_RUN) != (n > 1)) {
				complain(p,
				    "on_repeated_failure: expected mark-failed, "
				    "restart-dependents, reboot or run COMMAND");
				return;
			}
			c->sc_policy.escalation = i;
			w++;
			n--;
		}
		if (join_words(dst, w, n) != 0) {
			complain(p, "%s: longer than %d bytes", k, RS_ARGS_MAX - 1);
		}
	} else if (strcmp(k, "kind") == 0) {
		if (strcmp(w[0], "driver") == 0) {
			c->sc_kind = RS_KIND_DRIVER;
		} else if (strcmp(w[0], "server") == 0) {
			c->sc_kind = RS_KIND_SERVER;
		} else {
			complain(p, "kind: expected driver or server, not '%.40s'", w[0]);
		}
	} else if (strcmp(k, "pci") == 0) {
		parse_pci(p, &c->sc_pci, w, n);
	} else if (strcmp(k, "ipc") == 0) {
		put_names(p, k, w, n, c->sc_ipc, &c->sc_ipc_count, PRIV_IPC_MAX);
	} else if (strcmp(k, "depends") == 0) {
		put_names(p, k, w, n, c->sc_deps, &c->sc_dep_count, RS_DEPS_MAX);
	} else if (strcmp(k, "kcalls") == 0) {
		for (i = 0; i < n; i++) {
			b = rs_config_kcall(w[i]);
			if (b < 0) {
				complain(p, "kcalls: unknown kernel call '%.40s'", w[i]);
				return;
			}
			c->sc_kcalls |= 1ull << b;
		}
	} else if (strcmp(k, "io") == 0) {
		if (n > PRIV_IO_MAX) {
			complain(p, "io: at most %d ranges", PRIV_IO_MAX);
			return;
		}
		for (i = 0; i < n; i++) {
			char *dash = strchr(w[i], '-');

			if (dash != NULL) {
				*dash = '\0';
			}
			if (parse_range(w[i], 0, 0xffff, &v) != 0 ||
			    (dash != NULL && parse_range(dash + 1, v, 0xffff, &v2) != 0)) {
				complain(p, "io: expected PORT or FIRST-LAST (0..0xffff)");
				return;
			}
			c->sc_io[i].pio_base = v;
			c->sc_io[i].pio_count = dash != NULL ? v2 - v + 1 : 1;
		}
		c->sc_io_count = n;
	} else if (strcmp(k, "irq") == 0) {
		if (n > PRIV_IRQ_MAX) {
			complain(p, "irq: at most %d lines", PRIV_IRQ_MAX);
			return;
		}
		for (i = 0; i < n; i++) {
			if (parse_range(w[i], 0, 255, &v) != 0) {
				complain(p, "irq: bad line '%.40s' (0..255)", w[i]);
				return;
			}
			c->sc_irq[i] = v;
		}
		c->sc_irq_count = n;
	} else if (strcmp(k, "mmio") == 0) {
		for (i = 0; i < n; i++) {
			if (strcmp(w[i], "all") == 0) {
				c->sc_mmio_bars = 0x3f;
			} else if (parse_range(w[i], 0, 5, &v) == 0) {
				c->sc_mmio_bars |= 1u << v;
			} else {
				complain(p, "mmio: expected BAR numbers 0..5 or all");
				return;
			}
		}
	} else if (strcmp(k, "dma") == 0) {
		if (parse_size(w[0], RS_DMA_MAX, &c->sc_dma_quota) != 0) {
			complain(p, "dma: bad size '%.40s' (at most 256M)", w[0]);
		}
	} else if (strcmp(k, "heartbeat") == 0) {
		if (strcmp(w[0], "off") == 0) {
			c->sc_heartbeat_ns = 0;
		} else if (parse_time(w[0], &v) != 0 || (v != 0 && v < 10 * RS_NS_PER_MS)) {
			complain(p, "heartbeat: bad period '%.40s' (off, or 10ms..3600s)", w[0]);
		} else {
			c->sc_heartbeat_ns = v;
		}
	} else if (strcmp(k, "max_retries") == 0) {
		if (strcmp(w[0], "unlimited") == 0) {
			c->sc_policy.max_retries = RS_RETRIES_UNLIMITED;
		} else if (parse_range(w[0], 0, 1000, &v) != 0) {
			complain(p, "max_retries: expected 0..1000 or unlimited, not '%.40s'",
			    w[0]);
		} else {
			c->sc_policy.max_retries = v;
		}
	} else if (strcmp(k, "retry_interval") == 0) {
		if (parse_time(w[0], &c->sc_policy.retry_ns) != 0) {
			complain(p,
			    "retry_interval: bad duration '%.40s' (0, or N ms or N s up "
			    "to 3600s)",
			    w[0]);
		}
	} else if (strcmp(k, "preserve_state") == 0) {
		if (strcmp(w[0], "no") == 0) {
			c->sc_preserve_state = 0;
		} else if (parse_size(w[0], RS_STATE_MAX, &v) != 0) {
			complain(p, "preserve_state: expected no or a size up to 64K, not '%.40s'",
			    w[0]);
		} else {
			c->sc_preserve_state = v;
		}
	} else if (strcmp(k, "notify_dependents") == 0) {
		if (strcmp(w[0], "no") == 0) {
			c->sc_policy.notify = RS_NOTIFY_NONE;
		} else if (strcmp(w[0], "tell") == 0 || strcmp(w[0], "yes") == 0) {
			c->sc_policy.notify = RS_NOTIFY_TELL;
		} else if (strcmp(w[0], "restart") == 0) {
			c->sc_policy.notify = RS_NOTIFY_RESTART;
		} else {
			complain(p, "notify_dependents: expected no, tell or restart");
		}
	} else if (strcmp(k, "auto_restart") == 0 || strcmp(k, "boot") == 0) {
		b = parse_bool(w[0]);
		if (b < 0) {
			complain(p, "%s: expected yes or no, not '%.40s'", k, w[0]);
		} else if (k[0] == 'a') {
			c->sc_policy.auto_restart = b;
		} else {
			c->sc_boot = b;
		}
	}
}

/* The keys: name, fewest and most value words. */
static const struct {
	const char *name;
	int min, max;
} keys[] = {
	{ "binary", 1, 1 },
	{ "args", 0, WORDS_MAX },
	{ "kind", 1, 1 },
	{ "boot", 1, 1 },
	{ "pci", 1, 2 },
	{ "ipc", 1, WORDS_MAX },
	{ "kcalls", 1, WORDS_MAX },
	{ "io", 1, WORDS_MAX },
	{ "irq", 1, WORDS_MAX },
	{ "mmio", 1, 6 },
	{ "dma", 1, 1 },
	{ "depends", 1, WORDS_MAX },
	{ "heartbeat", 1, 1 },
	{ "max_retries", 1, 1 },
	{ "retry_interval", 1, 1 },
	{ "auto_restart", 1, 1 },
	{ "preserve_state", 1, 1 },
	{ "notify_dependents", 1, 1 },
	{ "on_repeated_failure", 1, WORDS_MAX },
};

/* A `key value...` line inside a block. */
static void
do_key(struct parser *p, char **w, int n)
{
	unsigned i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, w[0]) == 0) {
			break;
		}
	}
	if (i == sizeof(keys) / sizeof(keys[0])) {
		complain(p, "unknown key '%.40s'", w[0]);
		return;
	}
	if (p->seen & (1u << i)) {
		complain(p, "%s given twice", keys[i].name);
		return;
	}
	p->seen |= 1u << i;
	if (n - 1 < keys[i].min || n - 1 > keys[i].max) {
		complain(p, "%s: wrong number of values", keys[i].name);
		return;
	}
	key_value(p, &p->cur, keys[i].name, w + 1, n - 1);
}

/* Rules that need the whole block. */
static void
check_block(struct parser *p, const struct rs_service_conf *c)
{
	uint32_t i;

	if (c->sc_binary[0] == '\0') {
		complain(p, "service '%s' has no binary", c->sc_name);
	} else if (c->sc_pci.pm_kind != RS_PCI_NONE && c->sc_kind != RS_KIND_DRIVER) {
		complain(p, "service '%s': a pci match needs kind driver", c->sc_name);
	} else if (c->sc_mmio_bars != 0 && c->sc_pci.pm_kind == RS_PCI_NONE) {
		complain(p, "service '%s': mmio names BARs but there is no pci match", c->sc_name);
	}
	for (i = 0; i < c->sc_dep_count; i++) {
		if (strcmp(c->sc_deps[i], c->sc_name) == 0) {
			complain(p, "service '%s' depends on itself", c->sc_name);
		}
	}
}

/* Opens a block from `service NAME {`. */
static void
begin_block(struct parser *p, char **w, int n)
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
		complain(p, "expected 'service NAME {'");
		return;
	}
	if (!valid_name(w[1])) {
		complain(p,
		    "bad service name '%.40s' (a letter, then letters, digits, - or _; "
		    "at most 23)",
		    w[1]);
		return;
	}
	copy_str(p->cur.sc_name, w[1], sizeof(p->cur.sc_name));
	for (i = 0; i < p->count; i++) {
		if (strcmp(p->out[i].sc_name, w[1]) == 0) {
			complain(p, "service '%s' already defined at line %u", w[1],
			    (unsigned)p->out[i].sc_line);
			return;
		}
	}
}

/* Closes the block: checks what needs the whole block, then stores it. */
static void
end_block(struct parser *p)
{
	struct rs_service_conf *c = &p->cur;
	char skip[RS_LINE_MAX];

	p->in_block = 0;
	if (!p->bad) {
		check_block(p, c);
	}
	if (!p->bad && p->count >= p->max) {
		complain(p, "too many services (at most %d)", p->max);
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
do_line(struct parser *p, char **w, int n)
{
	if (n == 0) {
		return;
	}
	if (strcmp(w[0], "service") == 0 && n >= 2 && strcmp(w[n - 1], "{") == 0) {
		if (p->in_block) {
			complain(p, "service '%s' (line %u) has no closing '}'", p->cur.sc_name,
			    (unsigned)p->cur.sc_line);
			end_block(p);
		}
		begin_block(p, w, n);
		return;
	}
	if (!p->in_block) {
		complain(p, "expected 'service NAME {' outside a block, not '%.40s'", w[0]);
		return;
	}
	if (strcmp(w[0], "}") == 0) {
		if (n != 1) {
			complain(p, "text after '}'");
		}
		end_block(p);
		return;
	}
	do_key(p, w, n);
}

/* Copies one line into buf, checks its characters, drops its comment and
 * splits it into words.  Returns the word count, or -1 after a complaint. */
static int
split_line(struct parser *p, const char *s, size_t len, char *buf, char **w)
{
	size_t i;
	int n = 0;

	if (len > RS_LINE_MAX) {
		complain(p, "line longer than %d bytes", RS_LINE_MAX);
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
			complain(p, "bad character 0x%02x", c);
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
		if (n == WORDS_MAX) {
			complain(p, "too many words on one line (at most %d)", WORDS_MAX);
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
	struct parser p = { .file = file, .report = report, .ctx = ctx, .out = out, .max = max };
	char line[RS_LINE_MAX + 1];
	char *w[WORDS_MAX];
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
		complain(&p, "service '%s' has no closing '}'", p.cur.sc_name);
		end_block(&p);
	}
	if (errors != NULL) {
		*errors = p.errors;
	}
	return p.count;
}

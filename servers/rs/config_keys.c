/*
 * services.conf keys (config_int.h): the key table, one branch per key
 * in conf_key_value(), and the checks that need a whole block.  Every
 * value is checked before it is stored; a bad one is reported and marks
 * the block bad.
 */
#include <stdio.h>
#include <string.h>
#include <xinim/kcall.h>
#include "config_int.h"

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
	[KC_PCI_INFO] = "pci_info",
	[KC_PCI_CONF] = "pci_conf",
	[KC_DEV_GRANT] = "dev_grant",
	[KC_IRQ_MSI] = "irq_msi",
	[KC_PROC_SHARE] = "proc_share",
	[KC_KLOG] = "klog",
	[KC_GRANT_INDIRECT] = "grant_indirect",
	[KC_SAFECOPY_V] = "safecopy_v",
	[KC_GRANT_PHYS] = "grant_phys",
	[KC_GRANT_UNPIN] = "grant_unpin",
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

/* Copies a name list (ipc, depends) into names[0..max). */
static void
put_names(struct conf_parser *p, const char *key, char **w, int n, char (*names)[RS_NAME_MAX],
    uint32_t *count, int max)
{
	int i;

	if (n > max) {
		conf_complain(p, "%s: at most %d names", key, max);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!conf_valid_name(w[i])) {
			conf_complain(p, "%s: bad service name '%.40s'", key, w[i]);
			return;
		}
		conf_copy_str(names[i], w[i], RS_NAME_MAX);
	}
	*count = n;
}

/* `pci VVVV:DDDD` or `pci class CC:SS[:PP]`, hexadecimal. */
static void
parse_pci(struct conf_parser *p, struct rs_pci_match *m, char **w, int n)
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
		    conf_parse_range(hex, 0, cls ? 0xff : 0xffff, &v[i]) != 0) {
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
	conf_complain(p, "pci: expected VENDOR:DEVICE or class CLASS:SUBCLASS[:PROGIF] (hex)");
}

/* Handles the key line w[0..n) (n >= 1) of the current block. */
static void
key_value(struct conf_parser *p, struct rs_service_conf *c, const char *k, char **w, int n)
{
	uint64_t v, v2;
	int i, b;

	if (strcmp(k, "binary") == 0) {
		if (strlen(w[0]) >= sizeof(c->sc_binary)) {
			conf_complain(p, "binary: path longer than %d bytes", RS_PATH_MAX - 1);
			return;
		}
		conf_copy_str(c->sc_binary, w[0], sizeof(c->sc_binary));
	} else if (strcmp(k, "args") == 0 || strcmp(k, "on_repeated_failure") == 0) {
		char *dst = k[0] == 'a' ? c->sc_args : c->sc_run_cmd;

		if (k[0] == 'o') {
			static const char *const esc[] = { "mark-failed", "restart-dependents",
				"reboot", "run" };

			for (i = 0; i < 4 && strcmp(w[0], esc[i]) != 0; i++) {
			}
			if (i == 4 || (i == RS_ESC_RUN) != (n > 1)) {
				conf_complain(p,
				    "on_repeated_failure: expected mark-failed, "
				    "restart-dependents, reboot or run COMMAND");
				return;
			}
			c->sc_policy.escalation = i;
			w++;
			n--;
		}
		if (conf_join_words(dst, w, n) != 0) {
			conf_complain(p, "%s: longer than %d bytes", k, RS_ARGS_MAX - 1);
		}
	} else if (strcmp(k, "kind") == 0) {
		if (strcmp(w[0], "driver") == 0) {
			c->sc_kind = RS_KIND_DRIVER;
		} else if (strcmp(w[0], "server") == 0) {
			c->sc_kind = RS_KIND_SERVER;
		} else {
			conf_complain(p, "kind: expected driver or server, not '%.40s'", w[0]);
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
				conf_complain(p, "kcalls: unknown kernel call '%.40s'", w[i]);
				return;
			}
			c->sc_kcalls |= 1ull << b;
		}
	} else if (strcmp(k, "io") == 0) {
		if (n > PRIV_IO_MAX) {
			conf_complain(p, "io: at most %d ranges", PRIV_IO_MAX);
			return;
		}
		for (i = 0; i < n; i++) {
			char *dash = strchr(w[i], '-');

			if (dash != NULL) {
				*dash = '\0';
			}
			if (conf_parse_range(w[i], 0, 0xffff, &v) != 0 ||
			    (dash != NULL && conf_parse_range(dash + 1, v, 0xffff, &v2) != 0)) {
				conf_complain(p, "io: expected PORT or FIRST-LAST (0..0xffff)");
				return;
			}
			c->sc_io[i].pio_base = v;
			c->sc_io[i].pio_count = dash != NULL ? v2 - v + 1 : 1;
		}
		c->sc_io_count = n;
	} else if (strcmp(k, "irq") == 0) {
		if (n > PRIV_IRQ_MAX) {
			conf_complain(p, "irq: at most %d lines", PRIV_IRQ_MAX);
			return;
		}
		for (i = 0; i < n; i++) {
			if (conf_parse_range(w[i], 0, 255, &v) != 0) {
				conf_complain(p, "irq: bad line '%.40s' (0..255)", w[i]);
				return;
			}
			c->sc_irq[i] = v;
		}
		c->sc_irq_count = n;
	} else if (strcmp(k, "mmio") == 0) {
		for (i = 0; i < n; i++) {
			if (strcmp(w[i], "all") == 0) {
				c->sc_mmio_bars = 0x3f;
			} else if (conf_parse_range(w[i], 0, 5, &v) == 0) {
				c->sc_mmio_bars |= 1u << v;
			} else {
				conf_complain(p, "mmio: expected BAR numbers 0..5 or all");
				return;
			}
		}
	} else if (strcmp(k, "dma") == 0) {
		if (conf_parse_size(w[0], RS_DMA_MAX, &c->sc_dma_quota) != 0) {
			conf_complain(p, "dma: bad size '%.40s' (at most 256M)", w[0]);
		}
	} else if (strcmp(k, "heartbeat") == 0) {
		if (strcmp(w[0], "off") == 0) {
			c->sc_heartbeat_ns = 0;
		} else if (conf_parse_time(w[0], &v) != 0 || (v != 0 && v < 10 * RS_NS_PER_MS)) {
			conf_complain(p, "heartbeat: bad period '%.40s' (off, or 10ms..3600s)",
			    w[0]);
		} else {
			c->sc_heartbeat_ns = v;
		}
	} else if (strcmp(k, "max_retries") == 0) {
		if (strcmp(w[0], "unlimited") == 0) {
			c->sc_policy.max_retries = RS_RETRIES_UNLIMITED;
		} else if (conf_parse_range(w[0], 0, 1000, &v) != 0) {
			conf_complain(p, "max_retries: expected 0..1000 or unlimited, not '%.40s'",
			    w[0]);
		} else {
			c->sc_policy.max_retries = v;
		}
	} else if (strcmp(k, "retry_interval") == 0) {
		if (conf_parse_time(w[0], &c->sc_policy.retry_ns) != 0) {
			conf_complain(p,
			    "retry_interval: bad duration '%.40s' (0, or N ms or N s up "
			    "to 3600s)",
			    w[0]);
		}
	} else if (strcmp(k, "preserve_state") == 0) {
		if (strcmp(w[0], "no") == 0) {
			c->sc_preserve_state = 0;
		} else if (conf_parse_size(w[0], RS_STATE_MAX, &v) != 0) {
			conf_complain(p,
			    "preserve_state: expected no or a size up to 64K, not '%.40s'", w[0]);
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
			conf_complain(p, "notify_dependents: expected no, tell or restart");
		}
	} else if (strcmp(k, "auto_restart") == 0 || strcmp(k, "boot") == 0) {
		b = conf_parse_bool(w[0]);
		if (b < 0) {
			conf_complain(p, "%s: expected yes or no, not '%.40s'", k, w[0]);
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
	{ "args", 0, CONF_WORDS_MAX },
	{ "kind", 1, 1 },
	{ "boot", 1, 1 },
	{ "pci", 1, 2 },
	{ "ipc", 1, CONF_WORDS_MAX },
	{ "kcalls", 1, CONF_WORDS_MAX },
	{ "io", 1, CONF_WORDS_MAX },
	{ "irq", 1, CONF_WORDS_MAX },
	{ "mmio", 1, 6 },
	{ "dma", 1, 1 },
	{ "depends", 1, CONF_WORDS_MAX },
	{ "heartbeat", 1, 1 },
	{ "max_retries", 1, 1 },
	{ "retry_interval", 1, 1 },
	{ "auto_restart", 1, 1 },
	{ "preserve_state", 1, 1 },
	{ "notify_dependents", 1, 1 },
	{ "on_repeated_failure", 1, CONF_WORDS_MAX },
};

/* A `key value...` line inside a block. */
void
conf_key(struct conf_parser *p, char **w, int n)
{
	unsigned i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, w[0]) == 0) {
			break;
		}
	}
	if (i == sizeof(keys) / sizeof(keys[0])) {
		conf_complain(p, "unknown key '%.40s'", w[0]);
		return;
	}
	if (p->seen & (1u << i)) {
		conf_complain(p, "%s given twice", keys[i].name);
		return;
	}
	p->seen |= 1u << i;
	if (n - 1 < keys[i].min || n - 1 > keys[i].max) {
		conf_complain(p, "%s: wrong number of values", keys[i].name);
		return;
	}
	key_value(p, &p->cur, keys[i].name, w + 1, n - 1);
}

/* Rules that need the whole block. */
void
conf_check_block(struct conf_parser *p, const struct rs_service_conf *c)
{
	uint32_t i;

	if (c->sc_binary[0] == '\0') {
		conf_complain(p, "service '%s' has no binary", c->sc_name);
	} else if (c->sc_pci.pm_kind != RS_PCI_NONE && c->sc_kind != RS_KIND_DRIVER) {
		conf_complain(p, "service '%s': a pci match needs kind driver", c->sc_name);
	} else if (c->sc_mmio_bars != 0 && c->sc_pci.pm_kind == RS_PCI_NONE) {
		conf_complain(p, "service '%s': mmio names BARs but there is no pci match",
		    c->sc_name);
	}
	for (i = 0; i < c->sc_dep_count; i++) {
		if (strcmp(c->sc_deps[i], c->sc_name) == 0) {
			conf_complain(p, "service '%s' depends on itself", c->sc_name);
		}
	}
}

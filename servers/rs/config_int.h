/*
 * services.conf parser internals, shared by config.c (lines and blocks),
 * config_keys.c (the keys) and config_value.c (values).  Not for the
 * rest of rs: use config.h.
 */
#pragma once
#include <stdint.h>
#include "config.h"

#define CONF_WORDS_MAX 40

struct conf_parser {
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

/* Reports "FILE:LINE: message" at p's current line and marks the block
 * being read bad. */
void conf_complain(struct conf_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Handles one `key value...` line (w[0] the key, n >= 1 words) of the
 * block being read. */
void conf_key(struct conf_parser *p, char **w, int n);

/* Checks the rules that need the whole block c, reporting what breaks. */
void conf_check_block(struct conf_parser *p, const struct rs_service_conf *c);

/* Values: each returns 0 (or 1 for a true yes/no) on success, -1 when the
 * whole word s is not one. */

/* A service name: a letter, then letters, digits, '-' or '_'; 1..23
 * bytes.  Returns 1 when s is one, else 0. */
int conf_valid_name(const char *s);
/* A number (decimal or 0x hex) in [lo, hi]. */
int conf_parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *v);
/* A duration: 0, or a number with ms or s, at most RS_TIME_MAX. */
int conf_parse_time(const char *s, uint64_t *ns);
/* A byte count with an optional K or M suffix, at most max. */
int conf_parse_size(const char *s, uint64_t max, uint64_t *v);
/* yes (1) or no (0). */
int conf_parse_bool(const char *s);
/* Joins w[0..n) with single spaces into dst (RS_ARGS_MAX bytes); -1 when
 * too long, leaving dst empty. */
int conf_join_words(char *dst, char **w, int n);
/* strlcpy for a src known to fit (the host C library may lack strlcpy). */
void conf_copy_str(char *dst, const char *src, size_t size);

/*
 * Kernel messages.  kprintf() prints unconditionally (banners, the boot
 * markers tests wait for); klog() prints when its level is at or below the
 * console level set by `loglevel=` on the command line.  Every message is
 * also kept in a ring buffer (the future dmesg).  Safe from any context,
 * including exception handlers; lines from different CPUs never interleave.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kvlog(enum log_level level, const char *fmt, va_list ap);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Copies up to size bytes of the oldest retained messages; returns count. */
size_t log_read_ring(char *buf, size_t size);
/* Used by the fault reporter: drop any lock a crashed CPU held. */
void log_break_lock(void);

#define pr_err(...) klog(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...) klog(LOG_WARN, __VA_ARGS__)
#define pr_info(...) klog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

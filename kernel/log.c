/*
 * Kernel log: formats a message, keeps it in the ring buffer and writes it
 * to the console under one lock, so lines from different CPUs stay whole.
 */
#include <stdbool.h>
#include <kern/console.h>
#include <kern/log.h>
#include <kern/printf.h>
#include <kern/spinlock.h>

#define LOG_RING_SIZE 65536
#define LOG_LINE_MAX 512

static struct spinlock log_lock = SPINLOCK_INIT("log");
static enum log_level console_level = LOG_INFO;
static char ring[LOG_RING_SIZE];
static size_t ring_head; /* total bytes ever written */

static const char *const level_prefix[] = {
	[LOG_ERROR] = "error: ",
	[LOG_WARN] = "warning: ",
	[LOG_INFO] = "",
	[LOG_DEBUG] = "debug: ",
};

static void
ring_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ring[ring_head++ % LOG_RING_SIZE] = s[i];
	}
}

static void
emit(bool to_console, const char *prefix, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t plen = 0;

	while (prefix[plen] != '\0' && plen < sizeof(line) - 1) {
		line[plen] = prefix[plen];
		plen++;
	}
	int n = kvsnprintf(line + plen, sizeof(line) - plen, fmt, ap);
	size_t len = plen + (n < 0 ? 0 : (size_t)n);
	if (len >= sizeof(line)) {
		len = sizeof(line) - 1;
	}

	bool was = spin_lock_irqsave(&log_lock);
	ring_put(line, len);
	if (to_console) {
		console_write(line, len);
	}
	spin_unlock_irqrestore(&log_lock, was);
}

void
kvlog(enum log_level level, const char *fmt, va_list ap)
{
	if (level > LOG_DEBUG) {
		level = LOG_DEBUG;
	}
	emit(level <= console_level, level_prefix[level], fmt, ap);
}

void
klog(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvlog(level, fmt, ap);
	va_end(ap);
}

void
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(true, "", fmt, ap);
	va_end(ap);
}

void
log_set_level(enum log_level level)
{
	console_level = level;
}

enum log_level
log_get_level(void)
{
	return console_level;
}

size_t
log_read_ring(char *buf, size_t size)
{
	bool was = spin_lock_irqsave(&log_lock);
	size_t avail = ring_head < LOG_RING_SIZE ? ring_head : LOG_RING_SIZE;
	size_t n = avail < size ? avail : size;
	size_t start = ring_head - avail;

	for (size_t i = 0; i < n; i++) {
		buf[i] = ring[(start + i) % LOG_RING_SIZE];
	}
	spin_unlock_irqrestore(&log_lock, was);
	return n;
}

void
log_break_lock(void)
{
	spin_unlock(&log_lock);
}

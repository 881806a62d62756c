/*
 * kvsnprintf: a small, complete-enough printf formatter.  It writes through
 * a bounded cursor so that truncation never overruns, and counts what the
 * untruncated output would have been.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/printf.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void
out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void
out_pad(struct out *o, char c, int n)
{
	while (n-- > 0) {
		out_char(o, c);
	}
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec;   /* -1: none */
	int length; /* 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z', 't' */
};

/* Widths and precisions beyond this are cut to it: no overflow, no
 * endless padding loop on an absurd format. */
#define FIELD_MAX 0xffff

/*
 * Prints a magnitude with its sign or prefix, precision and padding.  sign
 * is '-', '+', ' ' or 0: only signed conversions have one, as in C.
 */
static void
out_number(struct out *o, const struct spec *sp, uint64_t v, char sign, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	char prefix[2];

	if (v == 0 && sp->prec == 0) {
		n = 0;
	} else {
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v != 0);
	}
	int zeros = sp->prec > n ? sp->prec - n : 0;
	int plen = 0;
	if (sign != 0) {
		prefix[plen++] = sign;
	} else if (sp->alt && base == 16 && n > 0 && !(n == 1 && tmp[0] == '0')) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && zeros == 0 && (n == 0 || tmp[n - 1] != '0')) {
		/* '#' makes the first digit a 0, unless the precision did. */
		prefix[plen++] = '0';
	}
	int total = plen + zeros + n;
	int pad = sp->width > total ? sp->width - total : 0;

	if (!sp->left && !(sp->zero && sp->prec < 0)) {
		out_pad(o, ' ', pad);
	}
	for (int i = 0; i < plen; i++) {
		out_char(o, prefix[i]);
	}
	if (!sp->left && sp->zero && sp->prec < 0) {
		out_pad(o, '0', pad);
	}
	out_pad(o, '0', zeros);
	while (n > 0) {
		out_char(o, tmp[--n]);
	}
	if (sp->left) {
		out_pad(o, ' ', pad);
	}
}

static void
out_string(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (s == NULL) {
		s = "(null)";
	}
	while (s[n] != '\0' && (sp->prec < 0 || n < sp->prec)) {
		n++;
	}
	int pad = sp->width > n ? sp->width - n : 0;
	if (!sp->left) {
		out_pad(o, ' ', pad);
	}
	for (int i = 0; i < n; i++) {
		out_char(o, s[i]);
	}
	if (sp->left) {
		out_pad(o, ' ', pad);
	}
}

static int64_t
arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
		return va_arg(*ap, long);
	case 'L':
		return va_arg(*ap, long long);
	case 'z':
	case 't':
		return va_arg(*ap, long);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t
arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'z':
	case 't':
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Reads a decimal width or precision (none is 0), at most FIELD_MAX. */
static const char *
parse_field(const char *f, int *out)
{
	int v = 0;

	while (*f >= '0' && *f <= '9') {
		v = v * 10 + (*f++ - '0');
		if (v > FIELD_MAX) {
			v = FIELD_MAX;
		}
	}
	*out = v;
	return f;
}

/* Reads flags, width, precision and length; returns the conversion char. */
static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') {
			sp->left = true;
		} else if (*f == '0') {
			sp->zero = true;
		} else if (*f == '+') {
			sp->plus = true;
		} else if (*f == ' ') {
			sp->space = true;
		} else if (*f == '#') {
			sp->alt = true;
		} else {
			break;
		}
	}
	if (*f == '*') {
		int w = va_arg(*ap, int);
		if (w < 0) {
			sp->left = true;
			sp->width = w < -FIELD_MAX ? FIELD_MAX : -w;
		} else {
			sp->width = w > FIELD_MAX ? FIELD_MAX : w;
		}
		f++;
	} else {
		f = parse_field(f, &sp->width);
	}
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*ap, int);
			sp->prec = p < 0 ? -1 : (p > FIELD_MAX ? FIELD_MAX : p);
			f++;
		} else {
			f = parse_field(f, &sp->prec);
		}
	}
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = 'H';
		f += 2;
	} else if (f[0] == 'l' && f[1] == 'l') {
		sp->length = 'L';
		f += 2;
	} else if (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't') {
		sp->length = *f++;
	}
	return f;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		struct spec sp;
		f = parse_spec(f + 1, &sp, &args);
		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = arg_signed(&sp, &args);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			char sign = v < 0 ? '-' : sp.plus ? '+' : sp.space ? ' ' : 0;
			out_number(&o, &sp, mag, sign, 10, false);
			break;
		}
		case 'u':
			out_number(&o, &sp, arg_unsigned(&sp, &args), 0, 10, false);
			break;
		case 'x':
		case 'X':
			out_number(&o, &sp, arg_unsigned(&sp, &args), 0, 16, *f == 'X');
			break;
		case 'o':
			out_number(&o, &sp, arg_unsigned(&sp, &args), 0, 8, false);
			break;
		case 'p': {
			/* Always "0x" and 16 digits; the width pads the whole. */
			struct spec ps = { .prec = 16 };
			int pad = sp.width > 18 ? sp.width - 18 : 0;
			if (!sp.left) {
				out_pad(&o, ' ', pad);
			}
			out_char(&o, '0');
			out_char(&o, 'x');
			out_number(&o, &ps, (uint64_t)(uintptr_t)va_arg(args, void *), 0, 16,
			    false);
			if (sp.left) {
				out_pad(&o, ' ', pad);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(args, int);
			int pad = sp.width > 1 ? sp.width - 1 : 0;
			if (!sp.left) {
				out_pad(&o, ' ', pad);
			}
			out_char(&o, c);
			if (sp.left) {
				out_pad(&o, ' ', pad);
			}
			break;
		}
		case 's':
			out_string(&o, &sp, va_arg(args, const char *));
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print it and stop. */
			out_char(&o, '%');
			f--;
			break;
		default:
			/* Unknown conversion: print it verbatim so it is noticed. */
			out_char(&o, '%');
			out_char(&o, *f);
			break;
		}
	}
	va_end(args);
	if (size > 0) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return (int)o.len;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

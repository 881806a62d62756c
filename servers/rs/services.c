/*
 * Loading services.conf at boot: rs_services_load() finds the file in
 * the boot image (etc/services.conf, or the one `rsconf=` names on the
 * kernel command line), parses it (config.c), orders it (deps.c), checks
 * that every binary is in the boot image, and prints every problem as
 * "rs: FILE:LINE: message", and hands them to the live table (svc.c);
 * rs_services_start() starts them in that order.
 */
#include <libsys/bootimage.h>
#include <stdio.h>
#include <string.h>
#include "deps.h"
#include "rs.h"
#include "svc.h"

#define RS_CONF_DEFAULT "etc/services.conf"

static struct rs_service_conf services[RS_SERVICES_MAX];
static int service_order[RS_SERVICES_MAX];
static int service_count, ordered_count;

static void
print_report(void *ctx, const char *msg)
{
	printf("rs: %s\n", msg);
}

/* The value of `rsconf=` on the kernel command line, copied into path
 * (size bytes); words after `run=` belong to the program and are not
 * looked at.  Returns 0, or -1 when absent or too long (reported). */
static int
conf_from_cmdline(const char *line, char *path, size_t size)
{
	const char *s = line;

	for (;;) {
		size_t n;

		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s == '\0' || strncmp(s, "run=", 4) == 0) {
			return -1;
		}
		for (n = 0; s[n] != '\0' && s[n] != ' ' && s[n] != '\t'; n++) {
		}
		if (n > 7 && strncmp(s, "rsconf=", 7) == 0) {
			if (n - 7 >= size) {
				printf("rs: rsconf= value too long; using %s\n", RS_CONF_DEFAULT);
				return -1;
			}
			memcpy(path, s + 7, n - 7);
			path[n - 7] = '\0';
			return 0;
		}
		s += n;
	}
}

/* Reports services whose binary is not in the boot image. */
static void
check_binaries(const char *file)
{
	const void *data;
	size_t len;
	int i;

	for (i = 0; i < service_count; i++) {
		const struct rs_service_conf *c = &services[i];

		if (bootimage_find(c->sc_binary, &data, &len) != 0) {
			printf("rs: %s:%u: service '%s': binary '%s' is not in the boot image\n",
			    file, (unsigned)c->sc_line, c->sc_name, c->sc_binary);
		}
	}
}

void
rs_services_load(const struct bootimage_info *bi)
{
	char file[RS_PATH_MAX] = RS_CONF_DEFAULT;
	const void *data;
	size_t len;
	int errors;

	if (bi == NULL) {
		return;
	}
	if (conf_from_cmdline(bi->bi_kcmdline, file, sizeof(file)) == 0) {
		printf("rs: services from %s\n", file);
	}
	if (bootimage_find(file, &data, &len) != 0) {
		printf("rs: %s: not in the boot image; no services\n", file);
		return;
	}
	service_count = rs_config_parse(file, data, len, services, RS_SERVICES_MAX, print_report,
	    NULL, &errors);
	ordered_count =
	    rs_deps_order(services, service_count, service_order, file, print_report, NULL);
	check_binaries(file);
	printf("rs: %d services configured\n", service_count);
	rs_svc_init(services, service_count);
}

void
rs_services_start(void)
{
	rs_svc_boot(service_order, ordered_count);
}

/*
 * service: asks rs (include/xinim/proto/rs.h) about services and tells it
 * what to do with them.
 *
 *	service list
 *	service status NAME
 *	service start|stop|restart NAME
 *	service fault NAME crash|hang|wild-write|exit [--every MS --count N]
 *
 * With --every and --count rs injects the fault N times, MS ms apart, and
 * the command returns at once (after the first injection).  Bad arguments print the usage and exit with status 2; a refusal from rs
 * prints its reason and exits with status 1.
 */
#include <libsys/rs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "service.h"

static int
usage(void)
{
	printf("usage: service list\n"
	       "       service status NAME\n"
	       "       service start|stop|restart NAME\n"
	       "       service fault NAME crash|hang|wild-write|exit [--every MS --count N]\n");
	return 2;
}

static int
failed(const char *what, const char *name, int err)
{
	printf("service: %s %s: %s\n", what, name, strerror(err));
	return 1;
}

/* One line of `service list`: RS_LIST's entry, with the restarts and
 * uptime from RS_STATUS ("-" where rs no longer answers for it). */
static void
list_line(const char *name, const struct message *m)
{
	struct rs_svc_status st;
	char eps[16], restarts[16] = "-", up[24] = "-";
	int ep = (int)(m->m_arg[4] >> 32);

	snprintf(eps, sizeof(eps), ep >= 0 ? "%d" : "-", ep);
	if (rs_status(name, &st) == 0) {
		snprintf(restarts, sizeof(restarts), "%u", st.starts > 0 ? st.starts - 1 : 0);
		if (st.uptime > 0) {
			snprintf(up, sizeof(up), "%lu.%lus",
			    (unsigned long)(st.uptime / 1000000000),
			    (unsigned long)(st.uptime / 100000000 % 10));
		}
	}
	printf("%-23s %-10s %6s %8s  %-10s %s\n", name,
	    service_state_name(m->m_arg[4] & 0xffffffff), eps, restarts,
	    service_cause_name(m->m_arg[5] >> 32), up);
}

static int
cmd_list(void)
{
	struct message m;
	uint64_t i = 0;

	printf("%-23s %-10s %6s %8s  %-10s %s\n", "NAME", "STATE", "EP", "RESTARTS", "LAST CAUSE",
	    "UPTIME");
	do {
		char name[RS_NAME_LEN + 1];
		int err;

		memset(&m, 0, sizeof(m));
		m.m_type = RS_LIST;
		m.m_arg[0] = i;
		err = rs_call(&m);
		if (err == -ENOENT && i == 0) {
			printf("(no services)\n");
			return 0;
		}
		if (err != 0) {
			return failed("list", "", err);
		}
		if (rs_name_unpack(&m, 1, name) != 0) {
			strlcpy(name, "?", sizeof(name));
		}
		list_line(name, &m);
		i = m.m_arg[6];
	} while (i != 0);
	return 0;
}

static int
cmd_status(const char *name)
{
	struct message m;
	int err = rs_call_name(RS_STATUS, name, &m);

	if (err != 0) {
		return failed("status", name, err);
	}
	printf("%s: state %s ep %d\n", name,
	    service_state_name(m.m_arg[RS_ST_STATE_EP] & 0xffffffff),
	    (int)(m.m_arg[RS_ST_STATE_EP] >> 32));
	printf("%s: starts %u crashes %u last cause %s heartbeat misses %u\n", name,
	    (unsigned)(m.m_arg[RS_ST_COUNTS] & 0xffffffff), (unsigned)(m.m_arg[RS_ST_COUNTS] >> 32),
	    service_cause_name(m.m_arg[RS_ST_CAUSE_HB] & 0xffffffff),
	    (unsigned)(m.m_arg[RS_ST_CAUSE_HB] >> 32));
	printf("%s: last crash at %lu ms, restart latency %lu ms, uptime %lu ms\n", name,
	    (unsigned long)(m.m_arg[RS_ST_LAST_CRASH] / 1000000),
	    (unsigned long)(m.m_arg[RS_ST_LATENCY] / 1000000),
	    (unsigned long)(m.m_arg[RS_ST_UPTIME] / 1000000));
	return 0;
}

static int
cmd_simple(const char *verb, unsigned type, const char *name)
{
	struct message m;
	int err = rs_call_name(type, name, &m);

	if (err != 0) {
		return failed(verb, name, err);
	}
	if (type == RS_STOP) {
		printf("service: %s stopped\n", name);
	} else {
		printf("service: %s %sed (ep %d)\n", name, verb, (int)(int64_t)m.m_arg[1]);
	}
	return 0;
}

/* A whole decimal number in [1, max] into *out; false otherwise. */
static bool
parse_num(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (max - (unsigned long)(*s - '0')) / 10) {
			return false;
		}
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return v >= 1;
}

/* service fault NAME KIND [--every MS --count N]: argv[0] is NAME. */
static int
cmd_fault(int argc, char **argv)
{
	static const char *const kinds[] = { [RS_FAULT_CRASH] = "crash",
		[RS_FAULT_HANG] = "hang",
		[RS_FAULT_WILD_WRITE] = "wild-write",
		[RS_FAULT_EXIT] = "exit" };
	const char *name = argv[0], *kind = argv[1];
	unsigned long every = 0, count = 1;
	bool have_every = false, have_count = false;
	struct message m;
	unsigned k;
	int err;

	for (k = 1; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (kinds[k] != NULL && strcmp(kind, kinds[k]) == 0) {
			break;
		}
	}
	if (k == sizeof(kinds) / sizeof(kinds[0])) {
		return usage();
	}
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc) {
			return usage();
		}
		if (strcmp(argv[i], "--every") == 0 && !have_every &&
		    parse_num(argv[i + 1], RS_FAULT_EVERY_MAX_MS, &every)) {
			have_every = true;
		} else if (strcmp(argv[i], "--count") == 0 && !have_count &&
		    parse_num(argv[i + 1], RS_FAULT_COUNT_MAX, &count)) {
			have_count = true;
		} else {
			return usage();
		}
	}
	/* Both or neither: a count with no period (or the reverse) is a
	 * mistake, not a default. */
	if (have_every != have_count) {
		return usage();
	}
	memset(&m, 0, sizeof(m));
	m.m_type = RS_FAULT;
	if (rs_name_pack(&m, 0, name) != 0) {
		return usage();
	}
	m.m_arg[3] = k;
	m.m_arg[4] = every;
	m.m_arg[5] = count;
	err = rs_call(&m);
	if (err != 0) {
		return failed("fault", name, err);
	}
	if (count > 1) {
		printf("service: %s: %s injected, %lu more every %lu ms\n", name, kind, count - 1,
		    every);
	} else {
		printf("service: %s: %s injected\n", name, kind);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		return cmd_list();
	}
	if (argc == 3 && strcmp(argv[1], "status") == 0) {
		return cmd_status(argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "start") == 0) {
		return cmd_simple("start", RS_START, argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "stop") == 0) {
		return cmd_simple("stop", RS_STOP, argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "restart") == 0) {
		return cmd_simple("restart", RS_RESTART, argv[2]);
	}
	if (argc >= 4 && strcmp(argv[1], "fault") == 0) {
		return cmd_fault(argc - 2, argv + 2);
	}
	return usage();
}

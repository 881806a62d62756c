/*
 * services.conf (docs/services-conf.md): the parser.  rs_config_parse()
 * turns the bytes of one file into service descriptions, with no I/O of
 * its own.  A bad line is reported as "FILE:LINE: message" through a
 * callback and its service is skipped; the others still parse.  The
 * parser never reads past the buffer and accepts any bytes.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/priv.h>
#include <xinim/proto/rs.h>
#include "policy.h"

#define RS_NAME_MAX 24     /* a service name, with its NUL (23 characters) */
#define RS_PATH_MAX 64     /* binary */
#define RS_ARGS_MAX 128    /* arguments, and the `run` escalation command */
#define RS_DEPS_MAX 8      /* dependencies per service */
#define RS_LINE_MAX 256    /* longest line, newline excluded */
#define RS_SERVICES_MAX 32 /* services in one file */
#define RS_STATE_MAX 65536 /* preserve_state bound, bytes */
#define RS_DMA_MAX (256ull << 20)
#define RS_TIME_MAX (3600 * RS_NS_PER_S)

_Static_assert(RS_NAME_MAX == RS_NAME_LEN + 1, "a configured name fits the protocol");

enum rs_kind {
	RS_KIND_SERVER,
	RS_KIND_DRIVER,
};

/* PCI match (drivers only); RS_PCI_ID and RS_PCI_CLASS are in proto/rs.h. */
#define RS_PCI_NONE 0

struct rs_pci_match {
	uint8_t pm_kind; /* RS_PCI_* */
	uint8_t pm_has_progif;
	uint16_t pm_vendor, pm_device;
	uint8_t pm_class, pm_subclass, pm_progif;
};

struct rs_service_conf {
	char sc_name[RS_NAME_MAX];
	char sc_binary[RS_PATH_MAX];
	char sc_args[RS_ARGS_MAX]; /* words separated by one space */
	enum rs_kind sc_kind;
	int sc_boot; /* started at boot (default 1) */
	struct rs_pci_match sc_pci;
	/* Privileges: IPC targets by service name, kcall bits, ranges. */
	uint32_t sc_ipc_count;
	char sc_ipc[PRIV_IPC_MAX][RS_NAME_MAX];
	uint64_t sc_kcalls; /* 1 << KC_* */
	uint32_t sc_io_count;
	struct priv_io_range sc_io[PRIV_IO_MAX];
	uint32_t sc_irq_count;
	uint8_t sc_irq[PRIV_IRQ_MAX];
	uint8_t sc_mmio_bars; /* bit n: BAR n of the matched device */
	uint64_t sc_dma_quota;
	uint32_t sc_dep_count;
	char sc_deps[RS_DEPS_MAX][RS_NAME_MAX];
	uint64_t sc_heartbeat_ns;   /* 0: no heartbeat */
	uint32_t sc_preserve_state; /* bytes; 0: off */
	struct rs_policy sc_policy;
	char sc_run_cmd[RS_ARGS_MAX]; /* escalation RS_ESC_RUN */
	uint32_t sc_line;             /* line of its `service` header */
};

/* Receives one complaint, "FILE:LINE: message", without a newline. */
typedef void (*rs_config_report_fn)(void *ctx, const char *msg);

/* Parses buf[0..len) (named file in messages) into out[0..max).  Returns
 * the number of good services stored; *errors (may be NULL) gets the
 * number of complaints.  report may be NULL. */
int rs_config_parse(const char *file, const char *buf, size_t len, struct rs_service_conf *out,
    int max, rs_config_report_fn report, void *ctx, int *errors);

/* The kernel call number named name ("irq_bind"), or -1. */
int rs_config_kcall(const char *name);

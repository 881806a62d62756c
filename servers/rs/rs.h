/*
 * rs, the first process: private declarations.
 */
#pragma once
#include <xinim/kcall.h>
#include <xinim/priv.h>

#define RS_ARGV_MAX 32

/* The privilege record of programs rs starts on its own (run=). */
void rs_program_priv(struct priv_desc *pd);

/* Adds the test devices to pd when program is one of the privilege tests
 * (devtest.c); leaves it alone otherwise. */
void rs_devtest_priv(const char *program, struct priv_desc *pd);

/* Reads, checks and orders services.conf (or the `rsconf=` file) from the
 * boot image, printing every problem; the services are not started yet. */
void rs_services_load(const struct bootimage_info *bi);
/* Starts the boot services in dependency order. */
void rs_services_start(void);

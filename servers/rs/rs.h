/*
 * rs, the first process: private declarations.
 */
#pragma once
#include <xinim/priv.h>

#define RS_ARGV_MAX 32

/* Runs the `run=` command line: spawns the program with an ordinary
 * privilege record, waits for it, reports how it ended and powers off
 * with its status.  Does not return. */
__attribute__((noreturn)) void rs_run(const char *cmdline);

/* The privilege record of programs rs starts on its own (run=). */
void rs_program_priv(struct priv_desc *pd);

/*
 * The boot-time self-test of memory management (`ktest=mm`).  Run it once
 * the heap is up and before other CPUs allocate: it briefly takes all
 * memory above 4 GiB.
 */
#pragma once

/* Prints `ktest mm: OK` and returns 0, or prints `ktest mm: FAILED: <why>`
 * and returns -1. */
int mm_selftest(void);

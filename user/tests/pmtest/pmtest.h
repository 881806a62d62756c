/*
 * pmtest: the in-OS test of pm and libc's process calls (main.c), and
 * the child roles it spawns (child.c).
 */
#pragma once

/* argv: pmtest -c ROLE ARGS...; the exit status. */
int pmtest_child(int argc, char **argv);

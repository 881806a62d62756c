/*
 * The compiler's integer limits, and XINIM's path and descriptor limits.
 */
#pragma once
#include_next <limits.h>
#include <xinim/fs.h>

#define PATH_MAX XPATH_MAX
#define NAME_MAX XNAME_MAX
#define OPEN_MAX XOPEN_MAX
#define SYMLOOP_MAX XSYMLOOP_MAX
#define PIPE_BUF 4096
#define ARG_MAX 65536

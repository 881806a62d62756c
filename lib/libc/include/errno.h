/*
 * Error codes: the kernel's (xinim/errno.h).  System calls return them
 * negated; there is no errno variable.
 */
#pragma once
#include <xinim/errno.h>

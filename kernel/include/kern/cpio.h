/*
 * The boot image's cpio reader; its interface is shared with user space.
 */
#pragma once
#include <xinim/cpio.h>

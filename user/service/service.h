/*
 * The service command's helpers.
 */
#pragma once
#include <stdint.h>

const char *service_state_name(uint64_t s);
const char *service_cause_name(uint64_t c);

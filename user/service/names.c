/*
 * Names of rs's states and causes for the service command (the order of
 * enum rs_state and enum rs_cause in servers/rs/policy.h).
 */
#include <stdint.h>
#include "service.h"

const char *
service_state_name(uint64_t s)
{
	static const char *const names[] = { "DEAD", "STARTING", "RUNNING", "STOPPING", "CRASHED",
		"RECOVERING", "FAILED" };

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *
service_cause_name(uint64_t c)
{
	static const char *const names[] = { "none", "crash", "hang", "exit", "killed", "spawn" };

	return c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/*
 * Start order of services: each after the services it depends on, and
 * otherwise in the order of the configuration file.  A service that
 * depends on a service not configured, that sits in a dependency cycle,
 * or that depends on such a service is reported and left out; the cycle
 * is reported once, naming its services in order.
 */
#pragma once
#include "config.h"

/* Fills order[0..n) with indices into svc[0..n) in start order; returns
 * how many it placed (the others are reported through report, as
 * "FILE:LINE: message", with file naming the configuration). */
int rs_deps_order(const struct rs_service_conf *svc, int n, int *order, const char *file,
    rs_config_report_fn report, void *ctx);

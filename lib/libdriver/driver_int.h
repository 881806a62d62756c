/*
 * libdriver's private declarations, shared by its files: main.c (the
 * loop and the requests), timer.c (heartbeats and the driver's timer on
 * the one alarm), state.c (checkpoint and restore), events.c (rs's
 * events) and fault.c (fault injection).
 */
#pragma once
#include <libdriver/driver.h>
#include <stdint.h>

/* The callbacks driver_main() was given. */
extern const struct driver_ops *drv_ops;

/* Starts heartbeats every period ns (0: none), keeping a timer init()
 * may have set, and arms the alarm.  Registering counts as the first
 * heartbeat. */
void drv_timer_start(uint64_t period);

/* A NOTIFY_ALARM came: sends a due heartbeat, runs a due timer, re-arms. */
void drv_timer_alarm(void);

/* Takes back what rs kept of ops->state.  True when state now holds
 * the previous instance's checkpoint. */
bool drv_state_restore(void);

/* rs notified us: takes and acts on every event it keeps for us. */
void drv_events(void);

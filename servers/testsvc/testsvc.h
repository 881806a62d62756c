/*
 * testsvc's requests (servers/testsvc/main.c), for the programs that test
 * rs and libdriver with it.  Each is answered with TESTSVC_REPLY: [0] the
 * counter, [1] how many dependency changes it was told of, [2] how many
 * times its timer fired; an unknown request gets -EINVAL in [0].
 */
#pragma once

#define TESTSVC_INC 0x0200 /* add one and checkpoint */
#define TESTSVC_GET 0x0201 /* read */
/* Checkpoint a grant of 8 other bytes claiming 64 (a lying size); the
 * reply's [0] is rs's answer (negative: refused). */
#define TESTSVC_LIE 0x0202
/* Arm libdriver's timer: [0] ns, [1] times (it re-arms itself from its
 * callback until it has fired that often). */
#define TESTSVC_TIMER 0x0203
/* Make rs request [0] (RS_STOP, RS_FAULT...) naming the service whose
 * name is in [1..3], with [4] as the request's [3] (a fault kind); the
 * reply's [0] is rs's answer.  For testing what rs lets a service do. */
#define TESTSVC_RS 0x0204
/* Sleep [0] ms inside the request (libsys's clock_sleep_ms, which
 * borrows the alarm libdriver's heartbeats run on), then reply. */
#define TESTSVC_SLEEP 0x0205
#define TESTSVC_REPLY 0x02ff

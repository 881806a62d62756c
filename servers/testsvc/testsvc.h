/*
 * testsvc's requests (servers/testsvc/main.c), for the programs that test
 * rs with it.  Both are answered with TESTSVC_REPLY: [0] the counter,
 * [1] how many RS_DEP_CHANGED messages it got.
 */
#pragma once

#define TESTSVC_INC 0x0200 /* add one and checkpoint */
#define TESTSVC_GET 0x0201 /* read */
/* Checkpoint a grant of 8 other bytes claiming 64 (a lying size); the
 * reply's [0] is rs's answer (negative: refused). */
#define TESTSVC_LIE 0x0202
#define TESTSVC_REPLY 0x02ff

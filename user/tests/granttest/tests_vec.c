/*
 * granttest: vectored safecopy (KC_SAFECOPY_V), by this process through
 * an agent's direct grants and through an indirect grant of our own
 * memory that an agent passed back to us.
 */
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <libsys/testrun.h>
#include <string.h>
#include <xinim/errno.h>
#include "granttest.h"
#include "gt.h"

#define EXPECT(what, r, want)                              \
	do {                                               \
		const char *e_ = gt_expect(what, r, want); \
		if (err == NULL) {                         \
			err = e_;                          \
		}                                          \
	} while (0)

static uint8_t x[128], y[128], z[128], w[128];

static struct safecopy_vec
entry(endpoint_t owner, uint32_t dir, int64_t id, uint64_t off, void *buf, uint64_t len)
{
	return (struct safecopy_vec){ owner, dir, id, off, (uint64_t)buf, len };
}

static bool
all(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != v) {
			return false;
		}
	}
	return true;
}

/* The first vector: a's pages both ways, our own window through b. */
static const char *
vec_ok(endpoint_t a, endpoint_t b, int64_t g1, int64_t g2, int64_t gi)
{
	struct safecopy_vec v[SAFECOPY_VEC_MAX];
	const char *err = NULL;

	memset(x, 0, sizeof(x));
	memset(y, 0x5c, sizeof(y));
	memset(z, 0, sizeof(z));
	memset(w, 0, sizeof(w));
	v[0] = entry(a, SAFECOPY_FROM, g1, 0, x, 100);
	v[1] = entry(a, SAFECOPY_TO, g2, 10, y, 50);
	v[2] = entry(a, SAFECOPY_FROM, g2, 0, z, 100);
	v[3] = entry(b, SAFECOPY_FROM, gi, 0, w, 64);
	v[4] = entry(b, SAFECOPY_TO, gi, 64, y, 8);
	EXPECT("five entries", kc_safecopy_vec(v, 5), 100 + 50 + 100 + 64 + 8);
	for (unsigned i = 0; i < 100 && err == NULL; i++) {
		uint8_t want = i >= 10 && i < 60 ? 0x5c : gt_pattern(GT_PAGE + i);

		if (x[i] != gt_pattern(i) || z[i] != want) {
			err = testrun_why("byte %u: x %#x z %#x", i, x[i], z[i]);
		}
	}
	if (err == NULL &&
	    (memcmp(w, gt_buf + GT_WIN_OFF, 64) != 0 || !all(gt_buf + GT_WIN_OFF + 64, 8, 0x5c) ||
	        gt_buf[GT_WIN_OFF + 72] != gt_pattern(GT_WIN_OFF + 72))) {
		err = "the entries through the indirect grant did not land in our window";
	}
	/* The most entries there may be. */
	for (unsigned i = 0; i < SAFECOPY_VEC_MAX; i++) {
		v[i] = entry(a, SAFECOPY_FROM, g1, i, x + i, 1);
	}
	EXPECT("SAFECOPY_VEC_MAX entries", kc_safecopy_vec(v, SAFECOPY_VEC_MAX), SAFECOPY_VEC_MAX);
	return err;
}

/* Entries run in order; the one that fails stops the rest. */
static const char *
vec_stops(endpoint_t a, int64_t g1)
{
	struct safecopy_vec v[4];
	const char *err = NULL;

	memset(x, 0, sizeof(x));
	memset(z, 0, sizeof(z));
	v[0] = entry(a, SAFECOPY_FROM, g1, 0, x, 16);
	v[1] = entry(a, SAFECOPY_FROM, g1, 5000, y, 16);
	v[2] = entry(a, SAFECOPY_FROM, g1, 0, z, 16);
	EXPECT("a window error midway", kc_safecopy_vec(v, 3), -ERANGE);
	if (err == NULL && (x[0] != gt_pattern(0) || x[15] != gt_pattern(15))) {
		err = "the entry before the bad one was not copied";
	}
	if (err == NULL && !all(z, 16, 0)) {
		err = "the entry after the bad one was copied";
	}
	v[1] = entry(a, SAFECOPY_TO, g1, 0, y, 16);
	EXPECT("writing a read grant midway", kc_safecopy_vec(v, 3), -EACCES);
	v[1] = entry(a, SAFECOPY_FROM, g1 + (1 << 8), 0, y, 16);
	EXPECT("a stale grant midway", kc_safecopy_vec(v, 3), -ENOENT);
	return err;
}

/* Malformed vectors fail whole, before any entry is copied. */
static const char *
vec_malformed(endpoint_t a, int64_t g1)
{
	struct safecopy_vec v[SAFECOPY_VEC_MAX + 1];
	const char *err = NULL;

	memset(x, 0, sizeof(x));
	for (unsigned i = 0; i <= SAFECOPY_VEC_MAX; i++) {
		v[i] = entry(a, SAFECOPY_FROM, g1, 0, x, 16);
	}
	v[1].sv_dir = 7;
	EXPECT("a bad direction", kc_safecopy_vec(v, 2), -EINVAL);
	v[1].sv_dir = SAFECOPY_FROM;
	v[1].sv_len = 0;
	EXPECT("a zero length", kc_safecopy_vec(v, 2), -EINVAL);
	v[1].sv_len = 16;
	v[1].sv_addr = 0xffff800000000000ULL;
	EXPECT("a kernel buffer", kc_safecopy_vec(v, 2), -EFAULT);
	v[1].sv_addr = (uint64_t)x;
	v[1].sv_len = 1ULL << 31;
	EXPECT("more than SAFECOPY_VEC_BYTES", kc_safecopy_vec(v, 2), -EINVAL);
	if (err == NULL && !all(x, sizeof(x), 0)) {
		err = "a malformed vector copied its first entry";
	}
	v[1].sv_len = 16;
	EXPECT("no entries", kc_safecopy_vec(v, 0), -EINVAL);
	EXPECT("too many entries", kc_safecopy_vec(v, SAFECOPY_VEC_MAX + 1), -EINVAL);
	EXPECT("an unreadable vector", kc_safecopy_vec((void *)0x1000, 2), -EFAULT);
	return err;
}

const char *
gt_test_vec(void)
{
	endpoint_t ag[2], a, b, me;
	const char *err = NULL;
	int64_t g1, g2, gp, gi;

	if (!gt_agents_start(ag, 2)) {
		return "cannot start the agents";
	}
	a = ag[0];
	b = ag[1];
	me = gt_self(a);
	gt_reset_buf();
	g1 = gt_ag(a, AG_GRANT, (uint64_t)me, 0, GT_PAGE, GRANT_READ, 0, 0, NULL);
	g2 = gt_ag(a, AG_GRANT, (uint64_t)me, GT_PAGE, GT_PAGE, GRANT_READ | GRANT_WRITE, 0, 0,
	    NULL);
	gp = kc_grant_create(b, gt_buf + GT_WIN_OFF, GT_WIN_LEN, GRANT_READ | GRANT_WRITE);
	gi = gp >= 0 ? gt_ag(b, AG_INDIRECT, (uint64_t)me, (uint64_t)me, (uint64_t)gp, 0, 128,
	                   GRANT_READ | GRANT_WRITE, NULL) :
	               -1;
	if (g1 < 0 || g2 < 0 || gp < 0 || gi < 0) {
		err = testrun_why("grants %ld %ld %ld %ld", (long)g1, (long)g2, (long)gp, (long)gi);
	}
	if (err == NULL) {
		err = vec_ok(a, b, g1, g2, gi);
	}
	if (err == NULL) {
		err = vec_stops(a, g1);
	}
	if (err == NULL) {
		err = vec_malformed(a, g1);
	}
	kc_grant_revoke(gp);
	return gt_agents_stop(ag, 2, err);
}

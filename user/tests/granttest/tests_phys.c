/*
 * granttest: pins for DMA (KC_GRANT_PHYS, KC_GRANT_UNPIN).  This process
 * holds the privilege (rs adds it for granttest, servers/rs/devtest.c);
 * its agents do not.  Without a device to DMA with, the physical ranges
 * are checked for what can be seen from here: they cover exactly the
 * bytes asked for, keep the in-page offset, agree between pins of
 * overlapping windows (directly or through an indirect grant), and the
 * frames behind them stay allocated while pinned.
 */
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <libsys/testrun.h>
#include <stdio.h>
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

#define WIN_OFF 100
#define WIN_LEN (3 * GT_PAGE)

const char *
gt_test_phys_priv(void)
{
	endpoint_t c = gt_agent_start(), me;
	const char *err = NULL;
	int64_t g;

	if (c < 0) {
		return "cannot start the agent";
	}
	me = gt_self(c);
	g = kc_grant_create(c, gt_buf, GT_PAGE, GRANT_READ | GRANT_WRITE);
	EXPECT("a pin without the privilege",
	    gt_ag(c, AG_PHYS, (uint64_t)me, (uint64_t)g, 0, 100, 0, 0, NULL), -ECALLDENIED);
	EXPECT("an unpin without the privilege",
	    gt_ag(c, AG_UNPIN, (uint64_t)me, (uint64_t)g, 0, 100, 0, 0, NULL), -ECALLDENIED);
	kc_grant_revoke(g);
	return gt_agents_stop(&c, 1, err);
}

/* The physical address of byte k of a pinned window, from its segments. */
static uint64_t
phys_of(const struct phys_seg *s, int n, uint64_t k)
{
	for (int i = 0; i < n; i++) {
		if (k < s[i].ps_len) {
			return s[i].ps_addr + k;
		}
		k -= s[i].ps_len;
	}
	return 0;
}

/* Segments that cover len bytes, merged where adjacent. */
static const char *
segs_sane(const struct phys_seg *s, int n, uint64_t len, uint64_t in_page)
{
	uint64_t sum = 0;

	if (n < 1) {
		return testrun_why("pin gave %d segments", n);
	}
	if ((s[0].ps_addr & (GT_PAGE - 1)) != in_page) {
		return testrun_why("first segment at %#lx, not at offset %#lx in its page",
		    (unsigned long)s[0].ps_addr, (unsigned long)in_page);
	}
	for (int i = 0; i < n; i++) {
		if (s[i].ps_addr == 0 || s[i].ps_len == 0) {
			return "an empty segment";
		}
		if (i > 0 && s[i - 1].ps_addr + s[i - 1].ps_len == s[i].ps_addr) {
			return "adjacent segments not merged";
		}
		sum += s[i].ps_len;
	}
	return sum == len ? NULL : testrun_why("segments add up to %lu, not %lu", sum, len);
}

/* Pins of the same bytes, another way, must give the same addresses. */
static const char *
pins_agree(const struct phys_seg *s, int n, uint64_t base, const struct phys_seg *t, int m,
    uint64_t len)
{
	for (uint64_t k = 0; k < len; k += 97) {
		if (phys_of(s, n, base + k) != phys_of(t, m, k)) {
			return testrun_why("byte %lu: %#lx and %#lx", base + k,
			    (unsigned long)phys_of(s, n, base + k),
			    (unsigned long)phys_of(t, m, k));
		}
	}
	return phys_of(s, n, base + len - 1) == phys_of(t, m, len - 1) ? NULL : "last bytes differ";
}

static const char *
phys_refusals(endpoint_t a, endpoint_t me, int64_t g, struct phys_seg *s, int n)
{
	struct phys_seg t[8];
	struct dma_buf d;
	const char *err = NULL;
	int64_t gd;
	unsigned pins = 0;

	EXPECT("zero length", kc_grant_phys(a, g, 0, 0, t, 8), -EINVAL);
	EXPECT("over GRANT_PIN_MAX", kc_grant_phys(a, g, 0, GRANT_PIN_MAX + 1, t, 8), -EINVAL);
	EXPECT("past the window", kc_grant_phys(a, g, 1, WIN_LEN, t, 8), -ERANGE);
	EXPECT("offset overflow", kc_grant_phys(a, g, UINT64_MAX, 2, t, 8), -ERANGE);
	EXPECT("no segments", kc_grant_phys(a, g, 0, 16, t, 0), -EINVAL);
	EXPECT("unwritable segments", kc_grant_phys(a, g, 0, 16, (void *)0x1000, 8), -EFAULT);
	EXPECT("a stale grant", kc_grant_phys(a, g + (1 << 8), 0, 16, t, 8), -ENOENT);
	if (n > 1) {
		EXPECT("too few segments", kc_grant_phys(a, g, 0, WIN_LEN, t, (size_t)n - 1),
		    -E2BIG);
	}
	EXPECT("unpin of no pin", kc_grant_unpin(a, g, 0, 17), -ENOENT);
	EXPECT("room for more segments than any pin needs", kc_grant_phys(a, g, 0, 16, t, SIZE_MAX),
	    1);
	EXPECT("its unpin", kc_grant_unpin(a, g, 0, 16), 0);
	/* A DMA buffer is not the owner's own memory: never pinned. */
	if (kc_dma_alloc(GT_PAGE, 0, 0, &d) == 0) {
		gd = kc_grant_create(me, (void *)d.db_vaddr, GT_PAGE, GRANT_READ | GRANT_WRITE);
		EXPECT("a DMA buffer", kc_grant_phys(me, gd, 0, 16, t, 8), -EFAULT);
		kc_grant_revoke(gd);
		kc_dma_free(d.db_vaddr);
	} else {
		err = err != NULL ? err : "no DMA buffer";
	}
	/* At most GRANT_PINS_MAX pins at once. */
	while (pins < GRANT_PINS_MAX && kc_grant_phys(a, g, pins, 1, t, 1) == 1) {
		pins++;
	}
	EXPECT("pins held", pins, GRANT_PINS_MAX - 3); /* the caller holds three already */
	EXPECT("one pin too many", kc_grant_phys(a, g, pins, 1, t, 1), -ENOSPC);
	for (unsigned i = 0; i < pins; i++) {
		EXPECT("unpin of one byte", kc_grant_unpin(a, g, i, 1), 0);
	}
	(void)s;
	return err;
}

const char *
gt_test_phys(void)
{
	endpoint_t ag[2], a, b, me;
	struct phys_seg s[8], t[8], u[8];
	const char *err = NULL;
	int64_t g, gb, gi;
	int n, m, k;

	if (!gt_agents_start(ag, 2)) {
		return "cannot start the agents";
	}
	a = ag[0];
	b = ag[1];
	me = gt_self(a);
	g = gt_ag(a, AG_GRANT, (uint64_t)me, WIN_OFF, WIN_LEN, GRANT_WRITE, 0, 0, NULL);
	gb = gt_ag(a, AG_GRANT, (uint64_t)b, 0, GT_BUF, GRANT_READ, 0, 0, NULL);
	gi = gb >= 0 ? gt_ag(b, AG_INDIRECT, (uint64_t)me, (uint64_t)a, (uint64_t)gb, GT_PAGE,
	                   GT_PAGE, GRANT_READ, NULL) :
	               -1;
	if (g < 0 || gb < 0 || gi < 0) {
		err = testrun_why("grants %ld %ld %ld", (long)g, (long)gb, (long)gi);
		goto out;
	}
	n = kc_grant_phys(a, g, 0, WIN_LEN, s, 8);
	err = segs_sane(s, n, WIN_LEN, WIN_OFF);
	if (err != NULL) {
		goto out;
	}
	printf("granttest: %u bytes at offset %u pinned in %d segments, the first at %#lx\n",
	    (unsigned)WIN_LEN, (unsigned)WIN_OFF, n, (unsigned long)s[0].ps_addr);
	/* The same bytes again, partly: across a page boundary of a's. */
	m = kc_grant_phys(a, g, GT_PAGE - WIN_OFF - 50, 100, t, 8);
	err = segs_sane(t, m, 100, (GT_PAGE - 50) & (GT_PAGE - 1));
	if (err == NULL) {
		err = pins_agree(s, n, GT_PAGE - WIN_OFF - 50, t, m, 100);
	}
	/* And a's second page through b's indirect grant (read-only). */
	k = err == NULL ? kc_grant_phys(b, gi, 0, GT_PAGE, u, 8) : 0;
	if (err == NULL) {
		err = segs_sane(u, k, GT_PAGE, 0);
	}
	if (err == NULL) {
		err = pins_agree(s, n, GT_PAGE - WIN_OFF, u, k, GT_PAGE);
	}
	if (err == NULL) {
		err = phys_refusals(a, me, g, s, n);
	}
	EXPECT("unpin the window", kc_grant_unpin(a, g, 0, WIN_LEN), 0);
	EXPECT("unpin it twice", kc_grant_unpin(a, g, 0, WIN_LEN), -ENOENT);
	EXPECT("unpin the part", kc_grant_unpin(a, g, GT_PAGE - WIN_OFF - 50, 100), 0);
	EXPECT("unpin through b", kc_grant_unpin(b, gi, 0, GT_PAGE), 0);
out:
	return gt_agents_stop(ag, 2, err);
}

/* Two pinned pages of an agent outlive it, and are freed by the unpin. */
const char *
gt_test_phys_life(void)
{
	struct sysinfo dead, after;
	struct phys_seg s[4];
	endpoint_t a = gt_agent_start(), me;
	const char *err = NULL, *e;
	int64_t g;
	int n;

	if (a < 0) {
		return "cannot start the agent";
	}
	me = gt_self(a);
	g = gt_ag(a, AG_GRANT, (uint64_t)me, 0, 2 * GT_PAGE, GRANT_READ | GRANT_WRITE, 0, 0, NULL);
	n = kc_grant_phys(a, g, 0, 2 * GT_PAGE, s, 4);
	if (g < 0 || n < 1) {
		err = testrun_why("grant %ld, pin %d", (long)g, n);
		return gt_agents_stop(&a, 1, err);
	}
	e = gt_agent_stop(a, true);
	testrun_settled_memory(&dead);
	EXPECT("pin of a dead owner's grant", kc_grant_phys(a, g, 0, 16, s, 4), -EDEADSRCDST);
	EXPECT("unpin after the owner's death", kc_grant_unpin(a, g, 0, 2 * GT_PAGE), 0);
	testrun_settled_memory(&after);
	if (err == NULL && sysinfo_free_frames(&after) < sysinfo_free_frames(&dead) + 2) {
		err = testrun_why("free frames %lu with the pin, %lu after: the 2 pinned pages "
		                  "were not held",
		    sysinfo_free_frames(&dead), sysinfo_free_frames(&after));
	}
	return err != NULL ? err : e;
}

/*
 * HPET (IA-PC HPET specification 1.0a): general capabilities at 0x000
 * (period in fs in the high half, 64-bit counter flag in bit 13),
 * configuration at 0x010 (bit 0 enables the counter, bit 1 the legacy
 * replacement routing), main counter at 0x0F0.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/hpet.h>
#include <arch/io.h>
#include <arch/paging.h>
#include <kern/clockconv.h>
#include <kern/log.h>
#include <xinim/errno.h>

#define HPET_MMIO_SIZE 0x400
#define HPET_CAP 0x000
#define HPET_CONF 0x010
#define HPET_COUNTER 0x0F0

#define CAP_COUNT_64 (1ULL << 13) /* main counter is 64 bits wide */
#define CONF_ENABLE (1ULL << 0)   /* main counter runs */
#define CONF_LEGACY (1ULL << 1)   /* timers 0/1 replace the PIT and RTC IRQs */

/* The specification caps the period at 100 ns (a 10 MHz counter). */
#define HPET_MAX_PERIOD_FS 100000000U
#define FS_PER_S 1000000000000000ULL
#define FS_PER_NS 1000000ULL

static volatile uint8_t *hpet_regs;
static uint32_t hpet_period; /* fs per tick; 0 until hpet_init() */
static uint64_t hpet_mask;   /* counter width: 2^32-1 or 2^64-1 */
static struct clockconv hpet_to_ns;

/*
 * Only the counter is touched: the comparators stay as the firmware left
 * them (disabled at reset), since nothing routes their interrupts.
 */
int
hpet_init(uint64_t phys)
{
	volatile uint8_t *regs = vm_map_mmio(phys, HPET_MMIO_SIZE);
	uint64_t cap, conf;
	uint32_t period;

	if (regs == NULL) {
		pr_err("hpet: cannot map registers at %#lx\n", phys);
		return -ENOMEM;
	}
	cap = mmio_read64(regs + HPET_CAP);
	period = (uint32_t)(cap >> 32);
	if (period == 0 || period > HPET_MAX_PERIOD_FS) {
		pr_err("hpet: at %#lx: bad counter period %u fs, not used\n", phys, period);
		return -EINVAL;
	}
	/* ns = ticks * period / 10^6, exactly as a rate ratio; cannot fail
	 * for a period in range. */
	clockconv_init(&hpet_to_ns, FS_PER_NS, period);
	hpet_mask = (cap & CAP_COUNT_64) != 0 ? UINT64_MAX : UINT32_MAX;
	/* Stop the counter while changing the routing, then start it; its
	 * value is left as the firmware had it. */
	conf = mmio_read64(regs + HPET_CONF);
	conf &= ~(CONF_ENABLE | CONF_LEGACY);
	mmio_write64(regs + HPET_CONF, conf);
	mmio_write64(regs + HPET_CONF, conf | CONF_ENABLE);
	hpet_regs = regs;
	hpet_period = period;
	pr_info("hpet: at %#lx, %lu.%03lu MHz, %u-bit counter, %u timers\n", phys,
	    hpet_hz() / 1000000, hpet_hz() / 1000 % 1000, hpet_mask == UINT64_MAX ? 64 : 32,
	    (unsigned)((cap >> 8) & 0x1F) + 1);
	return 0;
}

bool
hpet_present(void)
{
	return hpet_period != 0;
}

/* A 32-bit counter is read with an access of its own width. */
uint64_t
hpet_read(void)
{
	if (hpet_mask == UINT32_MAX) {
		return mmio_read32(hpet_regs + HPET_COUNTER);
	}
	return mmio_read64(hpet_regs + HPET_COUNTER);
}

/* Modular subtraction at the counter's width gives the right answer
 * across one wrap. */
uint64_t
hpet_elapsed(uint64_t from, uint64_t to)
{
	return (to - from) & hpet_mask;
}

uint32_t
hpet_period_fs(void)
{
	return hpet_period;
}

uint64_t
hpet_hz(void)
{
	return hpet_period != 0 ? FS_PER_S / hpet_period : 0;
}

uint64_t
hpet_ticks_to_ns(uint64_t ticks)
{
	return clockconv_apply(&hpet_to_ns, ticks);
}

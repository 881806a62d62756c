/*
 * The checks of one network ring entry (libnetdriver/netdriver.h).  Pure:
 * the entry is the library's private copy.
 */
#include <libnetdriver/netdriver.h>
#include <xinim/errno.h>

static int
refuse(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

int
netdriver_check(const struct net_desc *d, bool tx, uint16_t mtu, const uint64_t *owned,
    const char **why)
{
	uint32_t end = (uint32_t)d->nd_off + d->nd_len;

	*why = NULL;
	if (d->nd_buf >= NET_BUFS) {
		return refuse(why, "a buffer index out of range", -ERANGE);
	}
	if ((owned[d->nd_buf / 64] >> (d->nd_buf % 64) & 1) != 0) {
		return refuse(why, "a buffer the driver holds already", -EBUSY);
	}
	if (!tx) {
		if (d->nd_len != 0 || d->nd_flags != 0) {
			return refuse(why, "an empty buffer with a length or flags", -EINVAL);
		}
		if (NET_BUF_SIZE < NET_FRAME_MAX || d->nd_off > NET_BUF_SIZE - NET_FRAME_MAX) {
			return refuse(why, "an empty buffer without room for a frame", -EINVAL);
		}
		return 0;
	}
	if (end > NET_BUF_SIZE) {
		return refuse(why, "a frame past the end of its buffer", -EINVAL);
	}
	if (d->nd_len < NET_ETH_MIN) {
		return refuse(why, "a frame shorter than an Ethernet header", -EINVAL);
	}
	if (d->nd_len > (uint32_t)mtu + NET_ETH_HLEN + 4) {
		return refuse(why, "a frame longer than the MTU allows", -EINVAL);
	}
	if ((d->nd_flags & ~(uint32_t)NET_DESC_TX_FLAGS) != 0) {
		return refuse(why, "flags a frame to send cannot have", -EINVAL);
	}
	if ((d->nd_flags & NET_DESC_CSUM) != 0 &&
	    ((uint32_t)d->nd_csum_start + d->nd_csum_off + 2 > d->nd_len ||
	        d->nd_csum_start < NET_ETH_HLEN)) {
		return refuse(why, "a checksum outside the frame", -EINVAL);
	}
	return 0;
}

/*
 * Feature negotiation (device.h), kept apart from the register sequence
 * so that it can be tested and reasoned about as a pure function.
 */
#include <stdint.h>
#include <libvirtio/device.h>
#include <libvirtio/virtio.h>
#include <xinim/errno.h>

int
virtio_features_negotiate(uint64_t device, uint64_t wanted, uint64_t required, uint64_t *accepted)
{
	uint64_t ask;

	required |= VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	ask = wanted | required;
	/* Accepting a ring format or descriptor kind the library cannot
	 * drive would make the device misread every queue. */
	if ((ask & VIRTIO_F_TRANSPORT_MASK & ~VIRTIO_F_LIB_SUPPORTED) != 0) {
		return -EINVAL;
	}
	if ((device & required) != required) {
		return -ENOTSUP;
	}
	*accepted = device & ask;
	return 0;
}

/*
 * Constants of the virtio 1.x specification that every part of libvirtio
 * and every virtio driver needs: the PCI capability types, the layout of
 * the common configuration structure, the device status bits and the
 * transport feature bits.  Only modern (1.x) devices are supported; the
 * legacy I/O-port interface is not.
 */
#pragma once

/* PCI identity: every virtio device has vendor 0x1af4; modern ids are
 * 0x1040 + device type, transitional ones 0x1000-0x103f. */
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_MODERN 0x1040
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_RNG 4

/* The vendor-specific PCI capability (id 0x09) and its cfg_type values. */
#define PCI_CAP_ID_VENDOR 0x09
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5

/* Byte offsets inside struct virtio_pci_cap (16 bytes; 20 for notify). */
#define VIRTIO_CAP_OFF_LEN 2
#define VIRTIO_CAP_OFF_TYPE 3
#define VIRTIO_CAP_OFF_BAR 4
#define VIRTIO_CAP_OFF_OFFSET 8
#define VIRTIO_CAP_OFF_LENGTH 12
#define VIRTIO_CAP_OFF_NOTIFY_MULT 16
#define VIRTIO_CAP_SIZE 16
#define VIRTIO_NOTIFY_CAP_SIZE 20

/* Register offsets inside the common configuration structure. */
#define VIRTIO_COMMON_DFSELECT 0x00 /* le32 device_feature_select */
#define VIRTIO_COMMON_DF 0x04       /* le32 device_feature (read-only) */
#define VIRTIO_COMMON_GFSELECT 0x08 /* le32 driver_feature_select */
#define VIRTIO_COMMON_GF 0x0c       /* le32 driver_feature */
#define VIRTIO_COMMON_MSIX 0x10     /* le16 config_msix_vector */
#define VIRTIO_COMMON_NUMQ 0x12     /* le16 num_queues (read-only) */
#define VIRTIO_COMMON_STATUS 0x14   /* u8 device_status */
#define VIRTIO_COMMON_CFGGEN 0x15   /* u8 config_generation (read-only) */
#define VIRTIO_COMMON_Q_SELECT 0x16 /* le16 queue_select */
#define VIRTIO_COMMON_Q_SIZE 0x18   /* le16 queue_size */
#define VIRTIO_COMMON_Q_MSIX 0x1a   /* le16 queue_msix_vector */
#define VIRTIO_COMMON_Q_ENABLE 0x1c /* le16 queue_enable */
#define VIRTIO_COMMON_Q_NOFF 0x1e   /* le16 queue_notify_off (read-only) */
#define VIRTIO_COMMON_Q_DESC 0x20   /* le64 queue_desc */
#define VIRTIO_COMMON_Q_AVAIL 0x28  /* le64 queue_driver */
#define VIRTIO_COMMON_Q_USED 0x30   /* le64 queue_device */
#define VIRTIO_COMMON_CFG_SIZE 0x38 /* the registers a 1.0 device must expose */

/* Written to a vector register: no MSI-X vector for this source. */
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* The ISR status byte (read clears it): bit 0 a queue, bit 1 the config. */
#define VIRTIO_ISR_QUEUE 0x1
#define VIRTIO_ISR_CONFIG 0x2

/* device_status bits, set by the driver in this order. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Transport feature bit numbers (device-type bits are below 24). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_F_IN_ORDER 35
#define VIRTIO_F_NOTIFICATION_DATA 38
#define VIRTIO_FEATURE(bit) (1ULL << (bit))

/* Split virtqueue: descriptor flags, ring flags, the largest queue. */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1
#define VIRTQ_SIZE_MAX 32768

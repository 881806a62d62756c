/*
 * NET_ATTACH, NET_DETACH and NET_CONF (libnetdriver/netdriver.h): the
 * table of the driver's interfaces, each one's DMA area, allocated at
 * attach and granted to net, and the dispatch of net's notifications.
 * NET_CONF's promiscuous and all-multicast modes are not passed to the
 * driver yet: it answers -ENOTSUP for them.
 */
#include <libnetdriver/netdriver.h>
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

struct nd_slot {
	bool ns_present;
	uint8_t ns_mac[6];
	uint16_t ns_mtu;
	void *ns_driver;
	struct netdriver_if ns_if;
};

static const struct netdriver_ops *nd_ops;
static struct nd_slot nd_ifs[NETDRIVER_MAX_IFS];

static void
nd_notify(endpoint_t to)
{
	ipc_notify(to);
}

void
netdriver_init(const struct netdriver_ops *ops)
{
	nd_ops = ops;
	memset(nd_ifs, 0, sizeof(nd_ifs));
}

int
netdriver_add_if(uint32_t index, const uint8_t mac[6], uint16_t mtu, void *driver)
{
	if (index >= NETDRIVER_MAX_IFS || mtu < 576 || mtu > NET_MTU_MAX) {
		return -EINVAL;
	}
	nd_ifs[index].ns_present = true;
	memcpy(nd_ifs[index].ns_mac, mac, 6);
	nd_ifs[index].ns_mtu = mtu;
	nd_ifs[index].ns_driver = driver;
	return 0;
}

static void
release(struct nd_slot *s)
{
	if (!s->ns_if.ni_used) {
		return;
	}
	kc_grant_revoke(s->ns_if.ni_grant);
	kc_dma_free((uint64_t)(uintptr_t)s->ns_if.ni_area);
	s->ns_if.ni_used = false;
}

static int
do_attach(endpoint_t peer, const struct msg_net_attach *a, struct msg_net_attached *out)
{
	struct nd_slot *s;
	struct dma_buf db;
	int64_t grant;
	int err;

	if (a->na_if >= NETDRIVER_MAX_IFS || !nd_ifs[a->na_if].ns_present) {
		return -ENXIO;
	}
	s = &nd_ifs[a->na_if];
	if (s->ns_if.ni_used) {
		if (s->ns_if.ni_peer == peer) {
			return -EBUSY;
		}
		/* A new instance of net: the old one's area goes. */
		release(s);
	}
	err = kc_dma_alloc(NET_SHARED_SIZE, 4096, 0, &db);
	if (err != 0) {
		return -ENOMEM;
	}
	grant = kc_grant_create(peer, (void *)(uintptr_t)db.db_vaddr, NET_SHARED_SIZE,
	    GRANT_READ | GRANT_WRITE | GRANT_MAP);
	if (grant < 0) {
		kc_dma_free(db.db_vaddr);
		return (int)grant;
	}
	netdriver_if_init(&s->ns_if, (struct net_shared *)(uintptr_t)db.db_vaddr, db.db_phys,
	    a->na_if, peer, s->ns_mac, s->ns_mtu, nd_ops, nd_notify);
	s->ns_if.ni_grant = grant;
	s->ns_if.ni_driver = s->ns_driver;
	out->nad_grant = grant;
	out->nad_size = NET_SHARED_SIZE;
	memcpy(out->nad_mac, s->ns_mac, 6);
	out->nad_mtu = s->ns_mtu;
	out->nad_link = s->ns_if.ni_area->ns_status.nst_link;
	out->nad_features = 0;
	return 0;
}

static struct nd_slot *
attached(endpoint_t peer, uint32_t index)
{
	if (index >= NETDRIVER_MAX_IFS || !nd_ifs[index].ns_if.ni_used ||
	    nd_ifs[index].ns_if.ni_peer != peer) {
		return NULL;
	}
	return &nd_ifs[index];
}

int
netdriver_request(const struct message *m, struct message *reply)
{
	struct nd_slot *s;

	memset(reply, 0, sizeof(*reply));
	reply->m_type = NET_REPLY;
	switch (m->m_type) {
	case NET_ATTACH: {
		struct msg_net_attached *out = MSG_PAYLOAD(reply, struct msg_net_attached);

		out->nad_result =
		    do_attach(m->m_source, MSG_PAYLOAD(m, const struct msg_net_attach), out);
		return 0;
	}
	case NET_DETACH:
		s = attached(m->m_source, MSG_PAYLOAD(m, const struct msg_net_if)->ni_if);
		if (s != NULL) {
			release(s);
		}
		MSG_PAYLOAD(reply, struct msg_net_result)->nr_result = s != NULL ? 0 : -ENXIO;
		return 0;
	case NET_CONF:
		s = attached(m->m_source, MSG_PAYLOAD(m, const struct msg_net_conf)->nc_if);
		MSG_PAYLOAD(reply, struct msg_net_result)->nr_result = s == NULL ? -ENXIO :
		    MSG_PAYLOAD(m, const struct msg_net_conf)->nc_flags != 0     ? -ENOTSUP :
		                                                                   0;
		return 0;
	default:
		return -ENOSYS;
	}
}

void
netdriver_notified(endpoint_t from)
{
	for (int i = 0; i < NETDRIVER_MAX_IFS; i++) {
		if (nd_ifs[i].ns_if.ni_used && nd_ifs[i].ns_if.ni_peer == from) {
			netdriver_drain(&nd_ifs[i].ns_if);
		}
	}
}

void
netdriver_commit_all(void)
{
	for (int i = 0; i < NETDRIVER_MAX_IFS; i++) {
		if (nd_ifs[i].ns_if.ni_used) {
			netdriver_commit(&nd_ifs[i].ns_if);
		}
	}
}

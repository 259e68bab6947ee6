/* A veth pair and the configuration of one end: the link's pieces, which both the plain link between the hosts
 * (hosts.c) and the wired one through the middle namespace (middle.c) are made of. Nothing but the link's two addresses
 * (labnet.h) is ever given to an interface here. */
#include "labnet.h"

#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/ioctl.h>

#define LINK_PREFIX 24
#define LINK_MTU 1500

/* A veth pair: NAME in this process's namespace, PEER in peer_ns's (the plain link: LINK_THERE here, in the server
 * host's, and LINK_HERE in the lab's). */
int make_veth(const char *name, const char *peer, int peer_ns) {
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    q.header.nlmsg_type = RTM_NEWLINK;
    q.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    unsigned mtu = LINK_MTU;
    attribute(&q, IFLA_IFNAME, name, strlen(name) + 1);
    attribute(&q, IFLA_MTU, &mtu, sizeof mtu);
    struct rtattr *info = attribute(&q, IFLA_LINKINFO, NULL, 0);
    attribute(&q, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = attribute(&q, IFLA_INFO_DATA, NULL, 0);
    struct rtattr *other = attribute(&q, VETH_INFO_PEER, NULL, 0);
    q.header.nlmsg_len += NLMSG_ALIGN(sizeof(struct ifinfomsg)); /* the peer's own (empty) ifinfomsg */
    attribute(&q, IFLA_IFNAME, peer, strlen(peer) + 1);
    attribute(&q, IFLA_MTU, &mtu, sizeof mtu);
    attribute(&q, IFLA_NET_NS_FD, &peer_ns, sizeof peer_ns);
    nest_end(&q, other);
    nest_end(&q, data);
    nest_end(&q, info);
    return netlink(&q);
}

int delete_veth(const char *name) {
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    q.header.nlmsg_type = RTM_DELLINK;
    attribute(&q, IFLA_IFNAME, name, strlen(name) + 1);
    return netlink(&q);
}

static int give_address(const char *name, uint32_t address) {
    unsigned index = if_nametoindex(name);
    if (index == 0) return -1;
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
    q.header.nlmsg_type = RTM_NEWADDR;
    q.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    struct ifaddrmsg *a = NLMSG_DATA(&q.header);
    a->ifa_family = AF_INET;
    a->ifa_prefixlen = LINK_PREFIX;
    a->ifa_index = index;
    uint32_t net = htonl(address);
    attribute(&q, IFA_LOCAL, &net, sizeof net);
    attribute(&q, IFA_ADDRESS, &net, sizeof net);
    return netlink(&q);
}

/* Segmentation (TSO, GSO) and receive (GRO) offloads off: each segment on the wire is one the capture shows. */
static int offloads_off(const char *name) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    unsigned commands[] = {ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO};
    int rc = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && rc == 0; i++) {
        struct ethtool_value value = {.cmd = commands[i], .data = 0};
        struct ifreq ifr;
        memset(&ifr, 0, sizeof ifr);
        strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
        ifr.ifr_data = (char *) &value;
        rc = ioctl(s, SIOCETHTOOL, &ifr);
    }
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

/* One end of the link, configured in the namespace this process is in. */
int configure_end(const char *name, uint32_t address, const char **step) {
    if ((*step = "offloads", offloads_off(name)) != 0) return -1;
    if ((*step = "address", give_address(name, address)) != 0) return -1;
    if ((*step = "up", interface_up(name)) != 0) return -1;
    return 0;
}

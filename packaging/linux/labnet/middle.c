/* The wire between the hosts (issue 55): a middle network namespace holding the two ends that face the hosts' own,
 * and SocketLab's wire program (packaging/linux/wire.c) forwarding frames between them at their due time. */
#include "labnet.h"

#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>

/* ---------------------------------------------------------------------------------------------------------------
 * host wire SETTINGS...: the second host joined to the lab's through a middle namespace,
 *     lab: link-a (10.77.0.1) <-veth-> wire-a [middle: the wire's two packet sockets] wire-b <-veth-> link-b (10.77.0.2)
 * The middle ends have no address and no IPv6, so nothing of the middle namespace's own goes on the link. The hosts'
 * ends have tx-checksum offload off as well (the wire copies frames: a checksum left to a NIC would arrive unfilled
 * and the receiver drop the packet) and a permanent neighbour entry for each other (the first connect costs one round
 * trip, not an ARP's as well; 10.77.0.3 still asks). The wire program runs in the middle namespace with no
 * capability, the seccomp filter, an empty environment, its two packet sockets as descriptors 3 (the client's side)
 * and 4 (the server's), the request's stdout for its fates, and its stdin the request's fourth descriptor when there
 * is one (the lab's live changes to the link), else /dev/null. Nothing of it outlives the host: the keeper kills it and
 * deletes the middle ends (with them the hosts' ends); were the keeper killed, the wire dies with it (parent-death
 * signal), the middle namespace with its last socket, and every veth end with the namespace.
 * SETTINGS: WIRE_SETTINGS numbers, checked here against the bounds the wire checks again (link-settings.h).
 */
#define MIDDLE_HERE "wire-a"  /* the middle end facing the lab's link-a */
#define MIDDLE_THERE "wire-b" /* the middle end facing the server host's link-b */
#define MIDDLE_BUFFER (8 << 20) /* a middle end's receive buffer, bytes */

/* A word of "host wire": the settings of each direction, then the seed, in link-settings.h's bounds. */
static int wire_setting(const char *word, int i) {
    if (i == 2 * LINK_WAY_COUNT) return number(word, 0, LINK_SEED_HIGH) < 0 ? -1 : 0;
    const struct link_limit *limit = &LINK_LIMITS[i % LINK_WAY_COUNT];
    return number(word, (long) limit->low, (long) limit->high) < 0 ? -1 : 0;
}

int wire_settings(const struct request *r, int first, const char **why) {
    if (r->count - first != WIRE_SETTINGS) return *why = "host wire: 17 settings (link-settings.h)", -1;
    for (int i = 0; i < WIRE_SETTINGS; i++)
        if (wire_setting(r->words[first + i], i) != 0)
            return *why = "host wire: a setting is out of its range (link-settings.h)", -1;
    return 0;
}

/* socketlab-wire beside this very program (target/native from source, lib/ of the app-image). */
static int wire_program(char *path, size_t size) {
    ssize_t n = readlink("/proc/self/exe", path, size - 1);
    if (n <= 0) return -1;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash || (size_t) (slash - path) + sizeof "/socketlab-wire" > size) return -1;
    strcpy(slash, "/socketlab-wire");
    return access(path, X_OK);
}

static int interface_ioctl(unsigned long request, struct ifreq *ifr) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    int rc = ioctl(s, request, ifr);
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

static int hardware_address(const char *name, unsigned char mac[6]) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (interface_ioctl(SIOCGIFHWADDR, &ifr) != 0) return -1;
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    return 0;
}

/* Checksums filled in by the sender's kernel, not left to a NIC the wire's copy never reaches. */
static int tx_checksum_off(const char *name) {
    struct ethtool_value value = {.cmd = ETHTOOL_STXCSUM, .data = 0};
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_data = (char *) &value;
    return interface_ioctl(SIOCETHTOOL, &ifr);
}

/* A permanent neighbour entry: `address` (host order) is at `mac` on `name`. */
static int permanent_neighbour(const char *name, uint32_t address, const unsigned char mac[6]) {
    unsigned index = if_nametoindex(name);
    if (index == 0) return -1;
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg));
    q.header.nlmsg_type = RTM_NEWNEIGH;
    q.header.nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    struct ndmsg *n = NLMSG_DATA(&q.header);
    n->ndm_family = AF_INET;
    n->ndm_ifindex = (int) index;
    n->ndm_state = NUD_PERMANENT;
    uint32_t net = htonl(address);
    attribute(&q, NDA_DST, &net, sizeof net);
    attribute(&q, NDA_LLADDR, mac, 6);
    return netlink(&q);
}

/* A host's end of the wired link, in the namespace this process is in: as the plain link's, checksums filled in. */
static int host_end(const char *name, uint32_t address, unsigned char mac[6], const char **step) {
    if ((*step = "tx checksum offload", tx_checksum_off(name)) != 0) return -1;
    if (configure_end(name, address, step) != 0) return -1;
    return (*step = "hardware address", hardware_address(name, mac));
}

/* A middle end: no IPv6, up, and a packet socket bound to it that does not see what it sends itself. */
static int middle_end(const char *name) {
    char path[96];
    snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
    if (access("/proc/sys/net/ipv6", F_OK) == 0 && write_file(path, "1") != 0) return -1;
    if (interface_up(name) != 0) return -1;
    int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0); /* protocol 0: no frame is queued before the bind */
    if (s < 0) return -1;
    int one = 1;
    struct sockaddr_ll at = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
                             .sll_ifindex = (int) if_nametoindex(name)};
    /* Room for a whole queue's frames (LIMIT_MAX of wire.c at ~2 KiB each) while the wire waits for the CPU on a busy
     * computer: the default (rmem_default, ~200 KiB, under 100 frames) lost datagrams nobody asked to lose at
     * 100 Mbit/s (issue 76). Past rmem_max only with CAP_NET_ADMIN in the host's user namespace (labnet run by root
     * outside a container); else as much as rmem_max allows, twice the default as shipped. */
    int room = MIDDLE_BUFFER;
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof room) != 0)
        (void) setsockopt(s, SOL_SOCKET, SO_RCVBUF, &room, sizeof room); /* capped at rmem_max, never refused */
    if (setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0
            || bind(s, (struct sockaddr *) &at, sizeof at) != 0) {
        int saved = errno;
        close(s);
        errno = saved;
        return -1;
    }
    return s;
}

/* The wire program, started in the namespace this process is in (the middle one) on the two sockets; its pid. */
static pid_t start_wire(const char *program, int here, int there, int out, int err, int orders,
        const struct request *r, int first) {
    pid_t parent = getpid(), child = fork();
    if (child != 0) return child;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    /* the sockets moved above 4 first: either may be 3 or 4 already, or stdout's or stderr's descriptor */
    int a = fcntl(here, F_DUPFD_CLOEXEC, 10), b = fcntl(there, F_DUPFD_CLOEXEC, 10);
    int in = orders >= 0 ? fcntl(orders, F_DUPFD_CLOEXEC, 10) : devnull; /* the lab's changes, else nothing */
    if (devnull < 0 || a < 0 || b < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0
            || dup2(a, 3) < 0 || dup2(b, 4) < 0)
        _exit(127);
    drop_all_capabilities();
    if (refuse_user_namespaces() != 0) _exit(127);
    syscall(SYS_close_range, 5, ~0u, 0);
    char *argv[WIRE_SETTINGS + 2];
    argv[0] = "socketlab: wire";
    for (int i = 0; i < WIRE_SETTINGS; i++) argv[i + 1] = r->words[first + i];
    argv[WIRE_SETTINGS + 1] = NULL;
    char *empty[] = {NULL};
    execve(program, argv, empty);
    _exit(127);
}

/* The wire ended and its middle end toward the lab deleted (the lab's link-a goes with it): the keeper's last acts,
 * before it deletes its own end (and wire-b with it). middle_rtnl is an rtnetlink socket of the middle namespace. */
void unmake_wired_link(pid_t wire, int middle_rtnl) {
    if (wire > 0) {
        kill(wire, SIGKILL);
        while (waitpid(wire, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    if (middle_rtnl >= 0) {
        struct netlink_request q;
        memset(&q, 0, sizeof q);
        q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
        q.header.nlmsg_type = RTM_DELLINK;
        attribute(&q, IFLA_IFNAME, MIDDLE_HERE, sizeof MIDDLE_HERE);
        (void) netlink_on(middle_rtnl, &q);
        close(middle_rtnl);
    }
}

/*
 * From the server host's namespace `there`, where this process is: the middle namespace, the two veth pairs, the
 * hosts' ends configured, the wire started. 0 with *wire and *middle_rtnl set; -1 with *step saying where it failed
 * and nothing of it left (the caller then makes the plain link). Either way this process ends in `there` again.
 */
int make_wired_link(int lab, int there, const struct request *r, int first, int out, int err, int orders, pid_t *wire,
        int *middle_rtnl, const char **step) {
    char program[4096];
    unsigned char mac_here[6], mac_there[6];
    int middle = -1, here_socket = -1, there_socket = -1, rtnl = -1, failed = 1;
    *wire = -1;
    *middle_rtnl = -1;
    if ((*step = "no socketlab-wire beside labnet", wire_program(program, sizeof program)) != 0) return -1;
    /* the middle namespace, made from the lab's (unshare leaves this process in it; `there` keeps the host's) */
    if ((*step = "setns", setns(lab, CLONE_NEWNET)) != 0 || (*step = "middle namespace", unshare(CLONE_NEWNET)) != 0
            || (middle = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0
            || (rtnl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) < 0)
        goto done;
    if ((*step = "link", make_veth(MIDDLE_HERE, LINK_HERE, lab)) != 0 || (*step = "setns", setns(there, CLONE_NEWNET)) != 0
            || (*step = "link", make_veth(LINK_THERE, MIDDLE_THERE, middle)) != 0
            || host_end(LINK_THERE, ADDRESS_THERE, mac_there, step) != 0
            || (*step = "setns", setns(lab, CLONE_NEWNET)) != 0 || host_end(LINK_HERE, ADDRESS_HERE, mac_here, step) != 0
            || (*step = "neighbour", permanent_neighbour(LINK_HERE, ADDRESS_THERE, mac_there)) != 0
            || (*step = "setns", setns(there, CLONE_NEWNET)) != 0
            || (*step = "neighbour", permanent_neighbour(LINK_THERE, ADDRESS_HERE, mac_here)) != 0
            || (*step = "setns", setns(middle, CLONE_NEWNET)) != 0
            || (*step = "packet socket", here_socket = middle_end(MIDDLE_HERE)) < 0
            || (*step = "packet socket", there_socket = middle_end(MIDDLE_THERE)) < 0
            || (*step = "fork", *wire = start_wire(program, here_socket, there_socket, out, err, orders, r, first)) < 0)
        goto done;
    failed = 0;
done:;
    int saved = errno;
    if (here_socket >= 0) close(here_socket);
    if (there_socket >= 0) close(there_socket);
    if (middle >= 0) close(middle);
    if (failed && rtnl >= 0) unmake_wired_link(-1, rtnl); /* wire-a, and link-a with it */
    if (setns(there, CLONE_NEWNET) != 0 && !failed) {
        saved = errno;
        *step = "setns";
        unmake_wired_link(*wire, rtnl);
        failed = 1;
    }
    if (failed) {
        (void) delete_veth(LINK_THERE); /* and wire-b with it, if made */
        errno = saved;
        return -1;
    }
    *middle_rtnl = rtnl;
    return 0;
}

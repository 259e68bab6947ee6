/* The lab's own capture (issue 77): what the broker runs for a capture request, in a network namespace SocketLab made,
 * where it once ran tcpdump. It writes what `tcpdump -w - -U --immediate-mode --time-stamp-precision=nano` wrote, on
 * the same pipe, so the lab's program reads it unchanged (PcapStream.java):
 *   lo       a packet socket bound to the loopback: Ethernet frames (LINKTYPE_ETHERNET, as libpcap gives lo);
 *   any      a packet socket on every interface of the namespace (its loopback and the link to a second host): the
 *            packet with a Linux cooked v2 header before it (LINKTYPE_LINUX_SLL2, as tcpdump 4.99 writes "any");
 *   nflog:N  the netfilter log group N of the lab's drop rules: each log message's body (LINKTYPE_NFLOG, as libpcap
 *            writes it: the nfgenmsg header, then the attributes in this host's byte order, the packet among them).
 * A packet socket reads through a memory ring (TPACKET_V2, what libpcap uses in immediate mode), so a burst of large
 * loopback segments costs the ring a snap length each, not a socket buffer's whole segment. Its kernel filter keeps
 * tcp, udp, icmp and icmp6 (an IPv6 fragment's too), cut at the snap length, and leaves out a packet's outgoing copy on
 * the loopback (it is seen once, arriving), as libpcap does. Stamps are the kernel's, in nanoseconds (the socket's
 * SO_TIMESTAMPNS turns the kernel's packet stamps on; the ring carries them). Not promiscuous. Each batch the ring or
 * the log holds is written at once. Its words on stderr are tcpdump's where the lab's program waits for them ("listening
 * on", and at its end "N packets dropped by kernel"). It opens its socket with the namespace's capabilities, then keeps
 * none (root becomes nobody first), and dies with the request's process (parent-death signal). */
#include "labnet.h"

#include <arpa/inet.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_log.h>
#include <net/if.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>

#define LINKTYPE_ETHERNET 1
#define LINKTYPE_NFLOG 239
#define LINKTYPE_LINUX_SLL2 276
#define SLL2_LENGTH 20
#define ETHERNET_LENGTH 14
#define RING_BYTES (2u << 20)   /* libpcap's default buffer */
#define OUTPUT_BYTES (1u << 18) /* records gathered before one write */
#define PCAP_NANO_MAGIC 0xa1b23c4du

static volatile sig_atomic_t stopping;
static void on_stop(int sig) {
    (void) sig;
    stopping = 1;
}

/* What was written on stdout, and how much waits to be. */
struct output {
    unsigned char bytes[OUTPUT_BYTES];
    size_t used;
    unsigned long records;
};
static struct output out;

/* Everything gathered goes out now; a reader gone (EPIPE) ends the capture. */
static int flush_output(void) {
    size_t done = 0;
    while (done < out.used) {
        ssize_t n = write(1, out.bytes + done, out.used - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        done += (size_t) n;
    }
    out.used = 0;
    return 0;
}

/* One pcap record: its header (nanoseconds), a link header of the capture's own (SLL2, or none) and the captured bytes. */
static int record(const struct timespec *when, const void *link, size_t link_length, const void *data, size_t caplen,
        size_t length) {
    uint32_t header[4] = {(uint32_t) when->tv_sec, (uint32_t) when->tv_nsec, (uint32_t) (link_length + caplen),
            (uint32_t) (link_length + length)};
    size_t need = sizeof header + link_length + caplen;
    if (out.used + need > sizeof out.bytes && flush_output() != 0) return -1;
    if (need > sizeof out.bytes) return 0; /* the snap length keeps every record far below this */
    memcpy(out.bytes + out.used, header, sizeof header);
    if (link_length > 0) memcpy(out.bytes + out.used + sizeof header, link, link_length);
    memcpy(out.bytes + out.used + sizeof header + link_length, data, caplen);
    out.used += need;
    out.records++;
    return 0;
}

static int pcap_header(unsigned snap, unsigned link_type) {
    uint32_t header[6] = {PCAP_NANO_MAGIC, 2u | 4u << 16, 0, 0, snap, link_type};
    memcpy(out.bytes, header, sizeof header);
    out.used = sizeof header;
    return flush_output();
}

/* ---------------------------------------------------------------------------------------------------------------
 * lo and any: a packet socket and its ring.
 */
struct ring {
    unsigned char *memory;
    size_t bytes;
    unsigned frame_size, frames_per_block, block_size, frames;
};

#define STMT(code, k) ((struct sock_filter) BPF_STMT((code), (k)))
#define JUMP(code, k, yes, no) ((struct sock_filter) BPF_JUMP((code), (k), (yes), (no)))

/* The kernel's filter: "tcp or udp or icmp or icmp6", the outgoing copy of a loopback packet left out, cut at `keep`
 * bytes. `ip` is where the IP header starts in what the socket reads (14: after lo's Ethernet header; 0: cooked). */
static int attach_filter(int s, unsigned ip, unsigned loopback, unsigned keep) {
    struct sock_filter code[] = {
        /* 0 */ STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned) (SKF_AD_OFF + SKF_AD_PKTTYPE)),
        /* 1 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 2),
        /* 2 */ STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned) (SKF_AD_OFF + SKF_AD_IFINDEX)),
        /* 3 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, loopback, 14, 0), /* leaving the loopback: dropped */
        /* 4 */ STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned) (SKF_AD_OFF + SKF_AD_PROTOCOL)),
        /* 5 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 4),
        /* 6 */ STMT(BPF_LD | BPF_B | BPF_ABS, ip + 9),
        /* 7 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 9, 0),
        /* 8 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 8, 0),
        /* 9 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, 7, 8),
        /* 10 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 7),
        /* 11 */ STMT(BPF_LD | BPF_B | BPF_ABS, ip + 6),
        /* 12 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_FRAGMENT, 0, 1),
        /* 13 */ STMT(BPF_LD | BPF_B | BPF_ABS, ip + 40), /* the fragment header's next header */
        /* 14 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 2, 0),
        /* 15 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 1, 0),
        /* 16 */ JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 1),
        /* 17 */ STMT(BPF_RET | BPF_K, keep),
        /* 18 */ STMT(BPF_RET | BPF_K, 0),
    };
    struct sock_fprog program = {(unsigned short) (sizeof code / sizeof code[0]), code};
    return setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

/* A packet socket on `device` ("lo" or "any"), its filter and ring in place before it is bound, so that nothing but
 * what the filter keeps ever waits in it. The socket, or -1 with *step saying which step failed. */
static int open_packet_socket(const char *device, unsigned snap, struct ring *ring, const char **step) {
    int any = strcmp(device, "any") == 0;
    unsigned loopback = if_nametoindex("lo");
    if (loopback == 0) return *step = "no loopback in this namespace", -1;
    /* protocol 0: nothing is queued until bind() names ETH_P_ALL, after the filter */
    int s = socket(AF_PACKET, (any ? SOCK_DGRAM : SOCK_RAW) | SOCK_CLOEXEC, 0);
    if (s < 0) return *step = "socket(AF_PACKET)", -1;
    int version = TPACKET_V2, on = 1;
    if (setsockopt(s, SOL_PACKET, PACKET_VERSION, &version, sizeof version) != 0) return *step = "PACKET_VERSION", -1;
    unsigned link = any ? SLL2_LENGTH : 0;
    if (attach_filter(s, any ? 0 : ETHERNET_LENGTH, loopback, snap - link) != 0) return *step = "SO_ATTACH_FILTER", -1;
    if (setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) return *step = "SO_TIMESTAMPNS", -1;
    /* A frame: the ring's header, the address, room for a link header, then the packet up to the snap length, but no
     * more than the largest packet the lab's interfaces carry (64 KiB and headers: lo's MTU, a segmentation offload's
     * segment); what is longer is cut there (its length in the record stays whole). The ring holds libpcap's 2 MiB,
     * and at least 64 frames however long they are, in blocks of 1 MiB (or one frame, should that be larger). */
    unsigned data_at = TPACKET_ALIGN(TPACKET2_HDRLEN + 16), largest = 65536 + 128;
    ring->frame_size = TPACKET_ALIGN(data_at + (snap < largest ? snap : largest));
    ring->block_size = 1u << 20;
    while (ring->block_size < ring->frame_size) ring->block_size <<= 1;
    ring->frames_per_block = ring->block_size / ring->frame_size;
    size_t wanted = (size_t) ring->frame_size * 64 > RING_BYTES ? (size_t) ring->frame_size * 64 : RING_BYTES;
    unsigned blocks = (unsigned) ((wanted + ring->block_size - 1) / ring->block_size);
    if (blocks < 2) blocks = 2;
    ring->frames = ring->frames_per_block * blocks;
    struct tpacket_req request = {ring->block_size, blocks, ring->frame_size, ring->frames};
    if (setsockopt(s, SOL_PACKET, PACKET_RX_RING, &request, sizeof request) != 0) return *step = "PACKET_RX_RING", -1;
    ring->bytes = (size_t) ring->block_size * blocks;
    ring->memory = mmap(NULL, ring->bytes, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
    if (ring->memory == MAP_FAILED) return *step = "mmap of the ring", -1;
    struct sockaddr_ll where = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
            .sll_ifindex = any ? 0 : (int) loopback};
    if (bind(s, (struct sockaddr *) &where, sizeof where) != 0) return *step = "bind", -1;
    return s;
}

static struct tpacket2_hdr *frame(const struct ring *ring, unsigned i) {
    unsigned block = i / ring->frames_per_block, within = i % ring->frames_per_block;
    return (struct tpacket2_hdr *) (ring->memory + (size_t) block * ring->block_size
            + (size_t) within * ring->frame_size);
}

/* A frame the kernel filled, as a record: lo's bytes from its Ethernet header; any's after a cooked v2 header made from
 * the frame's address, as libpcap makes it. */
static int frame_record(struct tpacket2_hdr *h, int any) {
    struct timespec when = {h->tp_sec, h->tp_nsec};
    if (!any) return record(&when, NULL, 0, (unsigned char *) h + h->tp_mac, h->tp_snaplen, h->tp_len);
    const struct sockaddr_ll *from = (const struct sockaddr_ll *) ((unsigned char *) h
            + TPACKET_ALIGN(sizeof(struct tpacket2_hdr)));
    unsigned char sll2[SLL2_LENGTH];
    memset(sll2, 0, sizeof sll2);
    uint16_t protocol = from->sll_protocol, hatype = htons(from->sll_hatype);
    uint32_t index = htonl((uint32_t) from->sll_ifindex);
    memcpy(sll2, &protocol, 2);
    memcpy(sll2 + 4, &index, 4);
    memcpy(sll2 + 8, &hatype, 2);
    sll2[10] = from->sll_pkttype;
    sll2[11] = from->sll_halen > 8 ? 8 : from->sll_halen;
    memcpy(sll2 + 12, from->sll_addr, sll2[11]);
    return record(&when, sll2, sizeof sll2, (unsigned char *) h + h->tp_net, h->tp_snaplen, h->tp_len);
}

/* The ring read until the capture is told to stop (SIGTERM, blocked but while waiting) or its reader is gone; what the
 * ring holds then is written too. */
static int read_ring(int s, const struct ring *ring, int any, const sigset_t *waiting) {
    unsigned next = 0;
    for (;;) {
        struct tpacket2_hdr *h = frame(ring, next);
        if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
            if (flush_output() != 0) return -1;
            if (stopping) return 0;
            struct pollfd p = {s, POLLIN | POLLERR, 0};
            if (ppoll(&p, 1, NULL, waiting) < 0 && errno != EINTR) return -1;
            continue;
        }
        int written = frame_record(h, any);
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        if (written != 0) return -1;
        next = (next + 1) % ring->frames;
    }
}

/* ---------------------------------------------------------------------------------------------------------------
 * nflog:N: a netfilter log group.
 */

/* One NFULNL_MSG_CONFIG to the log subsystem, for `group`, with one attribute, its acknowledgement awaited. 0, or -1
 * with errno. */
static int log_config(int s, uint16_t group, uint16_t type, const void *value, size_t size) {
    struct {
        struct nlmsghdr header;
        struct nfgenmsg generic;
        unsigned char attributes[64];
    } q;
    memset(&q, 0, sizeof q);
    struct nlattr *a = (struct nlattr *) q.attributes;
    a->nla_type = type;
    a->nla_len = (uint16_t) (NLA_HDRLEN + size);
    memcpy(q.attributes + NLA_HDRLEN, value, size);
    q.header.nlmsg_len = (uint32_t) (NLMSG_LENGTH(sizeof q.generic) + NLA_ALIGN(a->nla_len));
    q.header.nlmsg_type = (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_CONFIG;
    q.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    q.header.nlmsg_seq = type;
    q.generic.nfgen_family = AF_UNSPEC;
    q.generic.version = NFNETLINK_V0;
    q.generic.res_id = htons(group);
    if (send(s, &q, q.header.nlmsg_len, 0) < 0) return -1;
    for (;;) {
        char answer[512];
        ssize_t n = recv(s, answer, sizeof answer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        for (struct nlmsghdr *h = (struct nlmsghdr *) answer; NLMSG_OK(h, (size_t) n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != type) continue;
            int error = ((struct nlmsgerr *) NLMSG_DATA(h))->error;
            if (error == 0) return 0;
            errno = -error;
            return -1;
        }
    }
}

/* The log group bound on a NETLINK_NETFILTER socket, the packet copied (up to `snap` bytes) and each message sent as it
 * is logged (a threshold of one: the kernel would otherwise gather up to 100 for a second). */
static int open_log(uint16_t group, unsigned snap, const char **step) {
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (s < 0) return *step = "socket(NETLINK_NETFILTER)", -1;
    struct sockaddr_nl self = {.nl_family = AF_NETLINK};
    if (bind(s, (struct sockaddr *) &self, sizeof self) != 0) return *step = "bind", -1;
    int buffer = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer); /* as large as net.core.rmem_max lets it */
    struct nfulnl_msg_config_cmd bind_group = {NFULNL_CFG_CMD_BIND};
    if (log_config(s, group, NFULA_CFG_CMD, &bind_group, sizeof bind_group) != 0) return *step = "binding the log group", -1;
    struct nfulnl_msg_config_mode mode = {htonl(snap), NFULNL_COPY_PACKET, 0};
    if (log_config(s, group, NFULA_CFG_MODE, &mode, sizeof mode) != 0) return *step = "the log group's copy mode", -1;
    uint32_t one = htonl(1);
    if (log_config(s, group, NFULA_CFG_QTHRESH, &one, sizeof one) != 0) return *step = "the log group's threshold", -1;
    return s;
}

/* The log read until told to stop or its reader is gone. Each packet message's body is a record (libpcap's own
 * LINKTYPE_NFLOG record), stamped when it was read, as libpcap stamps it. A full socket buffer (ENOBUFS) lost at least
 * one message: counted as dropped. */
static int read_log(int s, unsigned snap, const sigset_t *waiting, unsigned long *dropped) {
    static unsigned char buffer[(1u << 18) + 4096];
    for (;;) {
        ssize_t n = recv(s, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n < 0 && errno == ENOBUFS) {
            (*dropped)++;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return -1;
        if (n < 0) {
            if (flush_output() != 0) return -1;
            if (stopping) return 0;
            struct pollfd p = {s, POLLIN | POLLERR, 0};
            if (ppoll(&p, 1, NULL, waiting) < 0 && errno != EINTR) return -1;
            continue;
        }
        struct timespec when;
        clock_gettime(CLOCK_REALTIME, &when);
        for (struct nlmsghdr *h = (struct nlmsghdr *) buffer; NLMSG_OK(h, (size_t) n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != ((NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_PACKET)) continue;
            size_t length = h->nlmsg_len - NLMSG_HDRLEN;
            if (record(&when, NULL, 0, NLMSG_DATA(h), length < snap ? length : snap, length) != 0) return -1;
        }
    }
}

/* ---------------------------------------------------------------------------------------------------------------
 * The capture's process.
 */

/* Nothing kept: no capability can come back (the bounding set emptied while that is still allowed), root becomes nobody
 * (the lab maps both), then every capability goes. 0, or -1. */
static int keep_nothing(void) {
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
    }
    if (getuid() == 0 && (setgroups(0, NULL) != 0 || setresgid(NOBODY, NOBODY, NOBODY) != 0
            || setresuid(NOBODY, NOBODY, NOBODY) != 0))
        return -1;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (syscall(SYS_capset, &header, none) != 0) return -1;
    return refuse_user_namespaces();
}

static const char *link_name(const char *device) {
    if (strncmp(device, "nflog:", 6) == 0) return "NFLOG (Linux netfilter log messages)";
    return strcmp(device, "any") == 0 ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)";
}

/* The capture itself, in the child: its descriptors, its socket, nothing kept, then the reading. An exit status. */
static int capture_process(const char *device, unsigned snap, pid_t parent) {
    char name[64];
    snprintf(name, sizeof name, "labnet capture %s", device);
    wipe_command_line(name);
    prctl(PR_SET_NAME, "labnet-capture", 0, 0, 0);
    int log = strncmp(device, "nflog:", 6) == 0;
    const char *step = NULL;
    struct ring ring = {0};
    int s = log ? open_log((uint16_t) number(device + 6, 0, 65535), snap, &step)
                : open_packet_socket(device, snap, &ring, &step);
    if (s < 0) {
        dprintf(2, "labnet: %s: %s\n", step, strerror(errno));
        return 1;
    }
    if (keep_nothing() != 0) {
        dprintf(2, "labnet: the capture cannot give up its rights: %s\n", strerror(errno));
        return 1;
    }
    /* after the last change of credentials, which clears it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) return 1;
    sigset_t blocked, waiting;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigprocmask(SIG_BLOCK, &blocked, &waiting);
    struct sigaction stop = {.sa_handler = on_stop};
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);
    unsigned link_type = log ? LINKTYPE_NFLOG : strcmp(device, "any") == 0 ? LINKTYPE_LINUX_SLL2 : LINKTYPE_ETHERNET;
    if (pcap_header(snap, link_type) != 0) return 1;
    dprintf(2, "labnet: listening on %s, link-type %s, snapshot length %u bytes (SocketLab's own capture)\n", device,
            link_name(device), snap);
    unsigned long received = 0, dropped = 0;
    int ended = log ? read_log(s, snap, &waiting, &dropped) : read_ring(s, &ring, strcmp(device, "any") == 0, &waiting);
    if (!log) {
        struct tpacket_stats counts;
        socklen_t size = sizeof counts;
        if (getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &counts, &size) == 0)
            received = counts.tp_packets, dropped = counts.tp_drops;
    } else {
        received = out.records + dropped;
    }
    dprintf(2, "%lu packet%s captured\n%lu packet%s received by filter\n%lu packet%s dropped by kernel\n", out.records,
            out.records == 1 ? "" : "s", received, received == 1 ? "" : "s", dropped, dropped == 1 ? "" : "s");
    return ended == 0 ? 0 : 1;
}

/* The capture of `device` for the caller at the other end of `conn`, on its `out` and `err`; in the namespace `ns` when
 * it is not -1 (a second host's). Reports its exit status on `conn` when it ends; ends it when the caller goes. */
void run_capture(int conn, int in, int out_fd, int err, const char *device, unsigned snap, int ns) {
    pid_t parent = getpid();
    pid_t child = request_child(conn, ns, in, out_fd, err);
    if (child < 0) return;
    if (child == 0) {
        /* no exec to close them: everything else the broker's request held goes now */
        if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0) {
            for (int fd = 3; fd < 1024; fd++) close(fd);
        }
        _exit(capture_process(device, snap, parent));
    }
    close(out_fd);
    close(err);
    send_status(conn, exit_code(wait_or_end(conn, child, 100)));
}

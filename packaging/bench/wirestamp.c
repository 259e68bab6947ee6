/*
 * wirestamp: LinkWireBenchmark's instrument (issue 76), the review's method (../shared/reviews/link-2026-11-28.md):
 * the kernel's timestamp of each benchmark datagram as it leaves the first host and as it reaches the second,
 * taken by a packet socket in each host's own network namespace, never by the wire that carries it.
 *
 *   wirestamp stamp FIRST_PID SECOND_PID PORT   (root, or the owner of the lab's user namespace with its nsenter)
 *       A packet socket on link-a in FIRST_PID's network namespace (frames leaving it) and one on link-b in
 *       SECOND_PID's (frames arriving there), each with SO_TIMESTAMPNS. Prints "ready" once both are bound; then, until
 *       standard input ends, records each UDP datagram to PORT whose payload starts with two 32-bit numbers (the
 *       phase and the datagram's number, big-endian); then prints "s PHASE N LEFT_NS ARRIVED_NS" per datagram seen
 *       leaving (ARRIVED_NS 0: it never arrived), CLOCK_REALTIME as the kernel stamped it, and "drops N" (the
 *       sockets' own drops, which would make the figures partial).
 *   wirestamp spin                              a busy loop in a session of its own (as a browser or an IDE is),
 *                                               until killed: the benchmark's load.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PHASES 8
#define MOST 200000 /* datagrams a phase: 100 Mbit/s of 1250-byte frames for 20 s */

static uint64_t left_at[PHASES][MOST], arrived_at[PHASES][MOST];

static int packet_socket(const char *ns_of, const char *device) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/ns/net", ns_of);
    int ns = open(path, O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) != 0) {
        fprintf(stderr, "wirestamp: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    close(ns);
    int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    int one = 1, size = 16 << 20;
    struct sockaddr_ll at = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
                             .sll_ifindex = (int) if_nametoindex(device)};
    if (s < 0 || at.sll_ifindex == 0 || setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0
            || bind(s, (struct sockaddr *) &at, sizeof at) != 0) {
        fprintf(stderr, "wirestamp: %s in %s: %s\n", device, path, strerror(errno));
        exit(1);
    }
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
        (void) setsockopt(s, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    return s;
}

static unsigned be16(const unsigned char *p) {
    return (unsigned) p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* Every frame waiting on s: a benchmark datagram of the wanted direction is stamped into `into`. */
static void drain(int s, unsigned char want_type, unsigned port, uint64_t (*into)[MOST]) {
    for (;;) {
        unsigned char frame[2048];
        char control[256];
        struct sockaddr_ll from;
        struct iovec iov = {frame, sizeof frame};
        struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                           .msg_control = control, .msg_controllen = sizeof control};
        ssize_t n = recvmsg(s, &m, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == ENETDOWN) return; /* ENETDOWN: the hosts went (once, then what is queued) */
            perror("wirestamp: recvmsg");
            exit(1);
        }
        if (from.sll_pkttype != want_type || n < 14 + 20 + 8 + 8 || be16(frame + 12) != 0x0800 || frame[23] != 17)
            continue;
        const unsigned char *udp = frame + 14 + (frame[14] & 15) * 4;
        if (udp + 16 > frame + n || be16(udp + 2) != port) continue;
        uint32_t phase = be32(udp + 8), number = be32(udp + 12);
        if (phase >= PHASES || number >= MOST) continue;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec t;
                memcpy(&t, CMSG_DATA(c), sizeof t);
                uint64_t *at = &into[phase][number];
                if (*at == 0) *at = (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec; /* a copy: the first */
            }
        }
    }
}

static unsigned drops(int s) {
    struct tpacket_stats st;
    socklen_t len = sizeof st;
    return getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0 ? st.tp_drops : 0;
}

static int stamp(const char *first, const char *second, unsigned port) {
    int out = packet_socket(first, "link-a"), in = packet_socket(second, "link-b");
    unsigned dropped = drops(out) + drops(in);
    printf("ready\n");
    fflush(stdout);
    struct pollfd p[3] = {{out, POLLIN, 0}, {in, POLLIN, 0}, {0, POLLIN, 0}};
    for (;;) {
        if (poll(p, 3, -1) < 0 && errno != EINTR) return 1;
        if (p[0].revents) drain(out, PACKET_OUTGOING, port, left_at);
        if (p[1].revents) drain(in, PACKET_HOST, port, arrived_at);
        if (p[2].revents) {
            char sink[64];
            if (read(0, sink, sizeof sink) <= 0) break;
        }
    }
    usleep(100000);
    drain(out, PACKET_OUTGOING, port, left_at);
    drain(in, PACKET_HOST, port, arrived_at);
    for (int phase = 0; phase < PHASES; phase++)
        for (int n = 0; n < MOST; n++)
            if (left_at[phase][n])
                printf("s %d %d %llu %llu\n", phase, n, (unsigned long long) left_at[phase][n],
                        (unsigned long long) arrived_at[phase][n]);
    printf("drops %u\n", drops(out) + drops(in) - dropped);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "spin") == 0) {
        setsid();
        for (volatile unsigned long i = 0;; i++) {
        }
    }
    if (argc == 5 && strcmp(argv[1], "stamp") == 0) return stamp(argv[2], argv[3], (unsigned) atoi(argv[4]));
    fprintf(stderr, "usage: wirestamp stamp FIRST_PID SECOND_PID PORT | wirestamp spin\n");
    return 2;
}

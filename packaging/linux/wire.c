/*
 * socketlab-wire: the link between the lab's two hosts (issue 55), a bridge in user space with a real network's
 * conditions: per direction delay, jitter, loss (random or in bursts), duplication, reordering and a rate with a queue
 * limit, every packet's fate told on standard output.
 *
 *   socketlab-wire DELAY_US JITTER_US LOSS_PPM BURST DUP_PPM REORDER_PPM KBIT LIMIT     (client to server, "ab")
 *                  DELAY_US JITTER_US LOSS_PPM BURST DUP_PPM REORDER_PPM KBIT LIMIT     (server to client, "ba")
 *                  SEED
 * each a whole number within the bounds of link-settings.h, the one statement of them (issue 76).
 *
 * Started by labnet's host request only (never by hand): descriptor 3 is a packet socket bound to the middle end of the
 * client's half of the link (frames from the client come in there, frames to it go out there), descriptor 4 the same
 * for the server's half. labnet made the middle network namespace and the sockets; this program has no capability, the
 * lab's seccomp filter, an empty environment, and only those sockets: the forwarding loop is all it does.
 *
 * Time (issue 76). A direction's packet left its host at IN: the kernel's receive timestamp of the frame at the middle
 * end (SO_TIMESTAMPNS, taken as the sending host's own transmission hands it over, converted to CLOCK_MONOTONIC), not
 * when this program got round to reading it, so a late read does not add to the crossing: every delay counts from IN.
 * It arrives at OUT, the moment after send() returned (veth delivers in the sender's own call: the far host has it
 * then). On a busy computer what makes a packet late is this program waiting for a CPU at the due time, so it asks for
 * one as far as this user may (keep_time): SCHED_FIFO at priority 1 where RLIMIT_RTPRIO allows it (root's CAP_SYS_NICE
 * does not count inside the lab's user namespace), else an EEVDF slice of 100 us; the second line says which ("wire
 * timing fifo 1" | "wire timing other slice 100000" | "wire timing other"). LinkWireBenchmark measures the result
 * at the far host (docs/performance.md).
 *
 * A direction's packet: lost (LOSS_PPM per million, Gilbert bursts of BURST packets on average when BURST
 * > 1), or dropped when LIMIT packets already wait; else sent out at (the end of its serialisation at KBIT, when set) +
 * DELAY_US + a uniform draw in [-JITTER_US, +JITTER_US], never before an earlier packet unless reordering is asked
 * (REORDER_PPM: that packet goes without the delay, ahead of those waiting, as netem's "reorder"); duplicated with
 * DUP_PPM (the copy leaves just after it). The lab's marker datagrams (UDP, source port = destination port, 8 bytes,
 * its way of knowing how far the capture has come) are never lost, duplicated or sent early, and leave no earlier
 * than every earlier packet of their direction. Frames that are not IPv4 (ARP) are delayed only.
 *
 * Standard output, a line per event of an IPv4 packet (numbers in decimal, times CLOCK_MONOTONIC nanoseconds):
 *   N DIR FATE IN_NS OUT_NS LEN PROTO SPORT DPORT IPID SEQ ACK FLAGS PAYLOAD HELD
 *   IN_NS when it left its host (above); DIR ab|ba; FATE queued (read and waiting: OUT_NS is when it is due) |
 *   queued_twice (the same, and a copy leaves just after it) | delivered | reordered (delivered before an
 *   earlier packet of its direction) | duplicated (the copy, a second line with the same N) | lost | dropped (the
 *   queue was full, or the middle end refused it); OUT_NS of a delivered, reordered or duplicated line: the moment its
 *   send to the far host began (its arrival there), 0 when it never left; HELD how many IPv4 frames of its
 *   direction the wire holds after this event (0: no packet of that direction is on the wire; an ARP frame waiting
 *   is not counted, as no line tells when it leaves).
 * Standard input (issue 60, the window's live link controls): lines "set" and the 16 direction settings above, and
 * optionally a seed (the draws then start again from it: a lesson's own seed in the window), each checked as the
 * arguments are; a good line changes the link for every packet read from then on (those
 * already waiting keep their due time), a bad one is told as "set refused". "set" is answered "set N" (N: how many
 * changes so far) once in force. At its end the link stays as it is.
 * The first line is "wire ready", the second "wire timing ..." (above). The output never holds the link up: when
 * nobody reads it, lines wait in a bounded buffer and then are counted ("unsaid COUNT") instead. The program ends
 * when its output's reader is gone, a socket fails, or a signal ends it (labnet kills it with the host).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "link-settings.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
/* In the sanitizer lane (SanitizedWireTest) a slot's bytes past its frame are poisoned: a header read beyond the frame's
 * end is reported there, not read as an earlier, longer frame's bytes. */
#define FRAME_ENDS(s) ASAN_POISON_MEMORY_REGION((s)->frame + (s)->len, FRAME_MAX - (s)->len)
#define FRAME_OPEN(s) ASAN_UNPOISON_MEMORY_REGION((s)->frame, FRAME_MAX)
#else
#define FRAME_ENDS(s) ((void) (s))
#define FRAME_OPEN(s) ((void) (s))
#endif

#define SIDE_A 3        /* the client's half: frames from the client in, frames to it out */
#define SIDE_B 4        /* the server's half */
#define OUT 1
#define FRAME_MAX 1600  /* an Ethernet frame of MTU 1500 with room to spare; a longer one is not the lab's */
#define SLOTS_MAX 8192  /* frames held in both directions together (a bound on memory: 13 MB) */
#define LIMIT_MAX LINK_HIGH_QUEUE_LIMIT /* a direction's queue at most */
#define SAID_MAX (1 << 20)
#define SETTINGS LINK_WAY_COUNT
#define IN 0
#define ORDERS_MAX 512 /* one "set" line is well under 200 bytes */
#define SLICE_NS 100000u /* the EEVDF slice asked for: the kernel's shortest */

struct slot {
    uint64_t due, in, order;
    uint64_t n;
    unsigned len;
    unsigned char copy, early, marker, ip;
    unsigned char frame[FRAME_MAX];
};

struct direction {
    const char *name;
    int from, to;
    uint64_t delay, jitter, loss, burst, dup, reorder, kbit, limit;
    int bad_state;             /* Gilbert: in a burst of losses */
    uint64_t busy_until;       /* serialisation: when the link is free again */
    uint64_t last_due;         /* the latest due time given (in order unless reordering) */
    uint64_t count;            /* packets read (N) */
    uint64_t pending_low;      /* the lowest N not yet delivered or lost */
    unsigned char done[LIMIT_MAX * 2 + 64]; /* ring by N: delivered or lost */
    struct slot *heap[LIMIT_MAX * 2 + 2];
    int size;
    int size_ip;               /* the IPv4 frames among them: what HELD tells (a waiting ARP frame gets no line) */
};

static struct direction ways[2];
static struct slot *free_slots[SLOTS_MAX];
static int free_count, made_count;
static uint64_t order_counter, rng[4], unsaid;
static char said[SAID_MAX];
static size_t said_used;
static char orders[ORDERS_MAX];
static size_t orders_used;
static int orders_open = 1;
static uint64_t changes;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

/* xoshiro256**, seeded by splitmix64: the same seed and the same packets give the same fates. */
static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

static uint64_t next_random(void) {
    uint64_t result = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;
    rng[2] ^= rng[0];
    rng[3] ^= rng[1];
    rng[1] ^= rng[2];
    rng[0] ^= rng[3];
    rng[2] ^= t;
    rng[3] = rotl(rng[3], 45);
    return result;
}

static void seed_random(uint64_t seed) {
    for (int i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        rng[i] = z ^ (z >> 31);
    }
}

static int parse(const char *text, uint64_t low, uint64_t high, uint64_t *value) {
    if (!*text || strlen(text) > 19) return -1;
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (uint64_t) (*p - '0');
    }
    if (v < low || v > high) return -1;
    *value = v;
    return 0;
}

static struct slot *take_slot(void) {
    struct slot *s = NULL;
    if (free_count > 0) s = free_slots[--free_count];
    else if (made_count < SLOTS_MAX && (s = malloc(sizeof *s)) != NULL) made_count++;
    if (s) FRAME_OPEN(s);
    return s;
}

static void give_back(struct slot *s) {
    free_slots[free_count++] = s;
}

/* The heap of a direction's waiting frames, earliest due first (ties in the order they were queued). */
static int earlier(const struct slot *a, const struct slot *b) {
    return a->due < b->due || (a->due == b->due && a->order < b->order);
}

static void push(struct direction *d, struct slot *s) {
    int i = d->size++;
    d->size_ip += s->ip;
    d->heap[i] = s;
    while (i > 0 && earlier(d->heap[i], d->heap[(i - 1) / 2])) {
        struct slot *t = d->heap[i];
        d->heap[i] = d->heap[(i - 1) / 2];
        d->heap[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static struct slot *pop(struct direction *d) {
    struct slot *top = d->heap[0];
    d->size_ip -= top->ip;
    d->heap[0] = d->heap[--d->size];
    for (int i = 0;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < d->size && earlier(d->heap[l], d->heap[m])) m = l;
        if (r < d->size && earlier(d->heap[r], d->heap[m])) m = r;
        if (m == i) break;
        struct slot *t = d->heap[i];
        d->heap[i] = d->heap[m];
        d->heap[m] = t;
        i = m;
    }
    return top;
}

static void flush_said(void) {
    while (said_used > 0) {
        ssize_t n = write(OUT, said, said_used);
        if (n > 0) {
            memmove(said, said + n, said_used - (size_t) n);
            said_used -= (size_t) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            return; /* the reader is slow: the lines wait, the link does not */
        } else {
            _exit(0); /* the reader is gone: so is the lab */
        }
    }
}

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...) {
    char line[256];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n <= 0 || (size_t) n >= sizeof line) return;
    if (said_used + (size_t) n + 32 > SAID_MAX) {
        unsaid++;
        return;
    }
    if (unsaid > 0) {
        said_used += (size_t) snprintf(said + said_used, SAID_MAX - said_used, "unsaid %llu\n",
                (unsigned long long) unsaid);
        unsaid = 0;
    }
    memcpy(said + said_used, line, (size_t) n);
    said_used += (size_t) n;
}

static unsigned be16(const unsigned char *p) {
    return (unsigned) p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* An IPv4 packet's fate, named by what the capture also sees of it (protocol, ports, IP id, TCP numbers). */
static void tell(const struct direction *d, const struct slot *s, const char *fate, uint64_t out) {
    const unsigned char *ip = s->frame + 14;
    unsigned header = (unsigned) (ip[0] & 15) * 4, total = be16(ip + 2), proto = ip[9];
    unsigned sport = 0, dport = 0, flags = 0, payload = 0;
    uint32_t seq = 0, ack = 0;
    const unsigned char *l4 = ip + header;
    unsigned room = s->len > 14 + header ? s->len - 14 - header : 0;
    if (total > header) total -= header;
    else total = 0;
    if ((proto == 6 || proto == 17) && room >= 8) {
        sport = be16(l4);
        dport = be16(l4 + 2);
    }
    if (proto == 6 && room >= 20) {
        seq = be32(l4 + 4);
        ack = be32(l4 + 8);
        flags = l4[13];
        unsigned offset = (unsigned) (l4[12] >> 4) * 4;
        payload = total > offset ? total - offset : 0;
    } else if (proto == 17) {
        payload = total > 8 ? total - 8 : 0;
    } else {
        payload = total;
    }
    say("%llu %s %s %llu %llu %u %u %u %u %u %u %u %u %u %d\n", (unsigned long long) s->n, d->name, fate,
            (unsigned long long) s->in, (unsigned long long) out, s->len, proto, sport, dport, be16(ip + 4),
            (unsigned) seq, (unsigned) ack, flags, payload, d->size_ip);
}

/* N is settled (delivered or lost): the lowest pending number moves past every settled one. */
static void settle(struct direction *d, uint64_t n) {
    d->done[n % sizeof d->done] = 1;
    while (d->pending_low <= d->count && d->done[d->pending_low % sizeof d->done]) {
        d->done[d->pending_low % sizeof d->done] = 0;
        d->pending_low++;
    }
}

static int is_marker(const unsigned char *frame, unsigned len) {
    if (len < 14 + 20 + 8 || be16(frame + 12) != 0x0800 || frame[14 + 9] != 17) return 0;
    const unsigned char *udp = frame + 14 + (frame[14] & 15) * 4;
    if (udp + 8 > frame + len) return 0;
    return be16(udp) == be16(udp + 2) && be16(udp + 4) == 16;
}

/* A frame read from d->from, which left its host at `left`: its fate decided, queued unless lost. */
static void arrive(struct direction *d, struct slot *s, uint64_t left) {
    s->in = left;
    s->copy = s->early = 0;
    s->ip = s->len >= 14 + 20 && be16(s->frame + 12) == 0x0800 && (s->frame[14] >> 4) == 4;
    s->marker = (unsigned char) is_marker(s->frame, s->len);
    int impaired = s->ip && !s->marker;
    if (s->ip) s->n = ++d->count;
    /* One draw of each kind per IPv4 packet, in a fixed order, so a seed replays the same fates. */
    uint64_t loss_draw = s->ip ? next_random() % 1000000u : 0, dup_draw = s->ip ? next_random() % 1000000u : 0,
             reorder_draw = s->ip ? next_random() % 1000000u : 0, jitter_draw = s->ip ? next_random() : 0;
    if (impaired && d->loss > 0) {
        int lost;
        if (d->burst <= 1) {
            lost = loss_draw < d->loss;
        } else if (d->bad_state) {
            lost = 1;
            d->bad_state = loss_draw >= 1000000u / d->burst; /* leaves the burst with 1/BURST */
        } else {
            /* enters a burst with p = loss * r / (1 - loss), r = 1/BURST, so that the share lost is LOSS_PPM */
            uint64_t enter = d->loss >= 1000000u ? 1000000u : d->loss * 1000000u / d->burst / (1000000u - d->loss);
            lost = d->bad_state = loss_draw < enter;
        }
        if (lost) {
            tell(d, s, "lost", 0);
            settle(d, s->n);
            give_back(s);
            return;
        }
    }
    if ((uint64_t) d->size >= d->limit) {
        if (s->ip) {
            tell(d, s, "dropped", 0);
            settle(d, s->n);
        }
        give_back(s);
        return;
    }
    uint64_t start = left; /* its serialisation starts when it left its host, however late it was read */
    if (d->kbit > 0) {
        if (d->busy_until > start) start = d->busy_until;
        d->busy_until = start + (uint64_t) s->len * 8u * 1000000u / d->kbit;
        start = d->busy_until;
    }
    uint64_t due = start + d->delay;
    if (d->jitter > 0 && s->ip) {
        uint64_t span = 2 * d->jitter + 1, draw = jitter_draw % span;
        due = due + draw >= d->jitter ? due + draw - d->jitter : 0;
    }
    if (impaired && d->reorder > 0 && reorder_draw < d->reorder && d->size > 0) {
        due = start; /* sent early: ahead of those waiting */
        s->early = 1;
    } else if (d->reorder == 0 || s->marker || !s->ip) {
        if (due < d->last_due) due = d->last_due; /* in order: never before an earlier packet */
    }
    if (due > d->last_due) d->last_due = due;
    s->due = due;
    s->order = ++order_counter;
    push(d, s);
    struct slot *c = NULL;
    if (impaired && d->dup > 0 && dup_draw < d->dup && (uint64_t) d->size < d->limit && (c = take_slot())) {
        memcpy(c, s, sizeof *c - FRAME_MAX + s->len);
        FRAME_ENDS(c);
        c->copy = 1;
        c->order = ++order_counter;
        push(d, c);
    }
    /* One line tells the whole plan, the copy included: a reader matching it to a capture never sees half of it. */
    if (s->ip) tell(d, s, c ? "queued_twice" : "queued", due);
}

/* Sends every frame of d that is due by `now`. */
static void release(struct direction *d, uint64_t now) {
    while (d->size > 0 && d->heap[0]->due <= now) {
        struct slot *s = pop(d);
        ssize_t n;
        /* Its arrival: the moment the send begins. The far host's stack takes the frame inside this send (the veth
         * delivers in the sender's softirq) and may answer there too: stamped after the send, an ACK the data caused
         * would have left microseconds before the data "arrived". */
        uint64_t out = now_ns();
        do n = send(d->to, s->frame, s->len, MSG_DONTWAIT);
        while (n < 0 && errno == EINTR);
        if (s->ip) {
            const char *fate = s->copy ? "duplicated" : s->n != d->pending_low ? "reordered" : "delivered";
            if (n < 0) fate = "dropped"; /* the middle end's queue refused it */
            tell(d, s, fate, n < 0 ? 0 : out);
            if (!s->copy) settle(d, s->n);
        }
        give_back(s);
    }
}

/* CLOCK_REALTIME minus CLOCK_MONOTONIC now (the realtime read between two monotonic ones): what turns the kernel's
 * receive timestamps, which are realtime, into the monotonic times the lines tell. */
static int64_t realtime_offset(void) {
    struct timespec a, r, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_REALTIME, &r);
    clock_gettime(CLOCK_MONOTONIC, &b);
    int64_t mono = ((int64_t) a.tv_sec + b.tv_sec) * 500000000 + ((int64_t) a.tv_nsec + b.tv_nsec) / 2;
    return (int64_t) r.tv_sec * 1000000000 + r.tv_nsec - mono;
}

/* When the frame left its host: the kernel's timestamp of it at the middle end (taken in the sending host's own
 * transmission, veth's), in CLOCK_MONOTONIC; `now` when there is none or it is not plausible (after now, or more than a
 * second before it: the clock was set meanwhile). */
static uint64_t left_host(struct msghdr *m, int64_t offset, uint64_t now) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
        struct timespec t;
        memcpy(&t, CMSG_DATA(c), sizeof t);
        int64_t at = (int64_t) t.tv_sec * 1000000000 + t.tv_nsec - offset;
        if (at > 0 && (uint64_t) at <= now && now - (uint64_t) at < 1000000000u) return (uint64_t) at;
    }
    return now;
}

/* Reads every frame waiting on d->from, each stamped with when it left its host. */
static void read_side(struct direction *d) {
    int64_t offset = realtime_offset();
    for (;;) {
        struct slot *s = take_slot();
        unsigned char sink[FRAME_MAX];
        char control[CMSG_SPACE(sizeof(struct timespec)) + 64];
        struct iovec iov = {s ? s->frame : sink, FRAME_MAX};
        struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
        ssize_t n = recvmsg(d->from, &m, MSG_DONTWAIT | MSG_TRUNC);
        if (n < 0) {
            if (s) give_back(s);
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return;
            _exit(3);
        }
        if (!s || n > FRAME_MAX || n < 14) { /* no room left, or not a frame the lab sends: gone, as on a full queue */
            if (s) give_back(s);
            continue;
        }
        s->len = (unsigned) n;
        FRAME_ENDS(s);
        uint64_t now = now_ns();
        arrive(d, s, left_host(&m, offset, now));
        /* Those already due leave as they are read: after a wait for a core the socket holds a burst of frames, most of
         * them overdue, and counting them against LIMIT until the whole burst was read dropped hundreds that no queue
         * of a real link would have held (issue 76, at 100 Mbit/s). */
        release(d, now);
    }
}

/* A direction's settings from SETTINGS checked numbers (as the arguments give them, as a "set" line does). */
static void apply(struct direction *d, const uint64_t v[SETTINGS]) {
    d->delay = v[LINK_DELAY] * 1000u;
    d->jitter = v[LINK_JITTER] * 1000u;
    d->loss = v[LINK_LOSS];
    d->burst = v[LINK_BURST];
    d->dup = v[LINK_DUPLICATE];
    d->reorder = v[LINK_REORDER];
    d->kbit = v[LINK_RATE];
    d->limit = v[LINK_QUEUE_LIMIT];
    if (d->loss == 0 || d->burst <= 1) d->bad_state = 0;
}

/* One setting of a direction, its place `i`, from `text`: 0 when it is a whole number in its bounds. */
static int parse_setting(const char *text, int i, uint64_t *value) {
    return parse(text, LINK_LIMITS[i].low, LINK_LIMITS[i].high, value);
}

/* Reads 2 x SETTINGS numbers from `text` (words split by single spaces), and a seed after them when there is one
 * (*seeded 1); 0 when all are in range. */
static int read_settings(char *text, uint64_t v[2][SETTINGS], uint64_t *seed, int *seeded) {
    char *rest = text;
    for (int i = 0; i < 2 * SETTINGS; i++) {
        char *word = strsep(&rest, " ");
        if (!word || parse_setting(word, i % SETTINGS, &v[i / SETTINGS][i % SETTINGS]) != 0) return -1;
    }
    *seeded = rest != NULL;
    if (rest == NULL) return 0;
    char *word = strsep(&rest, " ");
    return rest == NULL && parse(word, 0, LINK_SEED_HIGH, seed) == 0 ? 0 : -1;
}

/* One line of standard input: "set", the settings and maybe a seed. With a seed the draws start again from it, bursts
 * too (a lesson's pinned seed: the same packets then meet the same fates as on a wire started with it). */
static void order(char *line) {
    uint64_t v[2][SETTINGS], seed = 0;
    int seeded = 0;
    if (strncmp(line, "set ", 4) != 0 || read_settings(line + 4, v, &seed, &seeded) != 0) {
        say("set refused\n");
        return;
    }
    apply(&ways[0], v[0]);
    apply(&ways[1], v[1]);
    if (seeded) {
        seed_random(seed);
        ways[0].bad_state = ways[1].bad_state = 0;
    }
    say("set %llu\n", (unsigned long long) ++changes);
}

/* Reads what standard input has: each whole line is an order; a line too long is refused whole. */
static void read_orders(void) {
    ssize_t n;
    do n = read(IN, orders + orders_used, sizeof orders - orders_used);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n == 0 || errno != EAGAIN) orders_open = 0; /* the lab closed it: the link stays as it is */
        return;
    }
    orders_used += (size_t) n;
    char *start = orders, *end;
    while ((end = memchr(start, '\n', orders_used - (size_t) (start - orders))) != NULL) {
        *end = '\0';
        order(start);
        start = end + 1;
    }
    orders_used -= (size_t) (start - orders);
    memmove(orders, start, orders_used);
    if (orders_used == sizeof orders) { /* no line end in a whole buffer: not an order */
        say("set refused\n");
        orders_used = 0;
    }
}

/* The CPU as soon as a frame is due, as far as this user may ask (issue 76: on a busy computer the wire waited tens of
 * ms for it). SCHED_FIFO at the lowest priority where this user's RLIMIT_RTPRIO allows it (inside the lab's user
 * namespace even root has CAP_SYS_NICE only there, which the kernel does not count); else an EEVDF slice of 100 us
 * (Linux 6.12 and later, any user): a task that asks for a short slice gets an early deadline, so its wake-up may
 * preempt the task running (SocketLab's own threads, in the same session) instead of waiting for that one's slice to
 * end. Not a session of its own: alone in its autogroup the wire competed with every other session's group and its
 * p99 at the far host was several times worse (LinkWireBenchmark, docs/performance.md). What it got is the second
 * line. */
static const char *keep_time(void) {
    struct sched_param fifo = {.sched_priority = 1};
    if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &fifo) == 0) return "fifo 1";
    struct {
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t priority;
        uint64_t runtime, deadline, period;
    } slice = {sizeof slice, SCHED_OTHER, 0, 0, 0, SLICE_NS, 0, 0};
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    slice.nice = errno == 0 ? nice : 0;
    if (syscall(SYS_sched_setattr, 0, &slice, 0) == 0) return "other slice 100000";
    return "other";
}

int main(int argc, char **argv) {
    /* Not dumpable: the lab's program (the same user, no capability) may not trace it and use its packet sockets. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (argc != 1 + LINK_SETTINGS) {
        fprintf(stderr, "socketlab-wire: takes %d settings and a seed (it is started by labnet)\n", 2 * SETTINGS);
        return 2;
    }
    for (int w = 0; w < 2; w++) {
        uint64_t v[SETTINGS];
        for (int i = 0; i < SETTINGS; i++) {
            if (parse_setting(argv[1 + w * SETTINGS + i], i, &v[i]) != 0) {
                fprintf(stderr, "socketlab-wire: setting %d is out of range: %s\n", w * SETTINGS + i + 1,
                        argv[1 + w * SETTINGS + i]);
                return 2;
            }
        }
        struct direction *d = &ways[w];
        d->name = w == 0 ? "ab" : "ba";
        d->from = w == 0 ? SIDE_A : SIDE_B;
        d->to = w == 0 ? SIDE_B : SIDE_A;
        apply(d, v);
        d->pending_low = 1;
    }
    uint64_t seed;
    if (parse(argv[1 + 2 * SETTINGS], 0, LINK_SEED_HIGH, &seed) != 0) {
        fprintf(stderr, "socketlab-wire: the seed is a whole number up to %d\n", LINK_SEED_HIGH);
        return 2;
    }
    seed_random(seed);
    prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0); /* wake at the due time, not up to 50 us after it */
    int one = 1; /* the kernel's receive timestamps: when each frame left its host (left_host; none: the read's time) */
    (void) setsockopt(SIDE_A, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    (void) setsockopt(SIDE_B, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    const char *timing = keep_time();
    signal(SIGPIPE, SIG_IGN);             /* a gone reader is seen as EPIPE */
    int flags = fcntl(OUT, F_GETFL);
    if (flags < 0 || fcntl(OUT, F_SETFL, flags | O_NONBLOCK) != 0) return 3;
    int in_flags = fcntl(IN, F_GETFL);
    if (in_flags < 0 || fcntl(IN, F_SETFL, in_flags | O_NONBLOCK) != 0) orders_open = 0;
    say("wire ready\n");
    say("wire timing %s\n", timing);
    for (;;) {
        uint64_t now = now_ns();
        release(&ways[0], now);
        release(&ways[1], now);
        flush_said();
        uint64_t next = UINT64_MAX;
        for (int w = 0; w < 2; w++)
            if (ways[w].size > 0 && ways[w].heap[0]->due < next) next = ways[w].heap[0]->due;
        struct pollfd p[4] = {{SIDE_A, POLLIN, 0}, {SIDE_B, POLLIN, 0}, {OUT, said_used > 0 ? POLLOUT : 0, 0},
                              {orders_open ? IN : -1, POLLIN, 0}};
        struct timespec wait, *timeout = NULL;
        if (next != UINT64_MAX) {
            uint64_t left = next > now ? next - now : 0;
            wait.tv_sec = (time_t) (left / 1000000000u);
            wait.tv_nsec = (long) (left % 1000000000u);
            timeout = &wait;
        }
        int ready = ppoll(p, 4, timeout, NULL);
        if (ready < 0 && errno != EINTR) return 3;
        if (ready <= 0) continue;
        if ((p[0].revents | p[1].revents) & (POLLERR | POLLNVAL)) return 3;
        if (p[2].revents & (POLLERR | POLLNVAL)) return 0; /* the reader is gone */
        if (p[0].revents & POLLIN) read_side(&ways[0]);
        if (p[1].revents & POLLIN) read_side(&ways[1]);
        if (p[3].revents & (POLLIN | POLLHUP | POLLERR)) read_orders();
    }
}

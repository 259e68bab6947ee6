/*
 * labnet's link conditions (issue 40 item 2), tc by rtnetlink:
 *   link HOST KBIT   fds: reply socket, stdout, stderr. Both ends of the link to HOST (a host this broker made) send
 *                    at most KBIT kbit/s through a token bucket (tbf: burst 16 KiB, a queue of 200 ms at that rate);
 *                    0 removes it. Status 0 once set on both ends.
 *   netem            fds: reply socket, stdout, stderr. Whether this kernel has netem (delay, loss, duplication,
 *                    reordering): a netem qdisc is made on the lab's own loopback and removed at once; stdout says
 *                    "netem present", or "netem missing" with the kernel's errno. Nothing else is touched.
 * Only the lab's own interfaces, named here, never one the caller names.
 */
#include "labnet.h"

#include <linux/pkt_sched.h>
#include <net/if.h>
#include <sched.h>

#define TBF_BURST 16384u
#define TBF_LATENCY_MS 200u

/* A root qdisc of `kind` on `device` (options: `opts`, `size` bytes, as TCA_OPTIONS), or removed when kind is NULL. */
static int root_qdisc(const char *device, const char *kind, const void *opts, size_t size, int nested) {
    unsigned index = if_nametoindex(device);
    if (index == 0) return -1;
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
    q.header.nlmsg_type = kind ? RTM_NEWQDISC : RTM_DELQDISC;
    q.header.nlmsg_flags = kind ? NLM_F_CREATE | NLM_F_REPLACE : 0;
    struct tcmsg *t = NLMSG_DATA(&q.header);
    t->tcm_family = AF_UNSPEC;
    t->tcm_ifindex = (int) index;
    t->tcm_parent = TC_H_ROOT;
    t->tcm_handle = kind ? TC_H_MAKE(1u << 16, 0) : 0;
    if (kind) {
        attribute(&q, TCA_KIND, kind, strlen(kind) + 1);
        if (nested) {
            struct rtattr *o = attribute(&q, TCA_OPTIONS, NULL, 0);
            memcpy((char *) &q + q.header.nlmsg_len, opts, size); /* attributes already laid out by the caller */
            q.header.nlmsg_len += (unsigned) NLMSG_ALIGN(size);
            nest_end(&q, o);
        } else {
            attribute(&q, TCA_OPTIONS, opts, size);
        }
    }
    return netlink(&q);
}

/* tbf at kbit on device (0: the root qdisc removed; none there is no error). */
static int link_rate(const char *device, unsigned kbit) {
    if (kbit == 0) return root_qdisc(device, NULL, NULL, 0, 0) == 0 || errno == ENOENT || errno == EINVAL ? 0 : -1;
    struct {
        struct rtattr parms_head;
        struct tc_tbf_qopt parms;
        struct rtattr burst_head;
        unsigned burst;
    } __attribute__((packed)) o;
    memset(&o, 0, sizeof o);
    unsigned bytes_per_second = kbit * 125u;
    o.parms_head.rta_type = TCA_TBF_PARMS;
    o.parms_head.rta_len = (unsigned short) RTA_LENGTH(sizeof o.parms);
    o.parms.rate.rate = bytes_per_second;
    o.parms.rate.linklayer = TC_LINKLAYER_ETHERNET;
    o.parms.limit = (unsigned) ((unsigned long long) bytes_per_second * TBF_LATENCY_MS / 1000u) + TBF_BURST;
    o.burst_head.rta_type = TCA_TBF_BURST;
    o.burst_head.rta_len = (unsigned short) RTA_LENGTH(sizeof o.burst);
    o.burst = TBF_BURST;
    _Static_assert(sizeof(struct tc_tbf_qopt) % 4 == 0, "tbf options stay aligned");
    return root_qdisc(device, "tbf", &o, sizeof o, 1);
}

void set_link(int conn, int err, const char *host, const char *rate) {
    long kbit = number(rate, LINK_LOW_RATE, LINK_HIGH_RATE); /* the wire's bounds: one rate, whichever link */
    int ns = kbit < 0 ? -1 : host_namespace(host);
    if (kbit < 0) {
        char why[64];
        snprintf(why, sizeof why, "link: the rate is %d to %d kbit/s", LINK_LOW_RATE, LINK_HIGH_RATE);
        refuse(conn, err, why);
        return;
    }
    if (ns < 0) {
        refuse(conn, err, "link: the host is not one this lab made");
        return;
    }
    const char *step = LINK_HERE;
    int failed = link_rate(LINK_HERE, (unsigned) kbit) != 0;
    if (!failed) failed = (step = "setns", setns(ns, CLONE_NEWNET)) != 0 || (step = LINK_THERE,
            link_rate(LINK_THERE, (unsigned) kbit)) != 0;
    close(ns);
    if (failed) {
        dprintf(err, "labnet: link: %s: %s\n", step, strerror(errno));
        send_status(conn, 1);
        return;
    }
    send_status(conn, 0);
}

void probe_netem(int conn, int out) {
    struct tc_netem_qopt o;
    memset(&o, 0, sizeof o);
    o.limit = 1000;
    int rc = root_qdisc("lo", "netem", &o, sizeof o, 0);
    int saved = errno;
    if (rc == 0) {
        (void) root_qdisc("lo", NULL, NULL, 0, 0);
        dprintf(out, "netem present\n");
    } else {
        dprintf(out, "netem missing %d\n", saved);
    }
    send_status(conn, 0);
}

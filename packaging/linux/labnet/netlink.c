/* rtnetlink requests by hand (no libmnl in a static labnet): the second host's link and the link's conditions. */
#include "labnet.h"

struct rtattr *attribute(struct netlink_request *q, unsigned short type, const void *data, size_t size) {
    struct rtattr *a = (struct rtattr *) ((char *) q + NLMSG_ALIGN(q->header.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short) RTA_LENGTH(size);
    if (size) memcpy(RTA_DATA(a), data, size);
    q->header.nlmsg_len = NLMSG_ALIGN(q->header.nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

void nest_end(struct netlink_request *q, struct rtattr *nest) {
    nest->rta_len = (unsigned short) ((char *) q + q->header.nlmsg_len - (char *) nest);
}

/* One rtnetlink request in this process's network namespace, answered by its acknowledgement: 0, or -1 with errno. */
int netlink(struct netlink_request *q) {
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (s < 0) return -1;
    int rc = netlink_on(s, q), err = errno;
    close(s);
    errno = err;
    return rc;
}

/* The same on the rtnetlink socket s, which acts in the network namespace it was opened in. */
int netlink_on(int s, struct netlink_request *q) {
    q->header.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    q->header.nlmsg_seq = 1;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    int rc = -1, err = EIO;
    if (sendto(s, q, q->header.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof kernel) >= 0) {
        char answer[4096];
        ssize_t n = recv(s, answer, sizeof answer, 0);
        struct nlmsghdr *h = (struct nlmsghdr *) answer;
        if (n >= (ssize_t) NLMSG_LENGTH(sizeof(struct nlmsgerr)) && h->nlmsg_type == NLMSG_ERROR) {
            int code = ((struct nlmsgerr *) NLMSG_DATA(h))->error;
            rc = code == 0 ? 0 : -1;
            err = -code;
        } else if (n < 0) {
            err = errno;
        }
    } else {
        err = errno;
    }
    errno = err;
    return rc;
}

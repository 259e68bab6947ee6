/* The broker's capture request, checked (reader.c runs it), and `labnet capture`, its client. */
#include "labnet.h"

/* capture DEVICE SNAPLEN: the device is one of the lab namespace's own (its loopback, all its interfaces, a log group),
 * the snap length a number in range; *device and *snap are set from them. */
int capture_request(const struct request *r, int first, int far, const char **device, unsigned *snap,
        const char **why) {
    if (r->count != first + 2) return *why = "capture takes a device and a snap length", -1;
    const char *named = r->words[first];
    int log = strncmp(named, "nflog:", 6) == 0 && number(named + 6, 0, 65535) >= 0;
    /* in the second host: its log groups only (the link itself is captured from the lab's end) */
    if (far && !log) return *why = "capture-in: the device is one of the host's log groups (nflog:N)", -1;
    /* "any": the lab namespace's own interfaces only, its loopback and, with a second host, the link to it */
    if (!(strcmp(named, "lo") == 0 || strcmp(named, "any") == 0 || log))
        return *why = "capture: the device is the lab's loopback (lo), all its interfaces (any) or one of its log groups"
                      " (nflog:N)", -1;
    long length = number(r->words[first + 1], 64, 262144);
    if (length < 0) return *why = "capture: the snap length is 64-262144 bytes", -1;
    *device = named;
    *snap = (unsigned) length;
    return 0;
}

/* ---------------------------------------------------------------------------------------------------------------
 * labnet capture DEVICE: a client of the inherited broker, for tests and a look from a terminal of the lab's program.
 */
static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) {
    stop_signal = sig;
}

int capture(const char *device) {
    int channel = channel_from_environment();
    if (channel < 0) {
        fprintf(stderr, "labnet: no lab network broker was handed to this process\n");
        return 125;
    }
    char payload[256];
    int used = snprintf(payload, sizeof payload, "capture%c%s%c262144", 0, device, 0) + 1;
    if (used <= 0 || used >= (int) sizeof payload) return 2;
    int reply[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, reply) != 0) return 125;
    int fds[REQUEST_FDS] = {reply[1], 1, 2};
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {payload, (size_t) used};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    if (sendmsg(channel, &msg, 0) < 0) {
        fprintf(stderr, "labnet: cannot reach the broker: %s\n", strerror(errno));
        return 125;
    }
    close(reply[1]);
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) dup2(devnull, 1); /* the capture holds the pipe now */
    struct sigaction on = {.sa_handler = on_signal};
    sigaction(SIGTERM, &on, NULL);
    sigaction(SIGINT, &on, NULL);
    sigaction(SIGHUP, &on, NULL);
    unsigned char status = 125;
    for (;;) {
        ssize_t n = read(reply[0], &status, 1);
        if (n == 1) break;
        if (n < 0 && errno == EINTR && !stop_signal) continue;
        /* A signal to this process ends the capture: shutting the reply socket down tells the broker. */
        shutdown(reply[0], SHUT_RDWR);
        close(reply[0]);
        return stop_signal ? 128 + stop_signal : 125;
    }
    close(reply[0]);
    return status;
}

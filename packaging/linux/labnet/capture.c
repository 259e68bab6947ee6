/* The broker's capture request (tcpdump's argument list, made here) and `labnet capture`, its client. */
#include "labnet.h"

/* capture DEVICE SNAPLEN: tcpdump's whole argument list, made here. */
int capture_arguments(const struct request *r, int first, int far, char **argv, char *storage, size_t size,
        const char **why) {
    if (r->count != first + 2) return *why = "capture takes a device and a snap length", -1;
    const char *device = r->words[first];
    int log = strncmp(device, "nflog:", 6) == 0;
    /* in the second host: its log groups only (the link itself is captured from the lab's end) */
    if (far && !(log && number(device + 6, 0, 65535) >= 0))
        return *why = "capture-in: the device is one of the host's log groups (nflog:N)", -1;
    /* "any": the lab namespace's own interfaces only, its loopback and, with a second host, the link to it */
    if (!(strcmp(device, "lo") == 0 || strcmp(device, "any") == 0 || (log && number(device + 6, 0, 65535) >= 0)))
        return *why = "capture: the device is the lab's loopback (lo), all its interfaces (any) or one of its log groups"
                      " (nflog:N)", -1;
    long snap = number(r->words[first + 1], 64, 262144);
    if (snap < 0) return *why = "capture: the snap length is 64-262144 bytes", -1;
    snprintf(storage, size, "%ld", snap);
    int n = 0;
    argv[n++] = "tcpdump";
    argv[n++] = "-i";
    argv[n++] = (char *) device;
    /* not promiscuous: nothing to gain on the lab's interfaces, and its statistics then end with "dropped by kernel" */
    argv[n++] = "-p";
    argv[n++] = "-U";
    argv[n++] = "--immediate-mode";
    /* a log group has no nanosecond stamps (tcpdump refuses them) */
    if (!log) argv[n++] = "--time-stamp-precision=nano";
    argv[n++] = "-n";
    argv[n++] = "-s";
    argv[n++] = storage;
    /* Run as root, Debian's tcpdump switches to its own user, and the kernel clears the parent-death signal then. */
    if (getuid() == 0) argv[n++] = "-Z", argv[n++] = "root";
    argv[n++] = "-w";
    argv[n++] = "-";
    if (!log) {
        const char *filter[] = {"tcp", "or", "udp", "or", "icmp", "or", "icmp6"};
        for (size_t i = 0; i < sizeof filter / sizeof filter[0]; i++) argv[n++] = (char *) filter[i];
    }
    argv[n] = NULL;
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
    if (devnull >= 0) dup2(devnull, 1); /* tcpdump holds the pipe now */
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

/* The broker: one request a message on its end of the socketpair, each checked and run in a process of its own. */
#include "labnet.h"

#include <linux/capability.h>
#include <sched.h>

/*
 * A request's process: forked, dying with the broker, in the second host's network namespace `ns` when it is not -1
 * (before any capability goes), with `in`, `out` and `err` as its standard descriptors. 0 in the child, its pid in the
 * broker, -1 when it could not be made (refused on `conn` then).
 */
pid_t request_child(int conn, int ns, int in, int out, int err) {
    pid_t child = fork();
    if (child < 0) {
        refuse(conn, err, "fork failed");
        return -1;
    }
    if (child > 0) return child;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (ns >= 0 && setns(ns, CLONE_NEWNET) != 0) {
        dprintf(err, "labnet: setns: %s\n", strerror(errno));
        _exit(127);
    }
    int fds[3] = {in, out, err};
    for (int i = 0; i < 3; i++) {
        if (dup2(fds[i], i) < 0) _exit(127);
    }
    return 0;
}

/* Runs path with argv on the request's stdout and stderr (stdin from `in`), with the lab network's capabilities, an
 * empty environment and the parent-death signal; ends it when the caller goes away; reports its exit status. */
static void run_privileged(int conn, int in, int out, int err, const char *path, char **argv, const char *script,
        int ns) {
    int feed[2] = {-1, -1};
    if (script && pipe2(feed, O_CLOEXEC) != 0) {
        refuse(conn, err, "no pipe for nft's script");
        return;
    }
    pid_t child = request_child(conn, ns, script ? feed[0] : in, out, err);
    if (child < 0) return;
    if (child == 0) {
        /* Only what nft needs stays possible, root included. */
        for (int cap = 0; cap <= 63; cap++) {
            int kept = cap == CAP_NET_RAW || cap == CAP_NET_ADMIN;
            if (!kept && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
        }
        if (keep_network_capabilities() != 0) {
            dprintf(2, "labnet: cannot keep the lab network's capabilities: %s\n", strerror(errno));
            _exit(127);
        }
        if (refuse_user_namespaces() != 0) {
            dprintf(2, "labnet: cannot install the seccomp filter: %s\n", strerror(errno));
            _exit(127);
        }
        char *empty[] = {NULL};
        execve(path, argv, empty);
        dprintf(2, "labnet: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    if (script) {
        close(feed[0]);
        (void) !write(feed[1], script, strlen(script));
        close(feed[1]);
    }
    close(out);
    close(err);
    send_status(conn, exit_code(wait_or_end(conn, child, 100)));
}

/* One request, in a process of its own: checked, then run, or refused with one line. */
static void serve_request(struct request *r, int *fds, int count) {
    int conn = fds[0], out = fds[1], err = fds[2];
    signal(SIGCHLD, SIG_DFL); /* the broker lets its own children go unwaited; this one waits for its program */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    const char *why = "unknown request: the broker takes capture, nft, capture-in, nft-in, contain, host, network, endpoint,"
                      " link and netem only";
    char path[4096];
    if (r->count >= 1 && strcmp(r->words[0], "contain") == 0) {
        if (contain_request(r, fds, count, &why) == 0) return;
    } else if (r->count == 1 && strcmp(r->words[0], "host") == 0 && count == REQUEST_FDS) {
        make_host(conn, out, err, -1, r, -1);
        return;
    } else if (r->count >= 2 && strcmp(r->words[0], "host") == 0 && strcmp(r->words[1], "wire") == 0
            && (count == REQUEST_FDS || count == REQUEST_FDS + 1)) {
        /* host wire SETTINGS... [ORDERS]: joined by SocketLab's own wire (issue 55), its settings checked here first;
         * a fourth descriptor, when given, is the wire's standard input: the lab's changes to the link (issue 60) */
        if (wire_settings(r, 2, &why) == 0) {
            make_host(conn, out, err, count == REQUEST_FDS + 1 ? fds[REQUEST_FDS] : -1, r, 2);
            return;
        }
    } else if (r->count == 1 && strcmp(r->words[0], "network") == 0 && count == REQUEST_FDS) {
        make_network(conn, out, err);
        return;
    } else if (r->count == 3 && strcmp(r->words[0], "link") == 0 && count == REQUEST_FDS) {
        set_link(conn, err, r->words[1], r->words[2]);
        return;
    } else if (r->count == 1 && strcmp(r->words[0], "netem") == 0 && count == REQUEST_FDS) {
        probe_netem(conn, out);
        return;
    } else if (r->count >= 1 && strcmp(r->words[0], "endpoint") == 0) {
        int ns = -1;
        if (r->count != 3 || count != REQUEST_FDS + 1) why = "endpoint takes a name, a host and four descriptors";
        else if (!safe_name(r->words[1])) why = "endpoint: the name is 1-64 letters, digits, '-' and '_'";
        else if ((ns = host_namespace(r->words[2])) < 0) why = "endpoint: the host is not one this lab made";
        else if (endpoint_program(path, sizeof path) != 0) why = "endpoint: no socketlab-endpoint beside labnet";
        else {
            start_endpoint(conn, out, err, fds[REQUEST_FDS], r->words[1], ns, path);
            return;
        }
        if (ns >= 0) close(ns);
    } else if (count != REQUEST_FDS) {
        why = "capture, nft, capture-in and nft-in take three descriptors";
    } else if (r->count >= 1 && (strcmp(r->words[0], "capture") == 0 || strcmp(r->words[0], "capture-in") == 0)) {
        /* capture-in HOST nflog:N SNAPLEN: a log group of the second host HOST (its drop rules log there) */
        const char *device;
        unsigned snap;
        int far = strcmp(r->words[0], "capture-in") == 0, ns = -1;
        if (far && (r->count < 2 || (ns = host_namespace(r->words[1])) < 0))
            why = "capture-in: the host is not one this lab made";
        else if (capture_request(r, far ? 2 : 1, far, &device, &snap, &why) == 0) {
            run_capture(conn, devnull, out, err, device, snap, ns); /* labnet's own capture (reader.c), never tcpdump */
            return;
        }
        if (ns >= 0) close(ns);
    } else if (r->count >= 1 && (strcmp(r->words[0], "nft") == 0 || strcmp(r->words[0], "nft-in") == 0)) {
        /* nft-in HOST OP...: the table of the second host HOST (its drop rules act on what arrives there) */
        static char script[MAX_SCRIPT];
        int far = strcmp(r->words[0], "nft-in") == 0, ns = -1;
        if (far && (r->count < 2 || (ns = host_namespace(r->words[1])) < 0))
            why = "nft-in: the host is not one this lab made";
        else if (nft_script(r, far ? 2 : 1, far, script, &why) == 0) {
            char *argv[] = {"nft", "-f", "-", NULL};
            if (!system_program("nft", path, sizeof path)) why = "nft is not installed in a system folder";
            else {
                run_privileged(conn, devnull, out, err, path, argv, script, ns);
                return;
            }
        }
        if (ns >= 0) close(ns);
    }
    refuse(conn, err, why);
}

/* Splits a request's payload (NUL-terminated words) into words; -1 if it is not that. */
static int words(char *payload, ssize_t n, struct request *r) {
    r->count = 0;
    if (n <= 0 || payload[n - 1] != '\0') return -1;
    for (char *p = payload; p < payload + n; p += strlen(p) + 1) {
        if (r->count == MAX_WORDS) return -1;
        r->words[r->count++] = p;
    }
    r->words[r->count] = NULL;
    return 0;
}

/* The broker: one request a message on its end of the socketpair, until every holder of the other end is gone. */
void broker(int channel) {
    struct sigaction ignore = {.sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT};
    sigaction(SIGCHLD, &ignore, NULL);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        static char payload[MAX_PAYLOAD];
        char control[CMSG_SPACE(MAX_REQUEST_FDS * sizeof(int))];
        struct iovec iov = {payload, sizeof payload};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
        ssize_t n = recvmsg(channel, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0); /* the lab's program and everything that shared its end are gone */
        int fds[MAX_REQUEST_FDS], count = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            int here = (int) ((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < here && count < MAX_REQUEST_FDS; i++) memcpy(&fds[count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        }
        struct request r;
        int whole = count >= REQUEST_FDS && !(msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) && words(payload, n, &r) == 0;
        if (whole && fork() == 0) {
            close(channel);
            serve_request(&r, fds, count);
            _exit(0);
        }
        if (!whole && count >= 1) send_status(fds[0], REFUSED);
        for (int i = 0; i < count; i++) close(fds[i]);
    }
}

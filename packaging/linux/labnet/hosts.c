/* The second host: its network namespace, the veth link to the lab's, and an endpoint started in it. */
#include "labnet.h"

#include <linux/capability.h>
#include <linux/sock_diag.h>
#include <sched.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------------------------------------------------------
 * hosts: a second machine in the lab (issue 40). The lab's namespace is the first host (the client's); the request
 * makes the second (the server's): a network namespace of its own joined to the lab's by a veth pair, each end with
 * its fixed address, MTU 1500 and segmentation offloads off (so the capture shows the segments a NIC would send).
 *
 *   host                 fds: reply socket, stdout, stderr. The request's process makes the host and stays in it;
 *                        the reply gets its pid (4 bytes, with a sock_diag socket of the host's namespace attached)
 *                        once the host is ready, and the exit status when it is gone:
 *                        when the caller closes its reply socket (or ends) the link is deleted and the host ends.
 *   host wire SETTINGS   the same, the hosts joined through a middle namespace by SocketLab's own wire (middle.c),
 *                        whose fates come on stdout; where it cannot be, the plain link and "wire missing WHY" there.
 *                        A fourth descriptor, if given, is the wire's stdin: "set" lines that change the link live.
 *   network              fds: reply socket, stdout, stderr. A room's network: loopback only (make_network).
 *   endpoint NAME HOST   fds: reply socket, stdout, stderr, the endpoint's control channel. socketlab-endpoint (the
 *                        one beside labnet, nothing the caller names) runs in HOST's network namespace, HOST being
 *                        the pid a host request answered; with no capability, the seccomp filter, an empty
 *                        environment, the channel as descriptor ENDPOINT_CONTROL (100). The reply gets its pid,
 *                        then its exit status.
 * The link's pieces (a veth pair, an end's address and offloads) are veth.c's, which middle.c's wired link uses too.
 * Nothing but the link's two addresses (labnet.h) is ever given to an interface; nothing is routed beyond the link.
 */

/* The reply gets this process's pid (4 bytes) with a sock_diag socket of its network namespace attached: the lab's
 * program, which may not enter it, still follows the connections there (FIN_WAIT_2, TIME_WAIT). It reads; it cannot
 * destroy. */
static void hand_over(int conn) {
    int self = (int) getpid();
    int diag = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct iovec iov = {&self, sizeof self};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (diag >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &diag, sizeof diag);
    }
    (void) !sendmsg(conn, &msg, 0);
    if (diag >= 0) close(diag);
}

/* Only CAP_NET_ADMIN is kept; then this process may be dumpable, so that the endpoint requests (the broker's, with every
 * capability) can open its namespace, while the lab's program (with none) still cannot trace it or look inside it: it
 * holds a capability that program lacks. 0, or -1. */
static int keep_only_net_admin(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    data[0].effective = data[0].permitted = 1u << CAP_NET_ADMIN;
    if (syscall(SYS_capset, &header, data) != 0 || prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) return -1;
    return 0;
}

/* host [wire SETTINGS...]: in the request's own process, which becomes the server host's keeper (see above). With
 * wire_first >= 0 the hosts are joined through the wire (middle.c); where it cannot be, by the plain link, the reason
 * on stdout ("wire missing STEP: ERROR"), which is all the keeper ever writes there. */
void make_host(int conn, int out, int err, int orders, const struct request *r, int wire_first) {
    const char *step = "namespace";
    int lab = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), there = -1, failed = 0, wired = 0, middle_rtnl = -1;
    pid_t wire = -1;
    if (lab < 0 || unshare(CLONE_NEWNET) != 0) failed = 1;
    if (!failed) there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (!failed && (there < 0 || (step = "loopback", interface_up("lo")) != 0)) failed = 1;
    if (!failed) choose_congestion_control(); /* the server's kernel chooses as the lab's does (util.c) */
    if (!failed && wire_first >= 0) {
        const char *why = "";
        wired = make_wired_link(lab, there, r, wire_first, out, err, orders, &wire, &middle_rtnl, &why) == 0;
        if (!wired) dprintf(out, "wire missing %s: %s\n", why, strerror(errno));
    }
    if (!failed && !wired && ((step = "link", make_veth(LINK_THERE, LINK_HERE, lab)) != 0
            || configure_end(LINK_THERE, ADDRESS_THERE, &step) != 0))
        failed = 1;
    /* The lab's end, from the lab's namespace; then back to the server host's, which this process keeps. */
    if (!failed && !wired && ((step = "setns", setns(lab, CLONE_NEWNET)) != 0
            || configure_end(LINK_HERE, ADDRESS_HERE, &step) != 0 || (step = "setns", setns(there, CLONE_NEWNET)) != 0))
        failed = 1;
    if (failed) {
        dprintf(err, "labnet: host: %s: %s\n", step, strerror(errno));
        if (there >= 0) (void) delete_veth(LINK_THERE); /* wherever this process is, one end deletes both */
        (void) delete_veth(LINK_HERE);
        send_status(conn, 127);
        return;
    }
    close(out); /* the wire has its own copy: its fates end when it does */
    if (orders >= 0) close(orders); /* so has it of its orders: the lab's end closing is then seen there */
    /* Only CAP_NET_ADMIN is kept (to delete the link at the end); then this process may be dumpable, so that the
     * endpoint requests (the broker's, with every capability) can open its namespace, while the lab's program (with
     * none) still cannot trace it or look inside it: it holds a capability that program lacks. */
    if (keep_only_net_admin() != 0) {
        dprintf(err, "labnet: host: capabilities: %s\n", strerror(errno));
        if (wired) unmake_wired_link(wire, middle_rtnl);
        (void) delete_veth(LINK_THERE);
        send_status(conn, 127);
        return;
    }
    close(err);
    close(lab);
    hand_over(conn);
    /* Until the caller closes its reply socket or ends: then the link goes (deleting one end deletes both), and the
     * wire with its middle ends first. */
    struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    if (wired) unmake_wired_link(wire, middle_rtnl);
    int status = delete_veth(LINK_THERE) == 0 ? 0 : 1;
    send_status(conn, status);
}

/* A room's network (issue 54): a namespace with its loopback only, no link to anything. The request's process makes it
 * and stays in it; the reply gets its pid (with a sock_diag socket of it) once it is ready, and status 0 when the
 * caller closes its reply socket. A contain request runs its program there (NETWORK), an endpoint request plays the
 * check's side there: a batch's submissions, each in its own, cannot see or reach one another. */
void make_network(int conn, int out, int err) {
    const char *step = "namespace";
    if (unshare(CLONE_NEWNET) != 0 || (step = "loopback", interface_up("lo")) != 0
            || (choose_congestion_control(), step = "capabilities", keep_only_net_admin()) != 0) {
        dprintf(err, "labnet: network: %s: %s\n", step, strerror(errno));
        send_status(conn, 127);
        return;
    }
    close(out);
    close(err);
    hand_over(conn);
    struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    send_status(conn, 0);
}

/* A safe name: 1-64 ASCII letters, digits, '-' and '_' (lab/SafeName's rule). */
int safe_name(const char *name) {
    size_t n = strlen(name);
    if (n < 1 || n > 64) return 0;
    for (const char *p = name; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    }
    return 1;
}

/* The network namespace of a host this broker made: HOST is a request process of this broker (its parent is ours)
 * whose namespace is not the lab's own. -1 otherwise. */
int host_namespace(const char *host) {
    long pid = number(host, 2, 4194304);
    if (pid < 0) return -1;
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    if (n <= 0) return -1;
    line[n] = '\0';
    char *end = strrchr(line, ')');
    char state;
    long parent;
    if (!end || sscanf(end + 1, " %c %ld", &state, &parent) != 2 || parent != (long) getppid()) return -1;
    snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
    int ns = open(path, O_RDONLY | O_CLOEXEC);
    struct stat theirs, ours;
    if (ns < 0 || fstat(ns, &theirs) != 0 || stat("/proc/self/ns/net", &ours) != 0
            || (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino)) {
        if (ns >= 0) close(ns);
        return -1;
    }
    return ns;
}

/* socketlab-endpoint beside this very program (target/native from source, lib/ of the app-image). */
int endpoint_program(char *path, size_t size) {
    ssize_t n = readlink("/proc/self/exe", path, size - 1);
    if (n <= 0) return -1;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash || (size_t) (slash - path) + sizeof "/socketlab-endpoint" > size) return -1;
    strcpy(slash, "/socketlab-endpoint");
    return access(path, X_OK);
}

void start_endpoint(int conn, int out, int err, int control, const char *name, int ns, const char *program) {
    struct ucred caller;
    socklen_t len = sizeof caller;
    int traced_by = getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &caller, &len) == 0 ? caller.pid : 0;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        refuse(conn, err, "endpoint: fork failed");
        return;
    }
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        if (setns(ns, CLONE_NEWNET) != 0) {
            dprintf(err, "labnet: endpoint: setns: %s\n", strerror(errno));
            _exit(127);
        }
        int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || dup2(control, ENDPOINT_CONTROL) < 0)
            _exit(127);
        /* The lab's program reads the endpoint's sockets with pidfd_getfd, as it does its own children's (Yama). */
        if (traced_by > 0) (void) prctl(PR_SET_PTRACER, (unsigned long) traced_by, 0, 0, 0);
        drop_all_capabilities();
        if (refuse_user_namespaces() != 0) _exit(127);
        syscall(SYS_close_range, 3, ENDPOINT_CONTROL - 1, 0);
        syscall(SYS_close_range, ENDPOINT_CONTROL + 1, ~0u, 0);
        char parent_text[24], title[96];
        snprintf(parent_text, sizeof parent_text, "%d", (int) parent);
        snprintf(title, sizeof title, "socketlab: %s", name);
        char *argv[] = {title, (char *) name, parent_text, NULL};
        char *empty[] = {NULL};
        execve(program, argv, empty);
        _exit(127);
    }
    close(out);
    close(err);
    close(control);
    close(ns);
    int pid = (int) child;
    (void) !write(conn, &pid, sizeof pid);
    send_status(conn, exit_code(wait_or_end(conn, child, 1000)));
}

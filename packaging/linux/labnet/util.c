/* labnet's small helpers, shared by its parts: files, numbers, programs, capabilities, and the words a request's
 * process and its caller exchange (a status byte, a step's outcome, a child's end). */
#include "labnet.h"

#include <linux/capability.h>
#include <net/if.h>
#include <sys/ioctl.h>

static const char *const FOLDERS[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};

int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t) strlen(text) ? 0 : -1;
}

/* The interface NAME up, in the network namespace this process is in. */
int interface_up(const char *name) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    int rc = ioctl(s, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

/* A number written in plain decimal digits, within [low, high]; -1 when it is anything else. */
long number(const char *text, long low, long high) {
    if (!text || !*text || strlen(text) > 9) return -1;
    long value = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        value = value * 10 + (*p - '0');
    }
    return value < low || value > high ? -1 : value;
}

/* A system program, by its fixed name, from a system folder only (never the caller's PATH). */
const char *system_program(const char *name, char *path, size_t size) {
    for (size_t i = 0; i < sizeof FOLDERS / sizeof FOLDERS[0]; i++) {
        snprintf(path, size, "%s/%s", FOLDERS[i], name);
        if (access(path, X_OK) == 0) return path;
    }
    return NULL;
}

/* Keeps CAP_NET_RAW and CAP_NET_ADMIN across execve for a non-root user: inheritable, then ambient. */
int keep_network_capabilities(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    data[0].inheritable = (1u << CAP_NET_RAW) | (1u << CAP_NET_ADMIN);
    data[1].inheritable = 0;
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0) != 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) != 0) return -1;
    return 0;
}

/* COMMAND keeps no capability, root included: no inheritable or ambient ones, an empty bounding set. */
void drop_all_capabilities(void) {
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) == 0) {
        data[0].inheritable = data[1].inheritable = 0;
        syscall(SYS_capset, &header, data);
    }
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
    }
}

void send_status(int conn, int status) {
    unsigned char code = (unsigned char) status;
    (void) !write(conn, &code, 1);
}

void refuse(int conn, int err, const char *why) {
    dprintf(err, "labnet: request refused: %s\n", why);
    send_status(conn, REFUSED);
}

/* An ordinary user maps only itself; root maps itself and nobody (65534), which contained programs run as: root's real
 * uid is exempt from RLIMIT_NPROC, nobody's is not. */
int write_map(pid_t pid, const char *file, unsigned id) {
    char path[64], map[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    if (id == 0) snprintf(map, sizeof map, "0 0 1\n%u %u 1\n", NOBODY, NOBODY);
    else snprintf(map, sizeof map, "%u %u 1\n", id, id);
    return write_file(path, map);
}

/* A step's outcome between the two processes: 0 done, else the errno (negative: seccomp refused). */
int report(int fd, int err) {
    return write(fd, &err, sizeof err) == (ssize_t) sizeof err ? 0 : -1;
}
int outcome(int fd) {
    int err;
    ssize_t n = read(fd, &err, sizeof err);
    return n == (ssize_t) sizeof err ? err : EPIPE;
}

/* A wait status as an exit status: the program's own, or 128 + the signal that ended it (as a shell says it). */
int exit_code(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* CHILD ended: SIGTERM, up to GRACE_TRIES times 10 ms to end by itself, then SIGKILL. Its wait status. */
int end_child(pid_t child, int grace_tries) {
    int status = 0;
    kill(child, SIGTERM);
    for (int i = 0; i < grace_tries; i++) {
        if (waitpid(child, &status, WNOHANG) == child) return status;
        usleep(10 * 1000);
    }
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return status;
}

/* Waits for CHILD, a program run for the caller at the other end of CONN; when the caller goes away (closes, shuts
 * down or is killed; looked at every POLL_MS) its program ends with it. The child's wait status. */
int wait_or_end(int conn, pid_t child, int poll_ms) {
    int status = 0;
    for (;;) {
        if (waitpid(child, &status, WNOHANG) == child) return status;
        struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
        if (poll(&p, 1, poll_ms) > 0 && (p.revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR)))
            return end_child(child, 20);
    }
}

/* The broker's end this process inherited (SOCKETLAB_LABNET=<fd>:<broker pid>), if it is one; else -1. */
int channel_from_environment(void) {
    const char *value = getenv("SOCKETLAB_LABNET");
    if (!value) return -1;
    char *end;
    long fd = strtol(value, &end, 10);
    if (end == value || *end != ':' || fd < 3 || fd > 65535) return -1;
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt((int) fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_SEQPACKET) return -1;
    return (int) fd;
}

/* The congestion control of the network namespace this process is in (issue 55): CUBIC where this system lets a
 * namespace choose it (net.ipv4.tcp_allowed_congestion_control lists it; a namespace's default must be allowed), else
 * Reno, which every kernel has and allows. What the lab's loss lessons show depends on it, so it is chosen, not
 * inherited from the host (often BBR). The lab reads which from net.ipv4.tcp_congestion_control. */
int choose_congestion_control(void) {
    char allowed[256] = "";
    int fd = open("/proc/sys/net/ipv4/tcp_allowed_congestion_control", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, allowed, sizeof allowed - 1);
        allowed[n > 0 ? n : 0] = '\0';
        close(fd);
    }
    int cubic = 0;
    for (char *word = strtok(allowed, " \n"); word; word = strtok(NULL, " \n")) cubic |= strcmp(word, "cubic") == 0;
    if (cubic && write_file("/proc/sys/net/ipv4/tcp_congestion_control", "cubic") == 0) return 0;
    return write_file("/proc/sys/net/ipv4/tcp_congestion_control", "reno");
}

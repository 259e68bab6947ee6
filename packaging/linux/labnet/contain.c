/*
 * labnet: SocketLab's private lab network, for users without root. A boundary, not a door.
 *
 *   labnet enter [--strict] [--] COMMAND [ARGS...]
 *       Makes a new user + network namespace (the user mapped to itself, not to root), brings its loopback up,
 *       leaves behind a broker that keeps the namespace's CAP_NET_RAW and CAP_NET_ADMIN, and runs COMMAND in the
 *       namespace WITHOUT any capability: a student's bind() to port 80 still gets EACCES and socket(SOCK_RAW) EPERM.
 *       COMMAND inherits one end of a socketpair to the broker; SOCKETLAB_LABNET=<fd>:<broker pid> says which.
 *       When the namespace cannot be made (user namespaces disabled by sysctl, AppArmor's restriction on Ubuntu
 *       >= 23.10, a container's seccomp filter, no seccomp here), COMMAND runs on this computer's network with
 *       SOCKETLAB_LABNET_ERROR=<code>:<errno> so it can say why; `labnet enter --strict` exits 3 instead.
 *
 *       COMMAND may ask to continue on this computer's network instead (the window's "this computer's loopback"):
 *       it writes "host" to the pipe whose fd SOCKETLAB_LABNET_LEAVE names, then exits; labnet then runs COMMAND
 *       again, on the host's network, with SOCKETLAB_NETWORK=host. A namespace cannot be left from inside.
 *
 *   labnet capture DEVICE           (a test's independent look at the wire: needs the broker's end, inherited)
 *       Asks the broker inherited through SOCKETLAB_LABNET for a capture of DEVICE; the pcap goes to stdout.
 *
 *   labnet nft-script [--far] OP... prints the nft script a request (nft-in with --far) would run; runs nothing
 *
 * What nothing labnet starts can do, on every distribution:
 *   - make a user namespace: before it execs anything (COMMAND in the lab or on the host, tcpdump, nft) labnet
 *     installs a seccomp filter, inherited by every descendant and never removable, under which unshare() and clone()
 *     with CLONE_NEWUSER fail with EPERM and clone3() with ENOSYS (its flags are in memory a filter cannot read; on
 *     ENOSYS glibc falls back to clone(), so threads and posix_spawn keep working, where EPERM would break them).
 *     Chosen over bubblewrap's per-namespace limit (user.max_user_namespaces=0 in a nested namespace) because the
 *     filter also holds for COMMAND on the host network. setns() into a user namespace needs CAP_SYS_ADMIN over it,
 *     which nothing here has outside the lab's own namespace.
 *   - run code inside labnet or its broker: labnet is linked statically (LD_PRELOAD never runs in it), and it is not
 *     dumpable once its namespace is made (a process of the same user cannot ptrace it or read its memory).
 *   - reach the broker: it has no name, only the socketpair COMMAND inherits (the lab's own program marks it
 *     close-on-exec at once); it reads structured requests (a type and checked parameters), never an argument list:
 *       capture DEVICE SNAPLEN   tcpdump on "lo" or "nflog:N", with an argument list the broker makes, to a pipe;
 *       nft OP...                nft on SocketLab's own table (inet socketlab), from fixed templates;
 *       capture-in HOST nflog:N SNAPLEN, nft-in HOST OP...   the same in the second host's namespace (its log
 *                                groups and its own table only), HOST being a host this broker made.
 *     Each program it runs gets an empty environment and is ended when the caller closes its reply socket.
 *     A refused request: one line on the caller's stderr, exit status 126, nothing run.
 *
 * No shell is ever run; programs are argument lists. Capabilities held are the namespace's only: the host's network,
 * files and processes are out of reach (the kernel checks them against the host's user namespace).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <arpa/inet.h>
#include <linux/seccomp.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 64
#define MAX_PAYLOAD 8192
#define MAX_SCRIPT 65536
#define REQUEST_FDS 3 /* reply socket, stdout, stderr */
#define REFUSED 126
#define NOBODY 65534u

extern char **environ;

static const char *const FOLDERS[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};

/* ---------------------------------------------------------------------------------------------------------------
 * No user namespaces: the seccomp filter.
 */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define COMPAT_ARCH AUDIT_ARCH_I386
#define COMPAT_CLONE 120
#define COMPAT_UNSHARE 310
#define COMPAT_CLONE3 435
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#define COMPAT_ARCH AUDIT_ARCH_ARM
#define COMPAT_CLONE 120
#define COMPAT_UNSHARE 337
#define COMPAT_CLONE3 435
#else
#error "labnet knows the system call numbers of x86_64 and aarch64 only"
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define ANSWER(value) BPF_STMT(BPF_RET | BPF_K, (value))
#define IF_EQUAL(value, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (value), (yes), (no))

/* clone(), unshare() and clone3() of one architecture's numbers: 9 instructions that always answer. The flags are the
 * first argument of clone and unshare on both architectures; CLONE_NEWUSER is in their low word (little-endian). */
#define NAMESPACE_CALLS(clone_nr, unshare_nr, clone3_nr)                                                              \
    LOAD(nr),                                          /* +0 */                                                      \
        IF_EQUAL(clone3_nr, 6, 0),                     /* +1: clone3 -> +8 */                                        \
        IF_EQUAL(clone_nr, 1, 0),                      /* +2: clone -> +4 */                                         \
        IF_EQUAL(unshare_nr, 0, 3),                    /* +3: unshare -> +4, anything else -> +7 */                  \
        LOAD(args[0]),                                 /* +4 */                                                      \
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1), /* +5 */                                          \
        ANSWER(SECCOMP_RET_ERRNO | EPERM),             /* +6 */                                                      \
        ANSWER(SECCOMP_RET_ALLOW),                     /* +7 */                                                      \
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS)             /* +8 */
#define NAMESPACE_CALLS_LENGTH 9

#if defined(__x86_64__)
/* x32 system calls (bit 30) have numbers of their own: none is needed here, none is allowed. */
#define NATIVE_PRELUDE LOAD(nr), BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1), ANSWER(SECCOMP_RET_ERRNO | ENOSYS),
#define NATIVE_PRELUDE_LENGTH 3
#else
#define NATIVE_PRELUDE
#define NATIVE_PRELUDE_LENGTH 0
#endif

static int refuse_user_namespaces(void) {
    struct sock_filter code[] = {
        LOAD(arch),
        IF_EQUAL(NATIVE_ARCH, 0, NATIVE_PRELUDE_LENGTH + NAMESPACE_CALLS_LENGTH),
        NATIVE_PRELUDE
        NAMESPACE_CALLS(__NR_clone, __NR_unshare, __NR_clone3),
        /* not native: the 32-bit compatibility calls; from any other architecture, no call at all */
        IF_EQUAL(COMPAT_ARCH, 0, NAMESPACE_CALLS_LENGTH),
        NAMESPACE_CALLS(COMPAT_CLONE, COMPAT_UNSHARE, COMPAT_CLONE3),
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS),
    };
    struct sock_fprog program = {(unsigned short) (sizeof code / sizeof code[0]), code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

/* ---------------------------------------------------------------------------------------------------------------
 * Small helpers.
 */
static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t) strlen(text) ? 0 : -1;
}

static int read_int(const char *path, int fallback) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fallback;
    char text[32];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return fallback;
    text[n] = '\0';
    char *end;
    long value = strtol(text, &end, 10);
    return end == text ? fallback : (int) value;
}

/* Why the namespace could not be made, as a stable code the program turns into one sentence with the real fix. */
static const char *why_not(int err) {
    const char *code = "failed";
    if (read_int("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0) == 1) code = "apparmor";
    else if (read_int("/proc/sys/user/max_user_namespaces", 1) == 0) code = "max_user_namespaces";
    else if (read_int("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0) code = "unprivileged_userns_clone";
    else if (err == EPERM || err == ENOSYS || err == EACCES) code = "not_permitted";
    errno = err;
    return code;
}

static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
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
static long number(const char *text, long low, long high) {
    if (!text || !*text || strlen(text) > 9) return -1;
    long value = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        value = value * 10 + (*p - '0');
    }
    return value < low || value > high ? -1 : value;
}

/* A system program, by its fixed name, from a system folder only (never the caller's PATH). */
static const char *system_program(const char *name, char *path, size_t size) {
    for (size_t i = 0; i < sizeof FOLDERS / sizeof FOLDERS[0]; i++) {
        snprintf(path, size, "%s/%s", FOLDERS[i], name);
        if (access(path, X_OK) == 0) return path;
    }
    return NULL;
}

/* Keeps CAP_NET_RAW and CAP_NET_ADMIN across execve for a non-root user: inheritable, then ambient. */
static int keep_network_capabilities(void) {
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
static void drop_all_capabilities(void) {
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

static int report(int fd, int err);
static int outcome(int fd);
static int write_map(pid_t pid, const char *file, unsigned id);

/* ---------------------------------------------------------------------------------------------------------------
 * The broker's structured requests.
 */
struct request {
    char *words[MAX_WORDS + 1];
    int count;
};

/* capture DEVICE SNAPLEN: tcpdump's whole argument list, made here. */
static int capture_arguments(const struct request *r, int first, int far, char **argv, char *storage, size_t size,
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

static int append(char *script, size_t *used, const char *format, ...) __attribute__((format(printf, 3, 4)));
static int append(char *script, size_t *used, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n = vsnprintf(script + *used, MAX_SCRIPT - *used, format, args);
    va_end(args);
    if (n < 0 || (size_t) n >= MAX_SCRIPT - *used) return -1;
    *used += (size_t) n;
    return 0;
}

/* The lab's table: an input chain that logs the lab's marker datagrams (its own UDP socket talking to itself). In the
 * second host's table (far) the markers come over the link from the lab's end and are dropped once logged: nothing
 * there listens for them, and an ICMP port unreachable would cross the link back. */
static int table(char *script, size_t *used, long group, long marker, int far) {
    return append(script, used,
            "add chain inet socketlab input { type filter hook input priority 0; policy accept; }\n"
            "add rule inet socketlab input %sudp sport %ld udp dport %ld log prefix \"mark\" group %ld%s\n",
            far ? "ip saddr 10.77.0.1 ip daddr 10.77.0.2 " : "", marker, marker, group, far ? " drop" : "");
}

/*
 * drop ID GROUP DIRECTION PORT KIND NUMBERS: a chain of its own that counts the packets its selectors send it
 * (numgen inc mod 1000) and drops the chosen ones (NUMBERS: 0-999, comma-separated), logging each to GROUP first.
 * DIRECTION is to-server (dport PORT) or to-client (sport PORT); KIND is any, syn, fin, data or ack.
 */
static int drop_rule(char **w, char *script, size_t *used, const char **why) {
    long id = number(w[1], 1, 999), group = number(w[2], 0, 65535), port = number(w[4], 1, 65535);
    const char *dir = strcmp(w[3], "to-server") == 0 ? "dport" : strcmp(w[3], "to-client") == 0 ? "sport" : NULL;
    const char *kind = w[5];
    int known = 0;
    const char *kinds[] = {"any", "syn", "fin", "data", "ack"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) known |= strcmp(kind, kinds[i]) == 0;
    if (id < 0 || group < 0 || port < 0 || !dir || !known)
        return *why = "nft drop: rule 1-999, group 0-65535, to-server or to-client, port 1-65535, any/syn/fin/data/ack", -1;
    /* the chosen packets: numbers below 1000, each once, ascending, comma-separated */
    char numbers[8192];
    size_t n = 0;
    long last = -1;
    const char *p = w[6];
    if (!*p) return *why = "nft drop: which packets (0-999, comma-separated)", -1;
    while (*p) {
        char digits[8];
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof digits) return *why = "nft drop: packet numbers are 0-999", -1;
        memcpy(digits, p, len);
        digits[len] = '\0';
        long value = number(digits, 0, 999);
        if (value <= last) return *why = "nft drop: packet numbers are 0-999, ascending", -1;
        last = value;
        n += (size_t) snprintf(numbers + n, sizeof numbers - n, "%s%ld", n ? ", " : "", value);
        p += len;
        if (*p == ',') p++;
    }
    if (append(script, used, "add chain inet socketlab drop%ld\n", id)
            || append(script, used,
                    "add rule inet socketlab drop%ld numgen inc mod 1000 { %s } log prefix \"lost%ld\" group %ld drop\n",
                    id, numbers, id, group))
        return *why = "nft drop: too many packet numbers", -1;
    char selector[256];
    int fail = 0;
    if (strcmp(kind, "any") == 0) {
        snprintf(selector, sizeof selector, "meta l4proto { tcp, udp } th %s %ld", dir, port);
        fail |= append(script, used, "add rule inet socketlab input %s jump drop%ld\n", selector, id);
    } else if (strcmp(kind, "syn") == 0 || strcmp(kind, "fin") == 0) {
        fail |= append(script, used, "add rule inet socketlab input tcp %s %ld tcp flags & %s == %s jump drop%ld\n",
                dir, port, kind, kind, id);
    } else {
        int data = strcmp(kind, "data") == 0;
        if (data) fail |= append(script, used, "add rule inet socketlab input udp %s %ld jump drop%ld\n", dir, port, id);
        /* A TCP segment carries data when its IP length is more than the IP and TCP headers: nft compares fields with
         * constants only, so one rule per TCP header length (data offset 5-15 words). */
        const char *bare = data ? "" : " tcp flags & (syn | fin | rst) == 0";
        const char *op = data ? ">" : "==";
        for (int words = 5; words <= 15; words++) {
            int header = 4 * words;
            fail |= append(script, used,
                    "add rule inet socketlab input ip hdrlength 5 tcp %s %ld @th,96,4 %d ip length %s %d%s jump drop%ld\n",
                    dir, port, words, op, 20 + header, bare, id);
            fail |= append(script, used,
                    "add rule inet socketlab input ip6 nexthdr tcp tcp %s %ld @th,96,4 %d ip6 length %s %d%s jump drop%ld\n",
                    dir, port, words, op, header, bare, id);
        }
    }
    return fail ? (*why = "nft drop: too long", -1) : 0;
}

/*
 * nft OP...: one nft transaction, on the table inet socketlab only. OPs are words:
 *   fresh GROUP MARKER   the table made anew (an earlier one in this network is replaced), with its marker rule
 *   reset GROUP MARKER   every rule removed; the table made again at once with its marker rule only
 *   drop ID GROUP DIRECTION PORT KIND NUMBERS
 * nft-in HOST OP...: the same operations on the table of the second host HOST (first: the word after HOST); its marker
 * rule takes only the markers that come over the link (see table()).
 */
static int nft_script(struct request *r, int first, int far, char *script, const char **why) {
    size_t used = 0;
    script[0] = '\0';
    if (r->count < first + 1) return *why = "nft takes at least one operation", -1;
    for (int i = first; i < r->count;) {
        char **w = r->words + i;
        int left = r->count - i;
        if ((strcmp(w[0], "fresh") == 0 || strcmp(w[0], "reset") == 0) && left >= 3) {
            long group = number(w[1], 0, 65535), marker = number(w[2], 1, 65535);
            if (group < 0 || marker < 0) return *why = "nft: group 0-65535, marker port 1-65535", -1;
            int fresh = strcmp(w[0], "fresh") == 0;
            if (append(&script[0], &used, "%sdelete table inet socketlab\nadd table inet socketlab\n",
                        fresh ? "add table inet socketlab\n" : "")
                    || table(script, &used, group, marker, far))
                return *why = "nft: too long", -1;
            i += 3;
        } else if (strcmp(w[0], "drop") == 0 && left >= 7) {
            if (drop_rule(w, script, &used, why) != 0) return -1;
            i += 7;
        } else {
            return *why = "nft: the operations are fresh, reset and drop, with their parameters", -1;
        }
    }
    return 0;
}

static void send_status(int conn, int status) {
    unsigned char code = (unsigned char) status;
    (void) !write(conn, &code, 1);
}

static void refuse(int conn, int err, const char *why) {
    dprintf(err, "labnet: request refused: %s\n", why);
    send_status(conn, REFUSED);
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
    pid_t child = fork();
    if (child < 0) {
        refuse(conn, err, "fork failed");
        return;
    }
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* a second host's program: in that host's network namespace (ns), before any capability goes */
        if (ns >= 0 && setns(ns, CLONE_NEWNET) != 0) {
            dprintf(err, "labnet: setns: %s\n", strerror(errno));
            _exit(127);
        }
        int fds[3] = {script ? feed[0] : in, out, err};
        for (int i = 0; i < 3; i++) {
            if (dup2(fds[i], i) < 0) _exit(127);
        }
        /* Only what capture and nft need stays possible, root included (-Z root keeps root with setgroups and setuid). */
        for (int cap = 0; cap <= 63; cap++) {
            int kept = cap == CAP_NET_RAW || cap == CAP_NET_ADMIN || cap == CAP_SETUID || cap == CAP_SETGID;
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
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
        if (poll(&p, 1, 100) > 0 && (p.revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR))) {
            /* The caller went away (closed, shut down or killed): its program ends with it. */
            kill(child, SIGTERM);
            for (int i = 0; i < 20 && waitpid(child, &status, WNOHANG) != child; i++) usleep(10 * 1000);
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            break;
        }
    }
    send_status(conn, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* ---------------------------------------------------------------------------------------------------------------
 * contain: a checked program in namespaces of its own (user, mount, PID), carried out by the broker, which alone in the
 * lab may make a user namespace.
 *
 *   contain NPROC CPU_SECONDS OPEN_FILES MEMORY_MB FILE_MB KINDS PROGRAM ARGS...
 *   fds: reply socket, stdout, stderr, then one folder (or file) per letter of KINDS:
 *     t  the working folder: a fresh, empty tmpfs of FILE_MB at its path, the program's working folder (first, once)
 *     r  shown read-only at its own path (the submission's folder)
 *     w  shown writable at its own path (SocketLab's own private folder, the tracer's FIFO)
 *   Paths come from the descriptors themselves (/proc/self/fd), never from the caller's words. PROGRAM is absolute and
 *   exec'd with ARGS as they are (an argument list, no shell, no search of PATH).
 *
 * The reply socket first gets the host pid of the namespace's init (4 bytes), then the exit status (1 byte).
 */
#define MAX_FOLDERS 5

struct containment {
    long nproc, cpu, nofile, memory_mb, file_mb;
    const char *kinds;
    char paths[MAX_FOLDERS][4096];
    int folders[MAX_FOLDERS], count;
    char **argv;
    uid_t uid;
    gid_t gid;
};

/* The folder's path from its descriptor; refused when it is gone, relative or the root itself. */
static int folder_path(int fd, char *path, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, size - 1);
    if (n <= 1 || path[0] != '/') return -1;
    path[n] = '\0';
    if (strstr(path, " (deleted)") || strstr(path, "/../") || strstr(path, "/./")) return -1;
    return 0;
}

static int contain_arguments(const struct request *r, int *fds, int count, struct containment *c, const char **why) {
    if (r->count < 8) return *why = "contain: NPROC CPU OPEN_FILES MEMORY_MB FILE_MB KINDS PROGRAM [ARGS...]", -1;
    c->nproc = number(r->words[1], 1, 4096);
    c->cpu = number(r->words[2], 1, 3600);
    c->nofile = number(r->words[3], 8, 65536);
    c->memory_mb = number(r->words[4], 16, 65536);
    c->file_mb = number(r->words[5], 1, 4096);
    if (c->nproc < 0 || c->cpu < 0 || c->nofile < 0 || c->memory_mb < 0 || c->file_mb < 0)
        return *why = "contain: processes 1-4096, cpu 1-3600 s, open files 8-65536, memory 16-65536 MB, files 1-4096 MB",
               -1;
    c->kinds = r->words[6];
    c->count = count - REQUEST_FDS;
    if ((int) strlen(c->kinds) != c->count || c->count < 1 || c->count > MAX_FOLDERS || c->kinds[0] != 't')
        return *why = "contain: one folder a letter of KINDS, the working folder (t) first", -1;
    for (int i = 0; i < c->count; i++) {
        char k = c->kinds[i];
        if ((k != 'r' && k != 'w' && k != 't') || (k == 't' && i > 0))
            return *why = "contain: KINDS are t (working folder, first), r (read-only) and w (writable)", -1;
        c->folders[i] = fds[REQUEST_FDS + i];
        if (folder_path(c->folders[i], c->paths[i], sizeof c->paths[i]) != 0)
            return *why = "contain: a folder that is gone, or the root itself", -1;
    }
    if (r->words[7][0] != '/') return *why = "contain: the program is an absolute path", -1;
    c->argv = (char **) &r->words[7];
    c->uid = getuid() == 0 ? NOBODY : getuid();
    c->gid = getuid() == 0 ? NOBODY : getgid();
    return 0;
}

/* mkdir -p, each new folder 0755 (they are made in the namespace's own tmpfs: a hidden folder's path made again). */
static void make_path(const char *path, int file) {
    char partial[4096];
    size_t n = strlen(path);
    if (n >= sizeof partial) return;
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        memcpy(partial, path, i);
        partial[i] = '\0';
        if (i == n && file) {
            int fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            if (fd >= 0) close(fd);
        } else {
            (void) mkdir(partial, 0755);
        }
    }
}

/* Mount flags a remount must keep (a user namespace may not drop those the outer mount has: they are locked). */
static unsigned long kept_flags(const char *path) {
    struct statvfs s;
    unsigned long flags = 0;
    if (statvfs(path, &s) != 0) return 0;
    if (s.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (s.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (s.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (s.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (s.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (s.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

static int empty_tmpfs(const char *path, const char *mode, uid_t uid, gid_t gid, long mb) {
    char options[128];
    snprintf(options, sizeof options, "mode=%s,uid=%u,gid=%u,size=%ldm,nr_inodes=4096", mode, (unsigned) uid,
            (unsigned) gid, mb);
    return mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, options);
}

/* The entries of SocketLab's own folder, open to a group (read and write, as for the owner). */
static void to_group(const char *path, gid_t gid) {
    DIR *dir = opendir(path);
    if (!dir) return;
    for (struct dirent *e; (e = readdir(dir));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode)) continue;
        (void) fchownat(dirfd(dir), e->d_name, (uid_t) -1, gid, AT_SYMLINK_NOFOLLOW);
        (void) fchmodat(dirfd(dir), e->d_name, (st.st_mode & 07777) | ((st.st_mode & 0700) >> 3), 0);
    }
    closedir(dir);
}

/* The folders again, opened in the new mount namespace (a bind mount takes its source from the caller's own), each the
 * very object the caller handed over (same device and inode, no symbolic link). */
static int reopen_folders(struct containment *c) {
    for (int i = 0; i < c->count; i++) {
        struct stat was, now;
        int fd = open(c->paths[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || fstat(c->folders[i], &was) != 0 || fstat(fd, &now) != 0 || was.st_dev != now.st_dev
                || was.st_ino != now.st_ino) {
            if (fd >= 0) close(fd);
            errno = ESTALE;
            return -1;
        }
        close(c->folders[i]);
        c->folders[i] = fd;
    }
    return 0;
}

/* The namespace's file system: empty places where the host keeps its users' files and sockets, then the folders the
 * request handed over, each at its own path. -1 (errno set) when a mount fails. */
static int contained_files(const struct containment *c, const char *home, const char **where) {
    *where = "/";
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
    /* /tmp and /var/tmp hold X11's sockets and everyone's files; /run/user and /run/dbus D-Bus's; the home the
     * grader's own files. */
    const char *hidden[] = {"/tmp", "/var/tmp", "/run/user", "/run/dbus", "/run/screen", home, "/root"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        const char *path = hidden[i];
        struct stat st;
        if (!path || path[0] != '/' || strcmp(path, "/") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        *where = path;
        int shared = strcmp(path, "/tmp") == 0 || strcmp(path, "/var/tmp") == 0;
        if (empty_tmpfs(path, shared ? "1777" : "0755", c->uid, c->gid, 16) != 0) return -1;
    }
    /* What lies beside the submission (the other submissions of a batch) is hidden with an empty folder over the
     * submission's parent; never a folder the system runs from. */
    const char *system[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt", "/proc",
            "/sys", "/dev", "/var", "/run", "/boot", "/snap", "/nix"};
    for (int i = 0; i < c->count; i++) {
        if (c->kinds[i] != 'r') continue;
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", c->paths[i]);
        char *slash = strrchr(parent, '/');
        if (!slash || slash == parent) continue;
        *slash = '\0';
        int kept = 0;
        for (size_t k = 0; k < sizeof system / sizeof system[0]; k++) kept |= strcmp(parent, system[k]) == 0;
        struct stat st;
        if (kept || stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        *where = parent;
        if (empty_tmpfs(parent, "0755", c->uid, c->gid, 16) != 0) return -1;
    }
    for (int i = 0; i < c->count; i++) {
        const char *path = c->paths[i];
        *where = path;
        struct stat st;
        if (fstat(c->folders[i], &st) != 0) return -1;
        make_path(path, !S_ISDIR(st.st_mode));
        if (c->kinds[i] == 't') {
            if (empty_tmpfs(path, "0700", c->uid, c->gid, c->file_mb) != 0) return -1;
            continue;
        }
        char from[64];
        snprintf(from, sizeof from, "/proc/self/fd/%d", c->folders[i]);
        if (mount(from, path, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
        if (c->kinds[i] == 'r') {
            unsigned long flags = kept_flags(path) | MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV;
            if (mount(NULL, path, NULL, flags, NULL) != 0) return -1;
        } else if (c->uid != getuid()) {
            /* Run as root, the program is nobody: SocketLab's own folder lets nobody's group in (the tracer's FIFO). */
            (void) fchownat(c->folders[i], "", (uid_t) -1, c->gid, AT_EMPTY_PATH);
            (void) chmod(path, 0770);
            to_group(path, c->gid);
        }
    }
    return 0;
}

static volatile sig_atomic_t contained_child, stop_asked;
static void pass_stop(int sig) {
    stop_asked = sig;
    if (contained_child > 0) kill((pid_t) contained_child, sig);
}

/* The namespace's init passes a stop to every process of the namespace (kill(-1) there spares only the init itself):
 * its one child is strace, which ignores SIGTERM while it traces a program it started with -o ("fatal signals are
 * always blocked"), so the program would never see it and the run would end only by the caller's SIGKILL after its
 * grace. Now the program ends as a stopped server does (strace then ends with it), or keeps running if it chooses to. */
static void pass_stop_to_namespace(int sig) {
    stop_asked = sig;
    if (contained_child > 0) kill(-1, sig);
}

/* The program itself, PID 2 or more: limits, its own session, the unprivileged user, no capability, the filter. */
static void contained_program(const struct containment *c, int out, int err, const char *home) {
    /* As from a terminal's shell: every signal's default action, none blocked. The broker ignores SIGPIPE (and
     * SocketLab, started as a job with &, SIGINT and SIGQUIT); an ignored signal stays ignored across exec, through
     * strace, and a checked server that does not ignore SIGPIPE survived the reset play it dies of. */
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct {
        int resource;
        rlim_t value;
    } limits[] = {
        {RLIMIT_NPROC, (rlim_t) c->nproc},
        {RLIMIT_CPU, (rlim_t) c->cpu},
        {RLIMIT_NOFILE, (rlim_t) c->nofile},
        {RLIMIT_AS, (rlim_t) c->memory_mb << 20},
        {RLIMIT_FSIZE, (rlim_t) c->file_mb << 20},
        {RLIMIT_CORE, 0},
    };
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        struct rlimit l = {limits[i].value, limits[i].value};
        if (setrlimit(limits[i].resource, &l) != 0) _exit(127);
    }
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    setsid();
    if (chdir(c->paths[0]) != 0) _exit(127);
    if (getuid() != c->uid) {
        /* root in the namespace is root's real uid, which RLIMIT_NPROC exempts: the program runs as nobody */
        if (setgroups(0, NULL) != 0 || setresgid(c->gid, c->gid, c->gid) != 0 || setresuid(c->uid, c->uid, c->uid) != 0)
            _exit(127);
    }
    drop_all_capabilities();
    if (refuse_user_namespaces() != 0) _exit(127);
    syscall(SYS_close_range, 3, ~0u, 0);
    char env_home[4200], env_lang[128];
    const char *lang = getenv("LANG");
    snprintf(env_home, sizeof env_home, "HOME=%s", home && home[0] == '/' ? home : "/tmp");
    snprintf(env_lang, sizeof env_lang, "LANG=%s", lang && strlen(lang) < 100 ? lang : "C.UTF-8");
    char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", env_home, env_lang, NULL};
    execve(c->argv[0], c->argv, env);
    dprintf(2, "labnet: cannot run %s: %s\n", c->argv[0], strerror(errno));
    _exit(127);
}

/* PID 1 of the namespace: starts the program as its child (a PID 1 ignores the signals it has no handler for, and a
 * program must not), reaps every orphan, passes SIGTERM on to every process of the namespace; when the program ends
 * it kills everything left in the namespace (daemons included) and ends with the program's status, which ends the
 * namespace. */
static void contained_init(const struct containment *c, int out, int err, const char *home, int alive) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct pollfd p = {alive, POLLIN, 0};
    if (poll(&p, 1, 0) > 0) _exit(127); /* the process outside already ended (its end of the pipe closed) */
    close(alive);
    (void) mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL); /* its own processes only */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t program = fork();
    if (program < 0) _exit(127);
    if (program == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        contained_program(c, out, err, home);
    }
    close(out);
    close(err);
    contained_child = program;
    struct sigaction on = {.sa_handler = pass_stop_to_namespace};
    sigaction(SIGTERM, &on, NULL);
    sigaction(SIGINT, &on, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    int status = 0, code = -1;
    for (;;) {
        int s;
        pid_t done = waitpid(-1, &s, 0);
        if (done < 0 && errno == EINTR) continue;
        if (done < 0) break;
        if (done == program) {
            status = s;
            code = WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
            contained_child = 0;
            kill(-1, SIGKILL);
        }
    }
    (void) status;
    _exit(code < 0 ? 127 : code);
}

/* contain: in the request's own process (in the lab's namespaces, with the broker's rights). */
static void contain(int conn, int out, int err, struct containment *c) {
    const char *home = getenv("HOME");
    int up[2], down[2], alive[2];
    if (pipe2(up, O_CLOEXEC) != 0 || pipe2(down, O_CLOEXEC) != 0 || pipe2(alive, O_CLOEXEC) != 0) {
        refuse(conn, err, "contain: no pipe");
        return;
    }
    pid_t parent = getpid();
    pid_t outer = fork();
    if (outer < 0) {
        refuse(conn, err, "contain: fork failed");
        return;
    }
    if (outer == 0) {
        /* The namespaces' maker, outside the new PID namespace: it waits for the init, and its death is the init's. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        close(up[0]);
        close(down[1]);
        close(alive[0]);
        /* The broker is not dumpable, so its /proc files are root's: this process must be, for its maps to be written
         * by the user itself (until they are). */
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0) {
            dprintf(err, "labnet: contain: no namespaces: %s\n", strerror(errno));
            report(up[1], errno);
            _exit(127);
        }
        report(up[1], 0);
        if (outcome(down[0]) != 0) _exit(127);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        const char *where = "";
        if (reopen_folders(c) != 0 || contained_files(c, home, &where) != 0) {
            dprintf(err, "labnet: contain: the file system at %s: %s\n", where, strerror(errno));
            report(up[1], -1);
            _exit(127);
        }
        int keep[2];
        if (pipe2(keep, O_CLOEXEC) != 0) _exit(127);
        pid_t init = fork();
        if (init < 0) _exit(127);
        if (init == 0) {
            close(up[1]);
            close(keep[1]);
            contained_init(c, out, err, home, keep[0]);
        }
        close(keep[0]);
        close(out);
        close(err);
        report(up[1], (int) init);
        contained_child = init;
        struct sigaction on = {.sa_handler = pass_stop};
        sigaction(SIGTERM, &on, NULL);
        int status;
        while (waitpid(init, &status, 0) < 0) {
            if (errno != EINTR) _exit(127);
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    close(up[1]);
    close(down[0]);
    close(alive[1]);
    close(out);
    int err_ok = outcome(up[0]);
    if (err_ok == 0) {
        char setgroups[64];
        snprintf(setgroups, sizeof setgroups, "/proc/%d/setgroups", (int) outer);
        uid_t uid = getuid();
        if ((uid != 0 && write_file(setgroups, "deny") != 0) || write_map(outer, "uid_map", (unsigned) uid) != 0
                || write_map(outer, "gid_map", (unsigned) getgid()) != 0) {
            dprintf(err, "labnet: contain: identity maps: %s\n", strerror(errno));
            err_ok = errno ? errno : EPERM;
        }
        report(down[1], err_ok);
    }
    int init = err_ok == 0 ? outcome(up[0]) : -1;
    close(err);
    int status = 0;
    if (init <= 0) {
        kill(outer, SIGKILL);
        waitpid(outer, &status, 0);
        send_status(conn, 127);
        return;
    }
    (void) !write(conn, &init, sizeof init);
    for (;;) {
        pid_t done = waitpid(outer, &status, WNOHANG);
        if (done == outer) break;
        /* Woken when the caller goes away or when the namespace's last holder of `alive` (its maker, its init)
         * ends; the program itself does not hold it. */
        struct pollfd p[2] = {{conn, POLLIN | POLLRDHUP, 0}, {alive[0], POLLIN, 0}};
        if (poll(p, 2, 1000) > 0 && p[1].revents) {
            waitpid(outer, &status, 0);
            break;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR)) {
            /* The caller ended the run (or ended): SIGTERM to the program by way of the init, then the namespace. */
            kill(outer, SIGTERM);
            for (int i = 0; i < 50 && waitpid(outer, &status, WNOHANG) != outer; i++) usleep(10 * 1000);
            kill(outer, SIGKILL);
            waitpid(outer, &status, 0);
            break;
        }
    }
    send_status(conn, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* ---------------------------------------------------------------------------------------------------------------
 * hosts: a second machine in the lab (issue 40). The lab's namespace is the first host (the client's); the request
 * makes the second (the server's): a network namespace of its own joined to the lab's by a veth pair, each end with
 * its fixed address, MTU 1500 and segmentation offloads off (so the capture shows the segments a NIC would send).
 *
 *   host                 fds: reply socket, stdout, stderr. The request's process makes the host and stays in it;
 *                        the reply gets its pid (4 bytes, with a sock_diag socket of the host's namespace attached)
 *                        once the host is ready, and the exit status when it is gone:
 *                        when the caller closes its reply socket (or ends) the link is deleted and the host ends.
 *   endpoint NAME HOST   fds: reply socket, stdout, stderr, the endpoint's control channel. socketlab-endpoint (the
 *                        one beside labnet, nothing the caller names) runs in HOST's network namespace, HOST being
 *                        the pid a host request answered; with no capability, the seccomp filter, an empty
 *                        environment, the channel as descriptor 100. The reply gets its pid, then its exit status.
 * Nothing but the addresses below is ever given to an interface; nothing is routed beyond the link.
 */
#define LINK_HERE "link-a"   /* the lab's (client's) end */
#define LINK_THERE "link-b"  /* the server host's end */
#define ADDRESS_HERE 0x0a4d0001u  /* 10.77.0.1 */
#define ADDRESS_THERE 0x0a4d0002u /* 10.77.0.2 */
#define LINK_PREFIX 24
#define LINK_MTU 1500

struct netlink_request {
    struct nlmsghdr header;
    char body[1024];
};

static struct rtattr *attribute(struct netlink_request *q, unsigned short type, const void *data, size_t size) {
    struct rtattr *a = (struct rtattr *) ((char *) q + NLMSG_ALIGN(q->header.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short) RTA_LENGTH(size);
    if (size) memcpy(RTA_DATA(a), data, size);
    q->header.nlmsg_len = NLMSG_ALIGN(q->header.nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static void nest_end(struct netlink_request *q, struct rtattr *nest) {
    nest->rta_len = (unsigned short) ((char *) q + q->header.nlmsg_len - (char *) nest);
}

/* One rtnetlink request in this process's network namespace, answered by its acknowledgement: 0, or -1 with errno. */
static int netlink(struct netlink_request *q) {
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (s < 0) return -1;
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
    close(s);
    errno = err;
    return rc;
}

/* The veth pair, made from the server host's namespace: LINK_THERE here, LINK_HERE in the lab's (lab_ns). */
static int make_link(int lab_ns) {
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    q.header.nlmsg_type = RTM_NEWLINK;
    q.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    unsigned mtu = LINK_MTU;
    attribute(&q, IFLA_IFNAME, LINK_THERE, sizeof LINK_THERE);
    attribute(&q, IFLA_MTU, &mtu, sizeof mtu);
    struct rtattr *info = attribute(&q, IFLA_LINKINFO, NULL, 0);
    attribute(&q, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = attribute(&q, IFLA_INFO_DATA, NULL, 0);
    struct rtattr *peer = attribute(&q, VETH_INFO_PEER, NULL, 0);
    q.header.nlmsg_len += NLMSG_ALIGN(sizeof(struct ifinfomsg)); /* the peer's own (empty) ifinfomsg */
    attribute(&q, IFLA_IFNAME, LINK_HERE, sizeof LINK_HERE);
    attribute(&q, IFLA_MTU, &mtu, sizeof mtu);
    attribute(&q, IFLA_NET_NS_FD, &lab_ns, sizeof lab_ns);
    nest_end(&q, peer);
    nest_end(&q, data);
    nest_end(&q, info);
    return netlink(&q);
}

static int delete_link(const char *name) {
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    q.header.nlmsg_type = RTM_DELLINK;
    attribute(&q, IFLA_IFNAME, name, strlen(name) + 1);
    return netlink(&q);
}

static int give_address(const char *name, uint32_t address) {
    unsigned index = if_nametoindex(name);
    if (index == 0) return -1;
    struct netlink_request q;
    memset(&q, 0, sizeof q);
    q.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
    q.header.nlmsg_type = RTM_NEWADDR;
    q.header.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    struct ifaddrmsg *a = NLMSG_DATA(&q.header);
    a->ifa_family = AF_INET;
    a->ifa_prefixlen = LINK_PREFIX;
    a->ifa_index = index;
    uint32_t net = htonl(address);
    attribute(&q, IFA_LOCAL, &net, sizeof net);
    attribute(&q, IFA_ADDRESS, &net, sizeof net);
    return netlink(&q);
}

static int link_up(const char *name) {
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

/* Segmentation (TSO, GSO) and receive (GRO) offloads off: each segment on the wire is one the capture shows. */
static int offloads_off(const char *name) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    unsigned commands[] = {ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO};
    int rc = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && rc == 0; i++) {
        struct ethtool_value value = {.cmd = commands[i], .data = 0};
        struct ifreq ifr;
        memset(&ifr, 0, sizeof ifr);
        strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
        ifr.ifr_data = (char *) &value;
        rc = ioctl(s, SIOCETHTOOL, &ifr);
    }
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

/* One end of the link, configured in the namespace this process is in. */
static int configure_end(const char *name, uint32_t address, const char **step) {
    if ((*step = "offloads", offloads_off(name)) != 0) return -1;
    if ((*step = "address", give_address(name, address)) != 0) return -1;
    if ((*step = "up", link_up(name)) != 0) return -1;
    return 0;
}

/* host: in the request's own process, which becomes the server host's keeper (see above). */
static void make_host(int conn, int err) {
    const char *step = "namespace";
    int lab = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), there = -1, failed = 0;
    if (lab < 0 || unshare(CLONE_NEWNET) != 0) failed = 1;
    if (!failed) there = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (!failed && (there < 0 || (step = "loopback", loopback_up()) != 0 || (step = "link", make_link(lab)) != 0
            || configure_end(LINK_THERE, ADDRESS_THERE, &step) != 0))
        failed = 1;
    /* The lab's end, from the lab's namespace; then back to the server host's, which this process keeps. */
    if (!failed && ((step = "setns", setns(lab, CLONE_NEWNET)) != 0 || configure_end(LINK_HERE, ADDRESS_HERE, &step) != 0
            || (step = "setns", setns(there, CLONE_NEWNET)) != 0))
        failed = 1;
    if (failed) {
        dprintf(err, "labnet: host: %s: %s\n", step, strerror(errno));
        if (there >= 0) (void) delete_link(LINK_THERE); /* wherever this process is, one end deletes both */
        (void) delete_link(LINK_HERE);
        send_status(conn, 127);
        return;
    }
    /* Only CAP_NET_ADMIN is kept (to delete the link at the end); then this process may be dumpable, so that the
     * endpoint requests (the broker's, with every capability) can open its namespace, while the lab's program (with
     * none) still cannot trace it or look inside it: it holds a capability that program lacks. */
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    data[0].effective = data[0].permitted = 1u << CAP_NET_ADMIN;
    if (syscall(SYS_capset, &header, data) != 0 || prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) {
        dprintf(err, "labnet: host: capabilities: %s\n", strerror(errno));
        (void) delete_link(LINK_THERE);
        send_status(conn, 127);
        return;
    }
    close(err);
    close(lab);
    /* With its pid, the host hands over a sock_diag socket of its own namespace: the lab's program, which may not
     * enter it, still follows its closed connections there (FIN_WAIT_2, TIME_WAIT). It reads; it cannot destroy. */
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
    /* Until the caller closes its reply socket or ends: then the link goes (deleting one end deletes both). */
    struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    int status = delete_link(LINK_THERE) == 0 ? 0 : 1;
    send_status(conn, status);
}

/* A safe name: 1-64 ASCII letters, digits, '-' and '_' (lab/SafeName's rule). */
static int safe_name(const char *name) {
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
static int host_namespace(const char *host) {
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

/* ---------------------------------------------------------------------------------------------------------------
 * The link's conditions (issue 40 item 2):
 *   link HOST KBIT   fds: reply socket, stdout, stderr. Both ends of the link to HOST (a host this broker made) send
 *                    at most KBIT kbit/s through a token bucket (tbf: burst 16 KiB, a queue of 200 ms at that rate);
 *                    0 removes it. Status 0 once set on both ends.
 *   netem            fds: reply socket, stdout, stderr. Whether this kernel has netem (delay, loss, duplication,
 *                    reordering): a netem qdisc is made on the lab's own loopback and removed at once; stdout says
 *                    "netem present", or "netem missing" with the kernel's errno. Nothing else is touched.
 * Only the lab's own interfaces, named here, never one the caller names.
 */
#define TBF_BURST 16384u
#define TBF_LATENCY_MS 200u
#define MAX_KBIT 10000000u /* 10 Gbit/s */

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

static void set_link(int conn, int err, const char *host, const char *rate) {
    long kbit = number(rate, 0, MAX_KBIT);
    int ns = kbit < 0 ? -1 : host_namespace(host);
    if (kbit < 0) {
        refuse(conn, err, "link: the rate is 0 to 10000000 kbit/s");
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

static void probe_netem(int conn, int out) {
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

/* socketlab-endpoint beside this very program (target/native from source, lib/ of the app-image). */
static int endpoint_program(char *path, size_t size) {
    ssize_t n = readlink("/proc/self/exe", path, size - 1);
    if (n <= 0) return -1;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash || (size_t) (slash - path) + sizeof "/socketlab-endpoint" > size) return -1;
    strcpy(slash, "/socketlab-endpoint");
    return access(path, X_OK);
}

static void start_endpoint(int conn, int out, int err, int control, const char *name, int ns, const char *program) {
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
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || dup2(control, 100) < 0)
            _exit(127);
        /* The lab's program reads the endpoint's sockets with pidfd_getfd, as it does its own children's (Yama). */
        if (traced_by > 0) (void) prctl(PR_SET_PTRACER, (unsigned long) traced_by, 0, 0, 0);
        drop_all_capabilities();
        if (refuse_user_namespaces() != 0) _exit(127);
        syscall(SYS_close_range, 3, 99, 0);
        syscall(SYS_close_range, 101, ~0u, 0);
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
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
        if (poll(&p, 1, 1000) > 0 && (p.revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR))) {
            kill(child, SIGTERM);
            for (int i = 0; i < 20 && waitpid(child, &status, WNOHANG) != child; i++) usleep(10 * 1000);
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            break;
        }
    }
    send_status(conn, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* One request, in a process of its own: checked, then run, or refused with one line. */
static void serve_request(struct request *r, int *fds, int count) {
    int conn = fds[0], out = fds[1], err = fds[2];
    signal(SIGCHLD, SIG_DFL); /* the broker lets its own children go unwaited; this one waits for its program */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    const char *why = "unknown request: the broker takes capture, nft, capture-in, nft-in, contain, host, endpoint, link"
                      " and netem only";
    char path[4096];
    if (r->count >= 1 && strcmp(r->words[0], "contain") == 0) {
        static struct containment c;
        if (contain_arguments(r, fds, count, &c, &why) == 0) {
            contain(conn, out, err, &c);
            return;
        }
    } else if (r->count == 1 && strcmp(r->words[0], "host") == 0 && count == REQUEST_FDS) {
        make_host(conn, err);
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
        char *argv[32], snap[24];
        int far = strcmp(r->words[0], "capture-in") == 0, ns = -1;
        if (far && (r->count < 2 || (ns = host_namespace(r->words[1])) < 0))
            why = "capture-in: the host is not one this lab made";
        else if (capture_arguments(r, far ? 2 : 1, far, argv, snap, sizeof snap, &why) == 0) {
            if (!system_program("tcpdump", path, sizeof path)) why = "tcpdump is not installed in a system folder";
            else {
                run_privileged(conn, devnull, out, err, path, argv, NULL, ns);
                return;
            }
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
static void broker(int channel) {
    struct sigaction ignore = {.sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT};
    sigaction(SIGCHLD, &ignore, NULL);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        static char payload[MAX_PAYLOAD];
        char control[CMSG_SPACE(8 * sizeof(int))];
        struct iovec iov = {payload, sizeof payload};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
        ssize_t n = recvmsg(channel, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0); /* the lab's program and everything that shared its end are gone */
        int fds[8], count = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            int here = (int) ((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < here && count < 8; i++) memcpy(&fds[count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
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

/* ---------------------------------------------------------------------------------------------------------------
 * labnet enter.
 */
/* An ordinary user maps only itself; root maps itself and nobody (65534), which contained programs run as: root's real
 * uid is exempt from RLIMIT_NPROC, nobody's is not. */
static int write_map(pid_t pid, const char *file, unsigned id) {
    char path[64], map[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    if (id == 0) snprintf(map, sizeof map, "0 0 1\n%u %u 1\n", NOBODY, NOBODY);
    else snprintf(map, sizeof map, "%u %u 1\n", id, id);
    return write_file(path, map);
}

static volatile sig_atomic_t forwarded_to;
static void forward(int sig) {
    if (forwarded_to > 0) kill((pid_t) forwarded_to, sig);
}

/* The parent's side once the lab network runs: it waits for COMMAND and passes signals on, so that whoever started
 * socketlab (a terminal, a desktop, a test) still stops it by stopping this process. */
static int wait_for(pid_t child) {
    forwarded_to = child;
    struct sigaction on = {.sa_handler = forward};
    int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &on, NULL);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return 127;
    }
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        raise(WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

static void forget_lab_variables(void) {
    unsetenv("SOCKETLAB_LABNET");
    unsetenv("SOCKETLAB_LABNET_HELPER");
    unsetenv("SOCKETLAB_LABNET_LEAVE");
}

/* COMMAND on this computer's network: with the filter too (nothing labnet starts makes a user namespace). */
static int on_host(char **argv, const char *failure, int err, int strict, int filtered) {
    char value[160];
    snprintf(value, sizeof value, "%s:%s", failure, strerror(err));
    if (strict) {
        fprintf(stderr, "labnet: no private network (%s)\n", value);
        return 3;
    }
    /* Without seccomp (an old or unusual kernel) there is no filter to add: on this computer's network COMMAND then has
     * the user's own rights, no more, as if labnet had not been there. */
    if (!filtered) (void) refuse_user_namespaces();
    setenv("SOCKETLAB_LABNET_ERROR", value, 1);
    forget_lab_variables();
    execvp(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

/* A step's outcome between the two processes: 0 done, else the errno (negative: seccomp refused). */
static int report(int fd, int err) {
    return write(fd, &err, sizeof err) == (ssize_t) sizeof err ? 0 : -1;
}
static int outcome(int fd) {
    int err;
    ssize_t n = read(fd, &err, sizeof err);
    return n == (ssize_t) sizeof err ? err : EPIPE;
}
#define SECCOMP_REFUSED (-1)

static int lab_command(char **argv);

static int enter(int argc, char **argv, int strict) {
    if (argc < 1) {
        fprintf(stderr, "usage: labnet enter [--strict] [--] COMMAND [ARGS...]\n");
        return 2;
    }
    /* The child makes the namespace; this process, still in the host's, writes the child's identity maps (as
     * newuidmap does): an unprivileged user maps only itself, with setgroups denied; root maps root and keeps
     * setgroups (Debian's tcpdump, run as root, calls it to stay root with -Z root). A step that fails leaves this
     * process on the host's network, where COMMAND then runs. */
    int up[2], down[2], leave[2];
    if (pipe2(up, O_CLOEXEC) != 0 || pipe2(down, O_CLOEXEC) != 0 || pipe2(leave, O_CLOEXEC | O_NONBLOCK) != 0)
        return on_host(argv, "failed", errno, strict, 0);
    uid_t uid = getuid();
    gid_t gid = getgid();
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return on_host(argv, "failed", errno, strict, 0);
    if (child == 0) {
        close(up[0]);
        close(down[1]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
            report(up[1], errno);
            _exit(127);
        }
        report(up[1], 0);
        if (outcome(down[0]) != 0) _exit(127); /* the maps could not be written */
        /* From here on nothing in this process can be traced by another of the user's (its maps are written). */
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        /* The filter comes after the broker is forked (lab_command): the broker may make the user namespaces of
         * `contain`; the parent's own filter, installed below, tells whether this kernel has seccomp at all. */
        int err = loopback_up() == 0 ? 0 : errno;
        report(up[1], err);
        if (err) _exit(127);
        close(up[1]);
        close(down[0]);
        close(leave[0]);
        /* The write end stays open across exec for COMMAND, blocking (a full pipe is impossible: one word). */
        fcntl(leave[1], F_SETFD, 0);
        fcntl(leave[1], F_SETFL, 0);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", leave[1]);
        setenv("SOCKETLAB_LABNET_LEAVE", fd, 1);
        return lab_command(argv);
    }
    close(up[1]);
    close(down[0]);
    close(leave[1]);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    int seccomp = refuse_user_namespaces() == 0 ? 0 : errno;
    int err = outcome(up[0]);
    if (err == 0) {
        char setgroups[64];
        snprintf(setgroups, sizeof setgroups, "/proc/%d/setgroups", (int) child);
        if ((uid != 0 && write_file(setgroups, "deny") != 0) || write_map(child, "uid_map", (unsigned) uid) != 0
                || write_map(child, "gid_map", (unsigned) gid) != 0)
            err = errno;
        report(down[1], err);
        if (err == 0) err = outcome(up[0]);
    }
    if (err == 0 && seccomp != 0) {
        kill(child, SIGKILL);
        err = SECCOMP_REFUSED;
    }
    if (err != 0) {
        waitpid(child, NULL, 0);
        if (err == SECCOMP_REFUSED) return on_host(argv, "seccomp", seccomp ? seccomp : ENOSYS, strict, 0);
        const char *why = why_not(err);
        return on_host(argv, why, err, strict, seccomp == 0);
    }
    close(up[0]);
    close(down[1]);
    int status = wait_for(child);
    char word[8] = "";
    /* Non-blocking: programs COMMAND started may still hold the pipe; only what it wrote before it ended counts. */
    ssize_t n = read(leave[0], word, sizeof word - 1);
    if (n >= 4 && strncmp(word, "host", 4) == 0) {
        setenv("SOCKETLAB_NETWORK", "host", 1);
        unsetenv("SOCKETLAB_LABNET_ERROR");
        forget_lab_variables();
        execvp(argv[0], argv);
        fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
        return 127;
    }
    return status;
}

/* In the lab network, with its capabilities: starts the broker, then runs COMMAND without them. */
static int lab_command(char **argv) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        fprintf(stderr, "labnet: cannot start the lab network's broker: %s\n", strerror(errno));
        return 127;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "labnet: fork: %s\n", strerror(errno));
        return 127;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(0);
        close(pair[1]);
        for (int fd = 3; fd < 1024; fd++) {
            if (fd != pair[0]) close(fd);
        }
        broker(pair[0]);
    }
    close(pair[0]);
    /* Everything from here on (COMMAND and what it starts) is kept from making user namespaces; the broker is not, and
     * puts the same filter on each program it runs before that program starts. */
    if (refuse_user_namespaces() != 0) {
        fprintf(stderr, "labnet: cannot install the seccomp filter: %s\n", strerror(errno));
        kill(pid, SIGKILL);
        return 127;
    }
    /* The lab's program inherits its end; it marks it close-on-exec at once, so what it starts does not. */
    fcntl(pair[1], F_SETFD, 0);
    char value[32];
    snprintf(value, sizeof value, "%d:%d", pair[1], (int) pid);
    unsetenv("SOCKETLAB_LABNET_HELPER");
    unsetenv("SOCKETLAB_LABNET_ERROR");
    setenv("SOCKETLAB_LABNET", value, 1);
    drop_all_capabilities();
    execvp(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

/* ---------------------------------------------------------------------------------------------------------------
 * labnet capture DEVICE: a client of the inherited broker, for tests and a look from a terminal of the lab's program.
 */
static int channel_from_environment(void) {
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

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) {
    stop_signal = sig;
}

static int capture(const char *device) {
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

/*
 * labnet contain WORK [--ro FOLDER]... -- PROGRAM [ARGS...]: a client of the inherited broker's contain request (tests,
 * and a look from a terminal of the lab's program): PROGRAM runs contained with the check's default limits, WORK its
 * empty working folder, each FOLDER visible read-only; its output is this process's. Prints nothing of its own.
 */
static int contain_client(int argc, char **argv) {
    int channel = channel_from_environment();
    if (channel < 0) {
        fprintf(stderr, "labnet: no lab network broker was handed to this process\n");
        return 125;
    }
    static char payload[MAX_PAYLOAD];
    int fds[REQUEST_FDS + MAX_FOLDERS], nfds = REQUEST_FDS;
    char kinds[MAX_FOLDERS + 1] = "";
    int i = 0;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        int ro = strcmp(argv[i], "--ro") == 0;
        if (ro && ++i == argc) return 2;
        if (nfds == REQUEST_FDS + MAX_FOLDERS || (!ro && nfds > REQUEST_FDS)) return 2;
        int fd = open(argv[i], O_PATH | O_CLOEXEC);
        if (fd < 0) return fprintf(stderr, "labnet: %s: %s\n", argv[i], strerror(errno)), 2;
        kinds[nfds - REQUEST_FDS] = ro ? 'r' : 't';
        kinds[nfds - REQUEST_FDS + 1] = '\0';
        fds[nfds++] = fd;
    }
    if (i + 1 >= argc || nfds == REQUEST_FDS) {
        fprintf(stderr, "usage: labnet contain WORK [--ro FOLDER]... -- PROGRAM [ARGS...]\n");
        return 2;
    }
    size_t used = 0;
    const char *head[] = {"contain", "64", "10", "64", "512", "16", kinds};
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++) {
        size_t n = strlen(head[k]) + 1;
        memcpy(payload + used, head[k], n);
        used += n;
    }
    for (int k = i + 1; k < argc; k++) {
        size_t n = strlen(argv[k]) + 1;
        if (used + n > sizeof payload) return 2;
        memcpy(payload + used, argv[k], n);
        used += n;
    }
    int reply[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, reply) != 0) return 125;
    fds[0] = reply[1], fds[1] = 1, fds[2] = 2;
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {payload, used};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
            .msg_controllen = CMSG_SPACE(nfds * sizeof(int))};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
    if (sendmsg(channel, &msg, 0) < 0) {
        fprintf(stderr, "labnet: cannot reach the broker: %s\n", strerror(errno));
        return 125;
    }
    close(reply[1]);
    for (int k = REQUEST_FDS; k < nfds; k++) close(fds[k]);
    int init = 0;
    unsigned char status = 125;
    if (read(reply[0], &init, sizeof init) == (ssize_t) sizeof init) (void) !read(reply[0], &status, 1);
    close(reply[0]);
    return status;
}

/* labnet nft-script [--far] OP...: the script an nft (nft-in with --far) request would run, printed, nothing run (the
 * templates' tests). */
static int print_nft_script(int argc, char **argv) {
    int far = argc >= 2 && strcmp(argv[1], "--far") == 0;
    if (far) argv++, argc--;
    struct request r = {.count = 0};
    for (int i = 0; i < argc && i < MAX_WORDS; i++) r.words[r.count++] = argv[i];
    r.words[r.count] = NULL;
    r.words[0] = "nft";
    static char script[MAX_SCRIPT];
    const char *why = NULL;
    if (nft_script(&r, 1, far, script, &why) != 0) {
        fprintf(stderr, "labnet: request refused: %s\n", why);
        return REFUSED;
    }
    fputs(script, stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "enter") == 0) {
        int first = 2, strict = 0;
        if (first < argc && strcmp(argv[first], "--strict") == 0) strict = 1, first++;
        if (first < argc && strcmp(argv[first], "--") == 0) first++;
        return enter(argc - first, argv + first, strict);
    }
    if (argc == 3 && strcmp(argv[1], "capture") == 0) return capture(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "contain") == 0) return contain_client(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "nft-script") == 0) return print_nft_script(argc - 1, argv + 1);
    fprintf(stderr, "usage: labnet enter [--strict] [--] COMMAND [ARGS...] | labnet capture DEVICE"
                    " | labnet contain WORK [--ro FOLDER]... -- PROGRAM [ARGS...] | labnet nft-script OP...\n");
    return 2;
}

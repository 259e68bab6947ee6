/*
 * labnet: SocketLab's private lab network, for users without root.
 *
 *   labnet enter [--] COMMAND [ARGS...]
 *       Makes a new user + network namespace (the user mapped to itself, not to root), brings its loopback up,
 *       leaves behind a small broker that keeps the namespace's network capabilities, and runs COMMAND in the
 *       namespace WITHOUT any capability: a student's bind() to port 80 still gets EACCES and socket(SOCK_RAW)
 *       EPERM. COMMAND gets SOCKETLAB_LABNET (the broker's name) and SOCKETLAB_LABNET_HELPER (this program).
 *       When the namespace cannot be made (user namespaces disabled by sysctl, AppArmor's restriction on Ubuntu
 *       >= 23.10, a container's seccomp filter), COMMAND runs on this computer's network with
 *       SOCKETLAB_LABNET_ERROR=<code>:<errno> so it can say why; `labnet enter --strict` exits 3 instead.
 *
 *       COMMAND may ask to continue on this computer's network instead (the window's "this computer's loopback"):
 *       it writes "host" to the pipe whose fd SOCKETLAB_LABNET_LEAVE names, then exits; labnet then runs COMMAND
 *       again, on the host's network, with SOCKETLAB_NETWORK=host. A namespace cannot be left from inside.
 *
 *   labnet run PROGRAM [ARGS...]     (inside a lab network only)
 *       Runs PROGRAM, which must be tcpdump or nft, from a fixed system folder, with the namespace's
 *       CAP_NET_RAW and CAP_NET_ADMIN, on this process's stdin, stdout and stderr, and exits with its status.
 *       The broker runs it; closing this process (or killing it) ends PROGRAM. Nothing else can be run: the
 *       capabilities never reach the lab's own calls, nor a program the student runs in the lab network.
 *
 * No shell is ever run; programs are argument lists. Capabilities held are the namespace's only: the host's
 * network, files and processes are out of reach (the kernel checks them against the host's user namespace).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64
#define MAX_PAYLOAD 8192

static const char *const PROGRAMS[] = {"tcpdump", "nft"};
static const char *const FOLDERS[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"};

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
    FILE *f = fopen(path, "re");
    if (!f) return fallback;
    int value = fallback;
    if (fscanf(f, "%d", &value) != 1) value = fallback;
    fclose(f);
    return value;
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

/* The broker's abstract socket name: abstract names belong to a network namespace, so only the lab network sees it. */
static socklen_t broker_address(const char *name, struct sockaddr_un *addr) {
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    size_t len = strlen(name);
    if (len + 1 > sizeof addr->sun_path) len = sizeof addr->sun_path - 1;
    memcpy(addr->sun_path + 1, name, len);
    return (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + len);
}

static const char *trusted_program(const char *name, char *path, size_t size) {
    int known = 0;
    for (size_t i = 0; i < sizeof PROGRAMS / sizeof PROGRAMS[0]; i++) known |= strcmp(name, PROGRAMS[i]) == 0;
    if (!known) return NULL;
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
    data[0].inheritable |= (1u << CAP_NET_RAW) | (1u << CAP_NET_ADMIN);
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0) != 0) return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) != 0) return -1;
    return 0;
}

static void send_status(int conn, int status) {
    unsigned char code = (unsigned char) status;
    (void) !write(conn, &code, 1);
}

/* One request of `labnet run`: its three fds and its argument list; runs the program, reports its exit status. */
static void serve_request(int conn) {
    char payload[MAX_PAYLOAD];
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {payload, sizeof payload - 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (n <= 0 || !c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(3 * sizeof(int))) _exit(1);
    int fds[3];
    memcpy(fds, CMSG_DATA(c), sizeof fds);
    payload[n] = '\0';
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    for (char *p = payload; p < payload + n && argc < MAX_ARGS; p += strlen(p) + 1) argv[argc++] = p;
    argv[argc] = NULL;
    char path[256];
    if (argc == 0 || !trusted_program(argv[0], path, sizeof path)) {
        dprintf(fds[2], "labnet: only tcpdump and nft, installed in a system folder, run with the lab network's rights\n");
        send_status(conn, 126);
        _exit(0);
    }
    signal(SIGCHLD, SIG_DFL);
    pid_t child = fork();
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (int i = 0; i < 3; i++) {
            if (dup2(fds[i], i) < 0) _exit(127);
        }
        if (keep_network_capabilities() != 0) {
            dprintf(2, "labnet: cannot keep the lab network's capabilities: %s\n", strerror(errno));
            _exit(127);
        }
        argv[0] = path;
        execv(path, argv);
        dprintf(2, "labnet: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    for (int i = 0; i < 3; i++) close(fds[i]);
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        struct pollfd p = {conn, POLLIN | POLLRDHUP, 0};
        if (poll(&p, 1, 100) > 0 && (p.revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR))) {
            /* The client went away (closed or killed): its program ends with it. */
            kill(child, SIGTERM);
            usleep(200 * 1000);
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            break;
        }
    }
    send_status(conn, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    _exit(0);
}

static void broker(int listener) {
    struct sigaction ignore = {.sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT};
    sigaction(SIGCHLD, &ignore, NULL);
    for (;;) {
        int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            if (errno == EINTR) continue;
            _exit(1);
        }
        if (fork() == 0) {
            close(listener);
            serve_request(conn);
        }
        close(conn);
    }
}

static int write_map(pid_t pid, const char *file, unsigned id) {
    char path[64], map[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    snprintf(map, sizeof map, "%u %u 1\n", id, id);
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

static int on_host(char **argv, const char *failure, int err, int strict) {
    char value[160];
    snprintf(value, sizeof value, "%s:%s", failure, strerror(err));
    if (strict) {
        fprintf(stderr, "labnet: no private network (%s)\n", value);
        return 3;
    }
    setenv("SOCKETLAB_LABNET_ERROR", value, 1);
    unsetenv("SOCKETLAB_LABNET");
    unsetenv("SOCKETLAB_LABNET_HELPER");
    execvp(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

/* A step's outcome between the two processes: 0 done, else the errno. */
static int report(int fd, int err) {
    return write(fd, &err, sizeof err) == (ssize_t) sizeof err ? 0 : -1;
}
static int outcome(int fd) {
    int err;
    ssize_t n = read(fd, &err, sizeof err);
    return n == (ssize_t) sizeof err ? err : EPIPE;
}

static int lab_command(int argc, char **argv);

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
        return on_host(argv, "failed", errno, strict);
    uid_t uid = getuid();
    gid_t gid = getgid();
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return on_host(argv, "failed", errno, strict);
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
        return lab_command(argc, argv);
    }
    close(up[1]);
    close(down[0]);
    close(leave[1]);
    int err = outcome(up[0]);
    if (err == 0) {
        char setgroups[64];
        snprintf(setgroups, sizeof setgroups, "/proc/%d/setgroups", (int) child);
        if ((uid != 0 && write_file(setgroups, "deny") != 0) || write_map(child, "uid_map", (unsigned) uid) != 0 || write_map(child, "gid_map", (unsigned) gid) != 0)
            err = errno;
        report(down[1], err);
        if (err == 0) err = outcome(up[0]);
    }
    if (err != 0) {
        const char *why = why_not(err);
        waitpid(child, NULL, 0);
        return on_host(argv, why, err, strict);
    }
    close(up[0]);
    close(down[1]);
    int status = wait_for(child);
    char word[8] = "";
    /* Non-blocking: programs COMMAND started may still hold the pipe; only what it wrote before it ended counts. */
    ssize_t n = read(leave[0], word, sizeof word - 1);
    if (n >= 4 && strncmp(word, "host", 4) == 0) {
        setenv("SOCKETLAB_NETWORK", "host", 1);
        unsetenv("SOCKETLAB_LABNET");
        unsetenv("SOCKETLAB_LABNET_HELPER");
        unsetenv("SOCKETLAB_LABNET_ERROR");
        unsetenv("SOCKETLAB_LABNET_LEAVE");
        execvp(argv[0], argv);
        fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
        return 127;
    }
    return status;
}

/* In the lab network, with its capabilities: starts the broker, then runs COMMAND without them. */
static int lab_command(int argc, char **argv) {
    (void) argc;
    char name[64];
    unsigned long long nonce = 0;
    int random = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (random >= 0) {
        (void) !read(random, &nonce, sizeof nonce);
        close(random);
    }
    snprintf(name, sizeof name, "socketlab-labnet-%d-%016llx", (int) getpid(), nonce);
    struct sockaddr_un addr;
    socklen_t len = broker_address(name, &addr);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *) &addr, len) != 0 || listen(listener, 16) != 0) {
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
        broker(listener);
    }
    close(listener);

    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        setenv("SOCKETLAB_LABNET_HELPER", self, 1);
    }
    setenv("SOCKETLAB_LABNET", name, 1);
    unsetenv("SOCKETLAB_LABNET_ERROR");
    /* COMMAND keeps no capability: a non-root user's permitted set is emptied by execve (nothing ambient). */
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    execvp(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) {
    stop_signal = sig;
}

static int run(int argc, char **argv) {
    const char *name = getenv("SOCKETLAB_LABNET");
    if (!name || !*name) {
        fprintf(stderr, "labnet: not inside a lab network (SOCKETLAB_LABNET is not set)\n");
        return 125;
    }
    if (argc < 1) {
        fprintf(stderr, "usage: labnet run PROGRAM [ARGS...]\n");
        return 2;
    }
    char payload[MAX_PAYLOAD];
    size_t used = 0;
    for (int i = 0; i < argc && i < MAX_ARGS; i++) {
        size_t len = strlen(argv[i]) + 1;
        if (used + len > sizeof payload) {
            fprintf(stderr, "labnet: arguments too long\n");
            return 2;
        }
        memcpy(payload + used, argv[i], len);
        used += len;
    }
    struct sockaddr_un addr;
    socklen_t len = broker_address(name, &addr);
    int conn = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (conn < 0 || connect(conn, (struct sockaddr *) &addr, len) != 0) {
        fprintf(stderr, "labnet: the lab network's broker does not answer: %s\n", strerror(errno));
        return 125;
    }
    int fds[3] = {0, 1, 2};
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {payload, used};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    if (sendmsg(conn, &msg, 0) < 0) {
        fprintf(stderr, "labnet: cannot reach the broker: %s\n", strerror(errno));
        return 125;
    }
    /* Our own copies of stdin/stdout/stderr are not needed any more: the program holds them. */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
    }
    struct sigaction on = {.sa_handler = on_signal};
    sigaction(SIGTERM, &on, NULL);
    sigaction(SIGINT, &on, NULL);
    sigaction(SIGHUP, &on, NULL);
    unsigned char status = 125;
    for (;;) {
        ssize_t n = read(conn, &status, 1);
        if (n == 1) break;
        if (n < 0 && errno == EINTR && !stop_signal) continue;
        /* A signal to this process ends the program: closing the connection tells the broker. */
        close(conn);
        return stop_signal ? 128 + stop_signal : 125;
    }
    close(conn);
    return status;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "enter") == 0) {
        int first = 2, strict = 0;
        if (first < argc && strcmp(argv[first], "--strict") == 0) strict = 1, first++;
        if (first < argc && strcmp(argv[first], "--") == 0) first++;
        return enter(argc - first, argv + first, strict);
    }
    if (argc >= 2 && strcmp(argv[1], "run") == 0) {
        int first = 2;
        if (first < argc && strcmp(argv[first], "--") == 0) first++;
        return run(argc - first, argv + first);
    }
    fprintf(stderr, "usage: labnet enter [--strict] [--] COMMAND [ARGS...] | labnet run PROGRAM [ARGS...]\n");
    return 2;
}

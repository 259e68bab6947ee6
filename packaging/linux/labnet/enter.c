/* labnet enter: the lab's user + network namespace, its identity maps, the broker's start, then COMMAND without any
 * capability (or on this computer's network, saying why). */
#include "labnet.h"

#include <sched.h>

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

static volatile sig_atomic_t forwarded_to;
static void forward(int sig) {
    if (forwarded_to > 0) kill((pid_t) forwarded_to, sig);
}

/* The first of this process's children the kernel lists (this process is single-threaded), or 0 when it has none. */
static pid_t a_child(void) {
    char path[64], text[32];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return 0;
    text[n] = '\0';
    return (pid_t) strtol(text, NULL, 10);
}

/* Every process left of the lab once COMMAND has ended: this process is their subreaper, so each one whose parent
 * ended (a daemon a traced program double-forked, after kill -9 of SocketLab) is its child now; each is killed and
 * reaped, and its own children come here in turn. Before, such a daemon ran on under the host's init, in the lab's
 * network namespace, which it kept alive (the audit of 2026-11-28, R5). */
static void end_what_is_left(void) {
    for (int round = 0; round < 100000; round++) {
        pid_t left = a_child();
        if (left > 0) kill(left, SIGKILL);
        pid_t reaped = waitpid(-1, NULL, left > 0 ? 0 : WNOHANG);
        if (left <= 0 && reaped <= 0) return;
    }
}

/* The parent's side once the lab network runs: it waits for COMMAND and passes signals on, so that whoever started
 * socketlab (a terminal, a desktop, a test) still stops it by stopping this process. The lab's orphans, its children
 * now (subreaper), are reaped as they end, and ended with COMMAND. */
static int wait_for(pid_t child) {
    forwarded_to = child;
    struct sigaction on = {.sa_handler = forward};
    int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &on, NULL);
    int status;
    for (pid_t done; (done = waitpid(-1, &status, 0)) != child;) {
        if (done < 0 && errno != EINTR) return 127;
    }
    end_what_is_left();
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
    /* COMMAND is this process now: it reaps only the children it knows, so it must not be handed orphans. */
    prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    setenv("SOCKETLAB_LABNET_ERROR", value, 1);
    forget_lab_variables();
    execvp(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

#define SECCOMP_REFUSED (-1)

static int lab_command(char **argv);

int enter(int argc, char **argv, int strict) {
    if (argc < 1) {
        fprintf(stderr, "usage: labnet enter [--strict] [--] COMMAND [ARGS...]\n");
        return 2;
    }
    /* The child makes the namespace; this process, still in the host's, writes the child's identity maps (as
     * newuidmap does): an unprivileged user maps only itself, with setgroups denied; root maps root and keeps
     * setgroups (the lab's capture, run as root, drops its groups as it becomes nobody). A step that fails leaves this
     * process on the host's network, where COMMAND then runs. */
    int up[2], down[2], leave[2];
    if (pipe2(up, O_CLOEXEC) != 0 || pipe2(down, O_CLOEXEC) != 0 || pipe2(leave, O_CLOEXEC | O_NONBLOCK) != 0)
        return on_host(argv, "failed", errno, strict, 0);
    uid_t uid = getuid();
    gid_t gid = getgid();
    pid_t parent = getpid();
    /* What the lab leaves when its parent ends becomes this process's (wait_for ends it); not inherited by the child. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
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
        int err = interface_up("lo") == 0 ? 0 : errno;
        choose_congestion_control(); /* the lab's own, not the host's default (issue 55); none chosen is no failure */
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
        prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
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

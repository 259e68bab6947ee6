/* The contain request's trace: strace outside the room, attached to the program before its first instruction. */
#include "contain.h"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

/* The pid the room's init forked first (the program), read from the lab's /proc; -1 when there is none. */
static pid_t first_child(pid_t init) {
    char path[64], text[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int) init, (int) init);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = '\0';
    long pid = strtol(text, NULL, 10);
    return pid > 1 ? (pid_t) pid : -1;
}

/* Who traces PID (its TracerPid, in the lab's /proc), 0 when nobody, -1 when it is gone. */
static pid_t tracer_of(pid_t pid) {
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = '\0';
    char *line = strstr(text, "\nTracerPid:");
    return line ? (pid_t) strtol(line + 11, NULL, 10) : -1;
}

/* strace, outside the room (this process's mount and PID namespaces: the lab's; the room's network), attached to PROGRAM and every process
 * it forks, its record into RECORD; with no capability, the filter, an empty environment. Its pid, or -1. */
static pid_t start_tracer(const struct containment *c, pid_t program, int err) {
    char strace[4096];
    if (!system_program("strace", strace, sizeof strace)) {
        dprintf(err, "labnet: contain: strace is not installed in a system folder\n");
        return -1;
    }
    /* The program's network, so that -yy names its sockets (strace asks sock_diag of its own namespace). */
    char ns_path[64];
    snprintf(ns_path, sizeof ns_path, "/proc/%d/ns/net", (int) program);
    int network = open(ns_path, O_RDONLY | O_CLOEXEC);
    /* SocketLab as root: strace joins the room's user namespace too, as nobody there (below). */
    snprintf(ns_path, sizeof ns_path, "/proc/%d/ns/user", (int) program);
    int user = getuid() != c->uid ? open(ns_path, O_RDONLY | O_CLOEXEC) : -1;
    if (network < 0 || (getuid() != c->uid && user < 0)) {
        dprintf(err, "labnet: contain: the program's network: %s\n", strerror(errno));
        if (network >= 0) close(network);
        return -1;
    }
    pid_t parent = getpid();
    pid_t tracer = fork();
    if (tracer != 0) {
        close(network);
        if (user >= 0) close(user);
        return tracer;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (setns(network, CLONE_NEWNET) != 0) {
        dprintf(err, "labnet: contain: strace in the room's network: %s\n", strerror(errno));
        _exit(127);
    }
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(err, 2) < 0 || dup2(c->record, 3) < 0)
        _exit(127);
    if (own_session_keyring() != 0) _exit(127);
    if (user >= 0) {
        /* SocketLab is root, the program nobody: strace runs as nobody too, in the room's user namespace (out of the
         * program's sight all the same: another PID namespace). As root without capabilities it could not read the
         * program's /proc/PID/fd (nobody's, mode 0500), so -yy named no descriptor and the calls of every thread but
         * the first were journaled on no known socket (a thread-per-client server lost all its clients' calls as
         * root, issue 74); as nobody outside, it could not trace a program in a namespace of root's. The record's
         * pipe is root's: it is opened again by its /proc/self/fd path, so it is made writable first. */
        if (fchmod(3, 0666) != 0 || setns(user, CLONE_NEWUSER) != 0) {
            dprintf(2, "labnet: contain: strace in the room's user namespace: %s\n", strerror(errno));
            _exit(127);
        }
        close(user);
    }
    syscall(SYS_close_range, 4, ~0u, 0);
    drop_all_capabilities();
    if (getuid() != c->uid && (setgroups(0, NULL) != 0 || setresgid(c->gid, c->gid, c->gid) != 0
                                      || setresuid(c->uid, c->uid, c->uid) != 0))
        _exit(127);
    if (refuse_user_namespaces() != 0) _exit(127);
    char strings[24], pid[24], calls[MAX_CALLS + 8];
    snprintf(strings, sizeof strings, "%ld", c->strings);
    snprintf(pid, sizeof pid, "%d", (int) program);
    snprintf(calls, sizeof calls, "trace=%s", c->calls);
    /* Every signal that can end a process is told (a process a stop ended is then told ended), none that never does:
     * trace/Strace.java's QUIET_SIGNALS, the same list (ContainedStraceTest holds the two to one). */
    /* --pidns-translation: a pid the program's calls return (fork's, clone's, wait's) is its room's; strace adds this
     * computer's ("= 4 / * 14592 in strace's PID NS * /"), the one its record names processes by: one kind of pid in a
     * check's journal, and a thread's calls tied to its clone (trace/StraceParser reads it). */
    char *argv[] = {"strace", "-f", "--pidns-translation", "-ttt", "-T", "-yy", "-q", "-e",
            "signal=!SIGCHLD,SIGCONT,SIGSTOP,SIGTSTP,SIGTTIN,SIGTTOU,SIGURG,SIGWINCH", "-s", strings, "-e", calls, "-o",
            "/proc/self/fd/3", "-p", pid, NULL};
    char *empty[] = {NULL};
    execve(strace, argv, empty);
    dprintf(2, "labnet: contain: cannot run %s: %s\n", strace, strerror(errno));
    _exit(127);
}

/* Traced: strace attached to the program (which waits for it), then the program let go. 0, or -1 (said on err). */
int trace_program(const struct containment *c, pid_t init, int err, pid_t *tracer) {
    pid_t program = -1;
    for (int i = 0; i < 2000 && (program = first_child(init)) < 0; i++) usleep(1000);
    if (program < 0) {
        dprintf(err, "labnet: contain: the room's program did not start\n");
        return -1;
    }
    *tracer = start_tracer(c, program, err);
    if (*tracer < 0) return -1;
    /* strace attaches within milliseconds; 20 s allow for a loaded machine. */
    for (int i = 0; i < 20000; i++) {
        pid_t by = tracer_of(program);
        if (by == *tracer) return kill(program, SIGUSR1) == 0 ? 0 : -1;
        if (by < 0) break;
        if (waitpid(*tracer, NULL, WNOHANG) == *tracer) {
            *tracer = -1;
            break;
        }
        usleep(1000);
    }
    dprintf(err, "labnet: contain: strace did not attach to the program\n");
    return -1;
}

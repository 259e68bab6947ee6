/* The broker's contain request: a checked program in namespaces of its own; and `labnet contain`, its client. */
#include "contain.h"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

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

/* strace's -e trace= list: names, %classes and ?optional names, comma-separated; nothing strace reads otherwise. */
static int call_list(const char *calls) {
    size_t n = strlen(calls);
    if (n < 1 || n > MAX_CALLS || calls[0] == ',' || calls[n - 1] == ',') return 0;
    for (const char *p = calls; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '%' || *p == '?'
                    || (*p == ',' && p[1] != ',')))
            return 0;
    return 1;
}

static int contain_arguments(const struct request *r, int *fds, int count, struct containment *c, const char **why) {
    if (r->count < 11)
        return *why = "contain: NPROC CPU OPEN_FILES MEMORY_MB FILE_MB NETWORK KINDS STRINGS CALLS PROGRAM [ARGS...]", -1;
    c->nproc = number(r->words[1], 1, 4096);
    c->cpu = number(r->words[2], 1, 3600);
    c->nofile = number(r->words[3], 8, 65536);
    c->memory_mb = number(r->words[4], 16, 65536);
    c->file_mb = number(r->words[5], 1, 4096);
    c->strings = number(r->words[8], 0, 1 << 24);
    if (c->nproc < 0 || c->cpu < 0 || c->nofile < 0 || c->memory_mb < 0 || c->file_mb < 0 || c->strings < 0)
        return *why = "contain: processes 1-4096, cpu 1-3600 s, open files 8-65536, memory 16-65536 MB, files 1-4096 MB,"
                      " strings 0-16777216",
               -1;
    c->calls = r->words[9];
    if (c->strings > 0 ? !call_list(c->calls) : strcmp(c->calls, "-") != 0)
        return *why = "contain: CALLS is strace's trace list (names, %classes, ?names), or - with STRINGS 0", -1;
    c->kinds = r->words[7];
    int traced = c->strings > 0;
    c->count = count - REQUEST_FDS - traced;
    if ((int) strlen(c->kinds) != c->count || c->count < 1 || c->count > MAX_FOLDERS || c->kinds[0] != 't')
        return *why = "contain: one folder a letter of KINDS, the working folder (t) first; then the record's pipe", -1;
    c->start = -1;
    for (int i = 0; i < c->count; i++) {
        char k = c->kinds[i];
        if ((k != 'r' && k != 't' && k != 's') || (k == 't' && i > 0) || (k == 's' && c->start >= 0))
            return *why = "contain: KINDS are t (working folder, first), r (read-only) and at most one s (read-only, where"
                          " the program starts)",
                   -1;
        if (k == 's') c->start = i;
        c->folders[i] = fds[REQUEST_FDS + i];
        if (folder_path(c->folders[i], c->paths[i], sizeof c->paths[i]) != 0)
            return *why = "contain: a folder that is gone, or the root itself", -1;
    }
    c->record = -1;
    if (traced) {
        struct stat st;
        c->record = fds[REQUEST_FDS + c->count];
        if (fstat(c->record, &st) != 0 || !S_ISFIFO(st.st_mode)) return *why = "contain: the record is a pipe", -1;
    }
    if (r->words[10][0] != '/') return *why = "contain: the program is an absolute path", -1;
    c->argv = (char **) &r->words[10];
    c->network = -1;
    if (strcmp(r->words[6], "-") != 0 && (c->network = host_namespace(r->words[6])) < 0)
        return *why = "contain: NETWORK is a network this lab made, or -", -1;
    c->uid = getuid() == 0 ? NOBODY : getuid();
    c->gid = getuid() == 0 ? NOBODY : getgid();
    return 0;
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

volatile sig_atomic_t contained_child, stop_asked;
static void pass_stop(int sig) {
    stop_asked = sig;
    if (contained_child > 0) kill((pid_t) contained_child, sig);
}


/* contain: in the request's own process (in the lab's namespaces, with the broker's rights). */
static void contain(int conn, int out, int err, struct containment *c) {
    int up[2], down[2], alive[2], ready[2];
    if (pipe2(up, O_CLOEXEC) != 0 || pipe2(down, O_CLOEXEC) != 0 || pipe2(alive, O_CLOEXEC) != 0
            || pipe2(ready, O_CLOEXEC) != 0) {
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
        /* The room's maker, outside the new PID namespace: it waits for the init, and its death is the init's. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        close(up[0]);
        close(down[1]);
        close(alive[0]);
        close(ready[0]);
        if (c->record >= 0) close(c->record); /* the record is the tracer's alone */
        /* The room's init and program inherit a new, empty session keyring, not the grader's (its Kerberos tickets and
         * tokens; a channel between a batch's submissions): the audit's R1. */
        if (own_session_keyring() != 0) {
            dprintf(err, "labnet: contain: a session keyring of its own: %s\n", strerror(errno));
            report(up[1], errno);
            _exit(127);
        }
        /* The broker is not dumpable, so its /proc files are root's: this process must be, for its maps to be written
         * by the user itself (until they are). */
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        /* The network first, while this process still has the broker's rights in the lab's namespaces; else a new one,
         * the room's own. */
        int own_network = c->network < 0 ? CLONE_NEWNET : 0;
        if (c->network >= 0 && setns(c->network, CLONE_NEWNET) != 0) {
            dprintf(err, "labnet: contain: the network: %s\n", strerror(errno));
            report(up[1], errno);
            _exit(127);
        }
        if (c->network >= 0) close(c->network);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | own_network) != 0) {
            dprintf(err, "labnet: contain: no namespaces: %s\n", strerror(errno));
            report(up[1], errno);
            _exit(127);
        }
        report(up[1], 0);
        if (outcome(down[0]) != 0) _exit(127);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        if (reopen_folders(c) != 0) {
            dprintf(err, "labnet: contain: the folders: %s\n", strerror(errno));
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
            contained_init(c, out, err, keep[0], ready[1]);
        }
        close(keep[0]);
        close(ready[1]);
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
        _exit(exit_code(status));
    }
    close(up[1]);
    close(down[0]);
    close(alive[1]);
    close(ready[1]);
    close(out);
    if (c->network >= 0) close(c->network);
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
    /* The room is built and its program started (or the init ended, saying why on err). */
    char byte;
    int built = init > 0 && read(ready[0], &byte, 1) == 1;
    pid_t tracer = -1;
    if (built && c->record >= 0 && trace_program(c, (pid_t) init, err, &tracer) != 0) built = 0;
    if (c->record >= 0) close(c->record);
    close(err);
    int status = 0;
    if (!built) {
        kill(outer, SIGKILL);
        waitpid(outer, &status, 0);
        if (tracer > 0) end_child(tracer, 0);
        send_status(conn, 127);
        return;
    }
    (void) !write(conn, &init, sizeof init);
    for (;;) {
        pid_t done = waitpid(outer, &status, WNOHANG);
        if (done == outer) break;
        /* Woken when the caller goes away or when the room's last holder of `alive` (its maker, its init) ends; the
         * program itself does not hold it. */
        struct pollfd p[2] = {{conn, POLLIN | POLLRDHUP, 0}, {alive[0], POLLIN, 0}};
        if (poll(p, 2, 1000) > 0 && p[1].revents) {
            waitpid(outer, &status, 0);
            break;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLRDHUP | POLLERR)) {
            /* The caller ended the run (or ended): SIGTERM to the program by way of the init, then the room. */
            status = end_child(outer, 50);
            break;
        }
    }
    if (tracer > 0) {
        /* Every process it traced is gone: strace writes their ends and exits; a strace that does not is ended. */
        int traced = 0;
        pid_t done = 0;
        for (int i = 0; i < 500 && (done = waitpid(tracer, &traced, WNOHANG)) == 0; i++) usleep(10 * 1000);
        if (done == 0) end_child(tracer, 0);
    }
    send_status(conn, exit_code(status));
}

/* A contain request (fds: reply socket, stdout, stderr, the folders), in the request's own process: checked, then run
 * (0); or -1 with why, nothing run. */
int contain_request(const struct request *r, int *fds, int count, const char **why) {
    static struct containment c;
    if (contain_arguments(r, fds, count, &c, why) != 0) return -1;
    contain(fds[0], fds[1], fds[2], &c);
    return 0;
}

/*
 * labnet contain WORK [--ro FOLDER]... -- PROGRAM [ARGS...]: a client of the inherited broker's contain request (tests,
 * and a look from a terminal of the lab's program): PROGRAM runs contained with the check's default limits, WORK its
 * empty working folder, each FOLDER visible read-only; its output is this process's. Prints nothing of its own.
 */
int contain_client(int argc, char **argv) {
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
    const char *head[] = {"contain", "64", "10", "64", "512", "16", "-", kinds, "0", "-"};
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
    /* The init's pid (4 bytes), then the status; a refused request gets its status (126) alone. */
    unsigned char init[sizeof(int)], status = 125;
    ssize_t n = read(reply[0], init, sizeof init);
    if (n == 1) status = init[0];
    else if (n == (ssize_t) sizeof init) (void) !read(reply[0], &status, 1);
    close(reply[0]);
    return status;
}

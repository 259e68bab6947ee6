/* The broker's contain request: a checked program in namespaces of its own; and `labnet contain`, its client. */
#include "labnet.h"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

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
            code = exit_code(s);
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
        _exit(exit_code(status));
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
            status = end_child(outer, 50);
            break;
        }
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

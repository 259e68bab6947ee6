/* The broker's contain request: a checked program in namespaces of its own; and `labnet contain`, its client. */
#include "labnet.h"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------------------------------
 * contain: a checked program in a room of its own (room.c: user, mount, PID and IPC namespaces, an empty root),
 * carried out by the broker, which alone in the lab may make a user namespace.
 *
 *   contain NPROC CPU_SECONDS OPEN_FILES MEMORY_MB FILE_MB NETWORK KINDS STRINGS CALLS PROGRAM ARGS...
 *   fds: reply socket, stdout, stderr, then one folder (or file) per letter of KINDS, then (STRINGS > 0) the record:
 *     t  the working folder: made empty at its path on the room's tmpfs of FILE_MB (first, once)
 *     r  shown read-only at its own path (the submission's folder, an interpreter's)
 *   STRINGS > 0: strace (-s STRINGS, -e trace=CALLS) runs outside the room, in the lab's mount and PID namespaces,
 *   attached to the program before its first instruction, its record written into the last descriptor (a pipe's
 *   write end): nothing of the trace is in the room, and the record's pids are the lab's. STRINGS 0 and CALLS "-":
 *   no trace. NETWORK: the pid a network request answered (hosts.c: loopback only, where the check's own side plays
 *   through an endpoint), or - for a network of the room's own (loopback up); the room never shares the lab's, so a
 *   batch's submissions cannot see or reach one another, and strace runs in the room's network to name its sockets.
 *   Paths come from the descriptors themselves (/proc/self/fd), never from the caller's words. PROGRAM is
 *   absolute and exec'd with ARGS as they are (an argument list, no shell, no search of PATH).
 *
 * Limits: NPROC and OPEN_FILES per process (RLIMIT_NPROC counted in the room's own user namespace); MEMORY_MB the
 * resident memory and CPU_SECONDS the CPU time of all the room's processes together (the ended ones' too), added up by
 * the room's init every 10 ms, which ends the whole room beyond either ("labnet: killed: over its memory, N MB in P
 * processes", "labnet: killed: over its CPU time, N s in P processes" on its stderr, status 137), and ends it as
 * well when its processes reach NPROC ("labnet: killed: at its process limit, P processes": a fork bomb); RLIMIT_CPU
 * per process and RLIMIT_AS only as backstops (RLIMIT_AS one that a stock JVM fits: MEMORY_MB + a quarter of RAM +
 * 4 GiB).
 *
 * The reply socket first gets the host pid of the room's init (4 bytes), once the program runs, then its exit status
 * (1 byte).
 */
#define MAX_FOLDERS (1 + ROOM_PLACES)
#define MAX_CALLS 1024
#define MEMORY_EVERY_NS (10 * 1000 * 1000)
/* RLIMIT_CPU lies this far above the room's CPU time, so that the init's sum, not a process's own limit, ends it. */
#define CPU_BACKSTOP_SECONDS 2

struct containment {
    long nproc, cpu, nofile, memory_mb, file_mb, strings;
    const char *kinds, *calls;
    char paths[MAX_FOLDERS][4096];
    int folders[MAX_FOLDERS], count, record;
    int network; /* the network's namespace (O_RDONLY of /proc/PID/ns/net), or -1: one of the room's own */
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
    for (int i = 0; i < c->count; i++) {
        char k = c->kinds[i];
        if ((k != 'r' && k != 't') || (k == 't' && i > 0))
            return *why = "contain: KINDS are t (working folder, first) and r (read-only)", -1;
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

static volatile sig_atomic_t contained_child, stop_asked;
static void pass_stop(int sig) {
    stop_asked = sig;
    if (contained_child > 0) kill((pid_t) contained_child, sig);
}

/* The room's init passes a stop to every process of the room (kill(-1) there spares only the init itself): the
 * program ends as a stopped server does, or keeps running if it chooses to. */
static void pass_stop_to_namespace(int sig) {
    stop_asked = sig;
    if (contained_child > 0) kill(-1, sig);
}

/* The per-process backstop of the address space: the room's limit, a quarter of RAM (a stock JVM's largest heap)
 * and 4 GiB (its code cache, metaspace and threads), so that the init's sum, not this, is the limit. */
static rlim_t address_space_backstop(long memory_mb) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    rlim_t ram = pages > 0 && size > 0 ? (rlim_t) pages * (rlim_t) size : (rlim_t) 16 << 30;
    return ((rlim_t) memory_mb << 20) + ram / 4 + ((rlim_t) 4 << 30);
}

/* The program itself, PID 2 of the room: limits, its own session, the unprivileged user, no capability, the filter;
 * traced, it waits for SIGUSR1 (strace attached) before its first instruction. */
static void contained_program(const struct containment *c, int out, int err, int ready) {
    /* As from a terminal's shell: every signal's default action, none blocked. The broker ignores SIGPIPE (and
     * SocketLab, started as a job with &, SIGINT and SIGQUIT); an ignored signal stays ignored across exec, and a
     * checked server that does not ignore SIGPIPE survived the reset play it dies of. */
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none, go;
    sigemptyset(&none);
    sigemptyset(&go);
    sigaddset(&go, SIGUSR1);
    sigprocmask(SIG_SETMASK, &go, NULL);
    struct {
        int resource;
        rlim_t value;
    } limits[] = {
        {RLIMIT_NPROC, (rlim_t) c->nproc},
        {RLIMIT_CPU, (rlim_t) c->cpu + CPU_BACKSTOP_SECONDS},
        {RLIMIT_NOFILE, (rlim_t) c->nofile},
        {RLIMIT_AS, address_space_backstop(c->memory_mb)},
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
    /* The bounding set goes while this process may still drop it (CAP_SETPCAP): after setresuid() to nobody it could
     * not, and the program kept a full one (a user-namespace attack of 2026-11-26 saw CapBnd 000001ffffffffff). */
    drop_all_capabilities();
    if (getuid() != c->uid) {
        /* root in the namespace is root's real uid, which RLIMIT_NPROC exempts: the program runs as nobody */
        if (setgroups(0, NULL) != 0 || setresgid(c->gid, c->gid, c->gid) != 0 || setresuid(c->uid, c->uid, c->uid) != 0)
            _exit(127);
    }
    if (refuse_user_namespaces() != 0) _exit(127);
    /* The tracer outside attaches to this process: it must be dumpable for that (a changed uid, or the broker's own
     * flag, made it not); exec makes the program what its file says. Only then is it ready. */
    if (c->strings > 0) prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    (void) !write(ready, "r", 1);
    syscall(SYS_close_range, 3, ~0u, 0);
    if (c->strings > 0) {
        int sig;
        if (sigwait(&go, &sig) != 0) _exit(127);
    }
    sigprocmask(SIG_SETMASK, &none, NULL);
    char env_home[4200], env_lang[128];
    const char *lang = getenv("LANG");
    snprintf(env_home, sizeof env_home, "HOME=%s", c->paths[0]);
    snprintf(env_lang, sizeof env_lang, "LANG=%s", lang && strlen(lang) < 100 ? lang : "C.UTF-8");
    char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", env_home, env_lang, NULL};
    execve(c->argv[0], c->argv, env);
    dprintf(2, "labnet: cannot run %s: %s\n", c->argv[0], strerror(errno));
    _exit(127);
}

/* What the room's processes use together, read from its own /proc every 10 ms. */
struct usage {
    long mb;       /* resident memory of every process but the init */
    long ticks;    /* CPU time (clock ticks) of every process there is or was: each live one's own and its reaped
                    * children's, and the init's reaped orphans' (the kernel adds a reaped child's to its reaper's) */
    int processes; /* how many there are, the init left out */
};

/* Fields of /proc/PID/stat after the command's ')' (field 3 is the first): utime, stime, cutime, cstime, rss. */
#define STAT_UTIME 11
#define STAT_RSS 21

static struct usage room_usage(void) {
    static long page = 0;
    if (page == 0) page = sysconf(_SC_PAGESIZE);
    struct usage u = {0, 0, 0};
    long long pages = 0;
    DIR *proc = opendir("/proc");
    if (!proc) return u;
    for (struct dirent *e; (e = readdir(proc));) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        int init = strcmp(e->d_name, "1") == 0;
        char path[300], text[1024];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, text, sizeof text - 1);
        close(fd);
        if (n <= 0) continue;
        text[n] = '\0';
        char *p = strrchr(text, ')');
        if (!p) continue;
        long field[STAT_RSS + 1];
        int i = 0;
        for (char *word = strtok(p + 1, " "); word && i <= STAT_RSS; word = strtok(NULL, " "), i++)
            field[i] = strtol(word, NULL, 10);
        if (i <= STAT_RSS) continue;
        /* the init's own time is SocketLab's (its sums); its reaped children's are the room's */
        for (int k = init ? 2 : 0; k < 4; k++) u.ticks += field[STAT_UTIME + k];
        if (init) continue;
        pages += field[STAT_RSS];
        u.processes++;
    }
    closedir(proc);
    u.mb = (long) (pages * page >> 20);
    return u;
}

/* The room's SysV shared memory bounded by its memory limit (a segment nobody attaches is in no process's RSS). */
static void room_ipc_limits(long memory_mb) {
    char text[32];
    snprintf(text, sizeof text, "%ld", memory_mb << 20);
    (void) write_file("/proc/sys/kernel/shmmax", text);
    snprintf(text, sizeof text, "%ld", (memory_mb << 20) / sysconf(_SC_PAGESIZE));
    (void) write_file("/proc/sys/kernel/shmall", text);
}

/* PID 1 of the room: builds the room (room.c), starts the program as its child (a PID 1 ignores the signals it has no
 * handler for, and a program must not; it tells READY when it is), reaps every orphan, adds up the room's memory every 10 ms and
 * ends the room beyond its limit, passes SIGTERM on to every process of the room; when the program ends it kills
 * everything left in the room (daemons included) and ends with the program's status, which ends the room. */
static void contained_init(struct containment *c, int out, int err, int alive, int ready) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct pollfd p = {alive, POLLIN, 0};
    if (poll(&p, 1, 0) > 0) _exit(127); /* the process outside already ended (its end of the pipe closed) */
    close(alive);
    if (c->network < 0 && interface_up("lo") != 0) {
        dprintf(err, "labnet: contain: the room's loopback: %s\n", strerror(errno));
        _exit(127);
    }
    struct room r = {.work = c->paths[0], .uid = c->uid, .gid = c->gid, .size_mb = c->file_mb};
    for (int i = 1; i < c->count; i++, r.count++) {
        r.paths[r.count] = c->paths[i];
        r.folders[r.count] = c->folders[i];
    }
    const char *where = "";
    if (build_room(&r, &where) != 0) {
        dprintf(err, "labnet: contain: the room at %s: %s\n", where, strerror(errno));
        _exit(127);
    }
    for (int i = 0; i < c->count; i++) close(c->folders[i]);
    room_ipc_limits(c->memory_mb);
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t program = fork();
    if (program < 0) _exit(127);
    if (program == 0) contained_program(c, out, err, ready);
    close(out);
    close(ready);
    contained_child = program;
    struct sigaction on = {.sa_handler = pass_stop_to_namespace};
    sigaction(SIGTERM, &on, NULL);
    sigaction(SIGINT, &on, NULL);
    sigset_t children;
    sigemptyset(&children);
    sigaddset(&children, SIGCHLD);
    sigset_t waiting = old;
    sigaddset(&waiting, SIGCHLD);
    sigprocmask(SIG_SETMASK, &waiting, NULL);
    int code = -1, killed = 0;
    /* The program's processes at its RLIMIT_NPROC: the limit counts every process of its user in the room's user
     * namespace, and when that user is the init's (SocketLab not root) the init and the room's maker are two of them. */
    long most = c->nproc - (getuid() == c->uid ? 2 : 0);
    if (most < 3) most = 3;
    long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (ticks_per_second <= 0) ticks_per_second = 100;
    for (;;) {
        int s;
        pid_t done;
        while ((done = waitpid(-1, &s, WNOHANG)) > 0) {
            if (done != program) continue;
            code = exit_code(s);
            contained_child = 0;
            kill(-1, SIGKILL);
        }
        if (done < 0 && errno == ECHILD) break;
        if (!killed) {
            struct usage u = room_usage();
            if (u.mb > c->memory_mb) {
                killed = 1;
                kill(-1, SIGKILL);
                /* The last line of the program's stderr: SocketLab reads it as the row's reason. */
                dprintf(err, "\nlabnet: killed: over its memory, %ld MB in %d processes\n", u.mb, u.processes);
            } else if (u.ticks > c->cpu * ticks_per_second) {
                killed = 1;
                kill(-1, SIGKILL);
                dprintf(err, "\nlabnet: killed: over its CPU time, %ld s in %d processes\n",
                        (u.ticks + ticks_per_second / 2) / ticks_per_second, u.processes);
            } else if (u.processes >= most - 1) {
                /* A fork bomb: held by RLIMIT_NPROC, its processes would spin until the CPU time ran out, taking the
                 * machine's cores from the batch's other rooms and the grader. */
                killed = 1;
                kill(-1, SIGKILL);
                dprintf(err, "\nlabnet: killed: at its process limit, %d processes\n", u.processes);
            }
        }
        struct timespec every = {0, MEMORY_EVERY_NS};
        (void) sigtimedwait(&children, NULL, &every);
    }
    close(err);
    _exit(code < 0 ? 127 : code);
}

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
    if (network < 0) {
        dprintf(err, "labnet: contain: the program's network: %s\n", strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    pid_t tracer = fork();
    if (tracer != 0) {
        close(network);
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
    syscall(SYS_close_range, 4, ~0u, 0);
    drop_all_capabilities();
    if (refuse_user_namespaces() != 0) _exit(127);
    char strings[24], pid[24], calls[MAX_CALLS + 8];
    snprintf(strings, sizeof strings, "%ld", c->strings);
    snprintf(pid, sizeof pid, "%d", (int) program);
    snprintf(calls, sizeof calls, "trace=%s", c->calls);
    /* Every signal that can end a process is told (a process a stop ended is then told ended), none that never does:
     * trace/Strace.java's QUIET_SIGNALS, the same list (ContainedStraceTest holds the two to one). */
    char *argv[] = {"strace", "-f", "-ttt", "-T", "-yy", "-q", "-e",
            "signal=!SIGCHLD,SIGCONT,SIGSTOP,SIGTSTP,SIGTTIN,SIGTTOU,SIGURG,SIGWINCH", "-s", strings, "-e", calls, "-o",
            "/proc/self/fd/3", "-p", pid, NULL};
    char *empty[] = {NULL};
    execve(strace, argv, empty);
    dprintf(2, "labnet: contain: cannot run %s: %s\n", strace, strerror(errno));
    _exit(127);
}

/* Traced: strace attached to the program (which waits for it), then the program let go. 0, or -1 (said on err). */
static int trace_program(const struct containment *c, pid_t init, int err, pid_t *tracer) {
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

/* The contain request's room from inside: its init (PID 1), which adds up what its processes use, and the program. */
#include "contain.h"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

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
    if (chdir(c->paths[c->start > 0 ? c->start : 0]) != 0) _exit(127);
    /* The bounding set goes while this process may still drop it (CAP_SETPCAP): after setresuid() to nobody it could
     * not, and the program kept a full one (a user-namespace attack of 2026-11-26 saw CapBnd 000001ffffffffff). */
    drop_all_capabilities();
    if (getuid() != c->uid) {
        /* root in the namespace is root's real uid, which RLIMIT_NPROC exempts: the program runs as nobody */
        if (setgroups(0, NULL) != 0 || setresgid(c->gid, c->gid, c->gid) != 0 || setresuid(c->uid, c->uid, c->uid) != 0)
            _exit(127);
    }
    if (refuse_user_namespaces() != 0 || refuse_room_calls() != 0) _exit(127);
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

/* What the room's processes use together, read from its own /proc every 10 ms (1 ms past half its memory). */
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

/* PID 1 of the room: builds the room (room.c), starts the program as its child (a PID 1 ignores the signals it has no
 * handler for, and a program must not; it tells READY when it is), reaps every orphan, adds up the room's memory every 10 ms (1 ms past half of it) and
 * ends the room beyond its limit, passes SIGTERM on to every process of the room; when the program ends it kills
 * everything left in the room (daemons included) and ends with the program's status, which ends the room. */
void contained_init(struct containment *c, int out, int err, int alive, int ready) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Forked from labnet, never exec'd: its command line would be SocketLab's whole one (install path, course, journal
     * paths), readable in the room as /proc/1/cmdline. */
    wipe_command_line("labnet-room-init");
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
        long every_ns = MEMORY_EVERY_NS;
        if (!killed) {
            struct usage u = room_usage();
            if (u.mb * 2 > c->memory_mb) every_ns = MEMORY_NEAR_EVERY_NS;
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
        struct timespec every = {0, every_ns};
        (void) sigtimedwait(&children, NULL, &every);
    }
    close(err);
    _exit(code < 0 ? 127 : code);
}

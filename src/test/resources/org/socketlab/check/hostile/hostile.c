/*
 * A hostile submission for ContainmentTest and RoomTest: it does one thing a check must contain (chosen when compiled,
 * -DACT=...), then serves as a correct iterative TCP echo server. Usage: hostile [WORD...] PORT. The places it aims at
 * come with -D too: SECRET (a file in the grader's home), HOME_FILE and TMP_FILE (files to create there), SOCKET_1 and
 * SOCKET_2 (Unix sockets outside), MARKER (seconds for sleep, unique: what it leaves running is found by it); for
 * RoomTest also SOCKET_3 (a root-owned socket in /run of a test-made group, docker.sock's stand-in), SOCKET_4 (another
 * user's socket in /dev/shm), DEVICE (a device node of that group), RESULTS (a results file outside the home), SYSV_KEY
 * (a segment of the grader's) and SUBMISSION (its own folder). `hostile --hold-sysv KEY TEXT` is the grader's side of
 * SYSV_KEY: it makes the segment (0666), writes TEXT, and on SIGTERM prints what the segment holds then and removes it.
 * `hostile --seed-keyring TEXT COMMAND...` is the grader's login session (pam_keyinit's): a new session keyring holding
 * a user key "grader-MARKER" with TEXT; it runs COMMAND in it, then prints what the key holds and how many keys the
 * keyring has. For the audit of 2026-11-28 also SUBMOUNT_FILE (a file to create on a writable file system mounted
 * under /usr by the test).
 * Where it gets what it must not (a secret, a connection, a user namespace, a signal into another process), it exits 3
 * without serving, so its row fails; so too where it starts with a signal ignored or blocked, as no program started
 * from a shell does.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <mqueue.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

enum { READ_HOME = 1, WRITE_HOME, CONNECT_OUTSIDE, DAEMONIZE, FORK_BOMB, KILL_ALL, KILL_PARENT_GROUP, FILL_DISK, NEVER_EXIT,
    ROOM_SOCKET, SHM_SOCKET, DEVICE_OPEN, SYSV, REWRITE_RESULTS, LEFTOVERS, MEMORY, NEIGHBOURS, CPU, USER_NAMESPACE,
    DAEMON, KILL_OTHERS, KEYRING, KEYRING_READER, UNSEEN_MEMORY, SUBMOUNT, COMMAND_LINE, IO_URING };

#ifndef SOCKET_3
#define SOCKET_3 "/run/none"
#define SOCKET_4 "/dev/shm/none"
#define DEVICE "/dev/none"
#define RESULTS "/none"
#define SYSV_KEY 0
#endif
#ifndef KILL_NEAR
#define KILL_NEAR 1024L
#endif
#ifndef SUBMISSION
#define SUBMISSION "."
#endif
#ifndef SUBMOUNT_FILE
#define SUBMOUNT_FILE "/usr/none"
#endif
#ifndef MARKER
#define MARKER "0"
#endif

/* keyctl(2)'s operations and special keyrings (<linux/keyctl.h>), without libkeyutils. */
#define KEY_SESSION (-3)
#define KEYCTL_JOIN_SESSION 1
#define KEYCTL_UPDATE_KEY 2
#define KEYCTL_SEARCH_KEY 10
#define KEYCTL_READ_KEY 11

static long key_search(const char *description) {
    return syscall(SYS_keyctl, KEYCTL_SEARCH_KEY, KEY_SESSION, "user", description, 0);
}

/* The grader's session: a new session keyring with its key; COMMAND run in it; then the key and the keyring's size. */
static int seed_keyring(const char *text, char **command) {
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION, "socketlab-grader-session") < 0) return perror("join"), 2;
    if (syscall(SYS_add_key, "user", "grader-" MARKER, text, strlen(text), KEY_SESSION) < 0) return perror("add"), 2;
    pid_t child = fork();
    if (child == 0) {
        execv(command[0], command);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    char held[256] = "", ids[1024];
    long key = key_search("grader-" MARKER);
    long n = key < 0 ? -1 : syscall(SYS_keyctl, KEYCTL_READ_KEY, key, held, sizeof held - 1);
    if (n >= 0) held[n] = '\0';
    long size = syscall(SYS_keyctl, KEYCTL_READ_KEY, KEY_SESSION, ids, sizeof ids);
    fprintf(stderr, "the grader's key holds: %s\nthe grader's session keyring holds %ld key(s)\n", held,
            size < 0 ? -1 : size / 4);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The grader's session keyring from a room: read its key, rewrite it, plant one of its own. Whether any worked. */
static int used_the_keyring(void) {
    int got = 0;
    long key = key_search("grader-" MARKER);
    char text[256];
    if (key >= 0 && syscall(SYS_keyctl, KEYCTL_READ_KEY, key, text, sizeof text) >= 0) got = printf("read the grader's key\n");
    if (key >= 0 && syscall(SYS_keyctl, KEYCTL_UPDATE_KEY, key, "REPLACED BY A SUBMISSION", 24) == 0)
        got = printf("rewrote the grader's key\n");
    if (syscall(SYS_add_key, "user", "planted-" MARKER, "a note", 6, KEY_SESSION) >= 0) got = printf("planted a key\n");
    return got;
}

/* Memory no process maps, so in nobody's RSS: 16 MB memfds and SysV segments and a message queue, filled and let go of
 * (touched through a mapping, then unmapped): up to 1,520 MB, past a memory_mb of 1,024 and its quarter. Returns the
 * MB it holds so. */
static long hold_unseen_memory(void) {
    long held = 0;
    for (int i = 0; i < 55; i++) {
        int fd = (int) syscall(SYS_memfd_create, "unseen", 0);
        if (fd < 0 || ftruncate(fd, 16 << 20) != 0) break;
        char *at = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (at == MAP_FAILED) break;
        memset(at, 'x', 16 << 20);
        munmap(at, 16 << 20);
        held += 16;
    }
    for (int i = 0; i < 40; i++) {
        int id = shmget(IPC_PRIVATE, 16 << 20, IPC_CREAT | 0600);
        if (id < 0) break;
        char *at = shmat(id, NULL, 0);
        if (at == (void *) -1) break;
        memset(at, 'x', 16 << 20);
        shmdt(at);
        held += 16;
    }
    if (msgget(IPC_PRIVATE, IPC_CREAT | 0600) >= 0) held += 1;
    printf("holds %ld MB outside every process's resident memory\n", held);
    return held;
}

/* The grader's SysV segment, held until SIGTERM; then what it holds is printed and it is removed. */
static volatile sig_atomic_t held_until;
static void hold_ends(int sig) {
    held_until = sig;
}
static int hold_sysv(const char *key, const char *text) {
    int id = shmget((key_t) strtol(key, NULL, 0), 4096, IPC_CREAT | IPC_EXCL | 0666);
    if (id < 0) return perror("shmget"), 1;
    char *at = shmat(id, NULL, 0);
    if (at == (void *) -1) return perror("shmat"), 1;
    snprintf(at, 4096, "%s", text);
    signal(SIGTERM, hold_ends);
    printf("holding\n");
    fflush(stdout);
    while (!held_until) pause();
    printf("segment holds: %s\n", at);
    shmdt(at);
    shmctl(id, IPC_RMID, NULL);
    return 0;
}

/*
 * Children that each touch MB megabytes and stay: the room's total, not one process's, must end them. The parent
 * serves only once every child has touched its memory, so the plays cannot end before the room is over its limit
 * (on a slow machine they did).
 */
static void touch_children(int children, int mb) {
    int touched[2];
    if (pipe(touched) != 0) _exit(1);
    for (int i = 0; i < children; i++) {
        if (fork() != 0) continue;
        close(touched[0]);
        size_t size = (size_t) mb << 20;
        char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) _exit(1);
        for (size_t at = 0; at < size; at += 4096) p[at] = 1;
        (void) write(touched[1], "t", 1);
        for (;;) pause();
    }
    close(touched[1]);
    char byte;
    for (int done = 0; done < children && read(touched[0], &byte, 1) == 1; done++) {
    }
    close(touched[0]);
}

static int write_all(int fd, const char *buf, size_t n) {
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, buf + off, n - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        off += (size_t) w;
    }
    return 0;
}

static int serve(const char *port) {
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) return 1;
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0) return 1;
    if (listen(listener, 16) < 0) return 1;
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0) continue;
        char buf[4096];
        for (;;) {
            ssize_t n = read(conn, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) { if (errno == EINTR) continue; break; }
            if (write_all(conn, buf, (size_t) n) < 0) break;
        }
        close(conn);
    }
}

/*
 * The audit's batch saboteur (NEIGHBOURS): for 30 s, every 20 ms, every listener in the TCP tables it can read
 * (/proc/net/tcp and tcp6: its network's) that is not its own port gets an idle connection it holds; an iterative
 * server of the batch that accepts one serves nobody else. It serves only after 8 s, so that its check, and the hold,
 * outlast a lab client's wait for an echo. In a room of its own it finds none.
 */
static void hold_neighbours(int own) {
    static int held[65536];
    int count = 0;
    for (int round = 0; round < 1500; round++) {
        const char *tables[] = {"/proc/net/tcp", "/proc/net/tcp6"};
        for (int t = 0; t < 2; t++) {
            FILE *f = fopen(tables[t], "r");
            if (f == NULL) continue;
            char line[512];
            while (fgets(line, sizeof line, f) != NULL) {
                unsigned port, state;
                char *colon = strchr(line, ':');
                colon = colon ? strchr(colon + 1, ':') : NULL;
                if (colon == NULL || sscanf(colon + 1, "%x %*s %x", &port, &state) != 2) continue;
                if (state != 0x0a || port == (unsigned) own || port == 0 || held[port] || count > 200) continue;
                int s = socket(t == 0 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
                if (s < 0) continue;
                if (t == 0) {
                    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
                    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                    (void) connect(s, (struct sockaddr *) &a, sizeof a);
                } else {
                    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons((unsigned short) port)};
                    a.sin6_addr = in6addr_loopback;
                    (void) connect(s, (struct sockaddr *) &a, sizeof a);
                }
                held[port] = 1;
                count++;
                printf("holding a connection to port %u\n", port);
                fflush(stdout);
            }
            fclose(f);
        }
        usleep(20 * 1000);
    }
}

/*
 * A forking CPU burner (CPU): four children spin, and so does the parent once it listens (it never accepts, so the
 * plays wait for it): no one process goes far over the room's CPU time, all of them together do.
 */
static void burn(const char *port) {
    for (int i = 0; i < 4; i++)
        if (fork() == 0)
            for (volatile unsigned long n = 0;; n++) {
            }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 16) < 0) _exit(1);
    for (volatile unsigned long n = 0;; n++) {
    }
}

static int reached(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    int ok = connect(s, (struct sockaddr *) &a, sizeof a) == 0;
    if (ok) (void) !write(s, "stolen\n", 7);
    close(s);
    return ok;
}

static void leave_running(void) {
    execl("/bin/sleep", "sleep", MARKER, (char *) NULL);
    _exit(127);
}

/*
 * USER_NAMESPACE: every way to a user namespace (and so to capabilities) it knows: unshare(), clone() and clone3()
 * with CLONE_NEWUSER, the 32-bit unshare through int 0x80, setns() into the init's; then a look at what it holds (no
 * capability, no new privileges) and a privileged act (a mount). Each that works is printed; any, and it exits 3.
 */
static int regained_privilege(void) {
    int regained = 0;
    if (unshare(CLONE_NEWUSER) == 0) regained = printf("unshare(CLONE_NEWUSER) made a user namespace\n");
    long child = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
    if (child == 0) _exit(0);
    if (child > 0) regained = printf("clone(CLONE_NEWUSER) made a user namespace\n"), waitpid((pid_t) child, NULL, 0);
    struct clone_args args = {.flags = CLONE_NEWUSER, .exit_signal = SIGCHLD};
    child = syscall(SYS_clone3, &args, sizeof args);
    if (child == 0) _exit(0);
    if (child > 0) regained = printf("clone3(CLONE_NEWUSER) made a user namespace\n"), waitpid((pid_t) child, NULL, 0);
#if defined(__x86_64__)
    /* In a child: a kernel without the 32-bit entry (some VMs, ia32_emulation=0) answers int 0x80 with SIGSEGV. */
    pid_t compat_child = fork();
    if (compat_child == 0) {
        long compat;
        __asm__ volatile("int $0x80" : "=a"(compat) : "a"(310), "b"(CLONE_NEWUSER) : "memory");
        _exit(compat == 0 ? 3 : 0);
    }
    int compat_status = 0;
    if (compat_child > 0 && waitpid(compat_child, &compat_status, 0) == compat_child && WIFEXITED(compat_status)
            && WEXITSTATUS(compat_status) == 3)
        regained = printf("the 32-bit unshare(CLONE_NEWUSER) made a user namespace\n");
#endif
    int ns = open("/proc/1/ns/user", O_RDONLY);
    if (ns >= 0 && setns(ns, CLONE_NEWUSER) == 0) regained = printf("setns() entered the init's user namespace\n");
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        if ((strncmp(line, "Cap", 3) == 0 && strtoull(strchr(line, ':') + 1, NULL, 16) != 0)
                || strncmp(line, "NoNewPrivs:\t0", 13) == 0)
            regained = printf("holds %s", line);
    }
    if (f != NULL) fclose(f);
    if (mount("none", "/tmp", "tmpfs", 0, NULL) == 0) regained = printf("mounted a tmpfs\n");
    return regained;
}

/*
 * DAEMON: setsid and a double fork, twice: one grandchild stays this program under a kernel thread's name, the other
 * becomes `sleep MARKER`; both block every signal and ignore SIGTERM and SIGHUP, and each forks a fresh child and
 * ends every second (a moving pid): they try to outlive the run.
 */
static void outlive(int as_sleep) {
    if (fork() != 0) return;
    setsid();
    if (fork() != 0) _exit(0);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    for (int fd = 0; fd < 3; fd++) close(fd);
    if (as_sleep) leave_running();
    prctl(PR_SET_NAME, "kworker/0:1");
    for (;;) {
        sleep(1);
        if (fork() != 0) _exit(0);
    }
}

/*
 * KILL_OTHERS: kill(-1) first (alone in its room but for the init, it ends nothing of its own), then SIGKILL to the pid
 * numbers of the machine's low system processes (1-1024) and to those from KILL_NEAR - 16 on (the test's bystanders,
 * started just before the batch: SocketLab, the broker and the neighbours' rooms come after them), the init's and its
 * own left out. It counts the ones that took the signal; in its room there are none, so it serves. (Every number up to
 * pid_max would be 32768 traced calls: under strace on a loaded machine, longer than a server may take to listen.)
 */
static int kill_everyone(void) {
    kill(-1, SIGKILL);
    int reached = 0;
    for (long pid = 2; pid <= KILL_NEAR + 4000; pid++) {
        if (pid == 1025 && KILL_NEAR > 1040) pid = KILL_NEAR - 16;
        if (pid != getpid() && kill((pid_t) pid, SIGKILL) == 0) reached++;
    }
    printf("signalled %d processes of others\n", reached);
    return reached;
}

/*
 * Whether it started as from a terminal's shell: no signal of 1-31 ignored or blocked (glibc's own, 32 and 33, are its
 * business). An ignored SIGPIPE, inherited from the lab's broker, let a server that does not ignore it survive the
 * reset play it dies of; every submission of the batch (the correct ones too) refuses to serve so.
 */
static int signals_as_from_a_shell(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return 0;
    char line[256];
    int ok = 1;
    while (fgets(line, sizeof line, f) != NULL)
        if ((strncmp(line, "SigIgn:", 7) == 0 || strncmp(line, "SigBlk:", 7) == 0)
                && (strtoull(line + 7, NULL, 16) & 0x7fffffffULL) != 0) {
            printf("started with signals ignored or blocked: %s", line);
            ok = 0;
        }
    fclose(f);
    return ok;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--hold-sysv") == 0) return hold_sysv(argv[2], argv[3]);
    if (argc >= 4 && strcmp(argv[1], "--seed-keyring") == 0) return seed_keyring(argv[2], argv + 3);
    if (argc < 2) return 2;
    const char *port = argv[argc - 1]; /* the check's {port}, after any words of the command */
    if (!signals_as_from_a_shell()) {
        fflush(stdout);
        return 3;
    }
    switch (ACT) {
    case READ_HOME: {
        char text[256];
        int fd = open(SECRET, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
        if (n > 0) {
            text[n] = '\0';
            printf("read the grader's secret: %s\n", text);
            return 3;
        }
        break;
    }
    case WRITE_HOME: {
        int home = open(HOME_FILE, O_WRONLY | O_CREAT, 0644), tmp = open(TMP_FILE, O_WRONLY | O_CREAT, 0644);
        /* Contained, both are written into empty folders of its own, gone with it: the grader never sees them. */
        if (home >= 0) (void) !write(home, "written\n", 8);
        if (tmp >= 0) (void) !write(tmp, "written\n", 8);
        break;
    }
    case CONNECT_OUTSIDE:
        if (reached(SOCKET_1) | reached(SOCKET_2)) return 3;
        break;
    case DAEMONIZE:
        if (fork() == 0) {
            setsid();
            if (fork() == 0) {
                for (int fd = 0; fd < 3; fd++) close(fd);
                leave_running();
            }
            _exit(0);
        }
        wait(NULL);
        break;
    case FORK_BOMB:
        if (fork() == 0) {
            for (;;) fork();
        }
        break;
    case KILL_ALL:
        kill(-1, SIGKILL);
        break;
    case KILL_PARENT_GROUP:
        killpg(getpgid(getppid()), SIGKILL);
        break;
    case FILL_DISK: {
        signal(SIGXFSZ, SIG_IGN);
        static char block[1 << 20];
        memset(block, 'x', sizeof block);
        long long total = 0;
        for (int i = 0; i < 200; i++) {
            char name[32];
            snprintf(name, sizeof name, "fill-%d", i);
            int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0) break;
            for (int k = 0; k < 64; k++) {
                ssize_t w = write(fd, block, sizeof block);
                if (w <= 0) break;
                total += w;
            }
            close(fd);
        }
        printf("wrote %lld bytes\n", total);
        if (total > 64LL << 20) return 3;
        break;
    }
    case ROOM_SOCKET:
        if (reached(SOCKET_3)) return printf("reached %s\n", SOCKET_3), 3;
        break;
    case SHM_SOCKET:
        if (reached(SOCKET_4)) return printf("reached %s\n", SOCKET_4), 3;
        break;
    case DEVICE_OPEN: {
        int fd = open(DEVICE, O_RDWR);
        if (fd >= 0) return printf("opened %s\n", DEVICE), 3;
        break;
    }
    case SYSV: {
        int id = shmget((key_t) SYSV_KEY, 0, 0);
        if (id >= 0) {
            char *at = shmat(id, NULL, 0);
            if (at != (void *) -1) snprintf(at, 64, "OVERWRITTEN BY A SUBMISSION");
            return printf("reached the grader's segment\n"), 3;
        }
        break;
    }
    case REWRITE_RESULTS: {
        int fd = open(RESULTS, O_WRONLY);
        if (fd >= 0) {
            (void) !write(fd, "a-broken,true ", 14);
            return printf("rewrote %s\n", RESULTS), 3;
        }
        break;
    }
    case LEFTOVERS: {
        /* Each lands in the room, gone with it (its own folder is read-only there): outside, nothing of it may be found
         * afterwards, nor of its SysV and POSIX queues and segment. */
        const char *places[] = {"/tmp/left-" MARKER, "/dev/shm/left-" MARKER, "/run/lock/left-" MARKER,
                "/var/tmp/left-" MARKER, "left-" MARKER, SUBMISSION "/left-" MARKER};
        for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
            int fd = open(places[i], O_WRONLY | O_CREAT, 0644);
            if (fd >= 0) (void) !write(fd, "left\n", 5), close(fd);
        }
        key_t key = (key_t) atoi(MARKER);
        int seg = shmget(key, 1 << 20, IPC_CREAT | 0600);
        int queue = msgget(key, IPC_CREAT | 0600);
        struct {
            long type;
            char text[8];
        } message = {1, "left"};
        if (queue >= 0) (void) msgsnd(queue, &message, sizeof message.text, IPC_NOWAIT);
        mqd_t posix = mq_open("/left-" MARKER, O_CREAT | O_WRONLY, 0600, NULL);
        if (posix != (mqd_t) -1) (void) mq_send(posix, "left", 4, 0);
        printf("left: segment %d, queue %d, POSIX queue %d\n", seg, queue, (int) posix);
        break;
    }
    case MEMORY:
        touch_children(4, 200);
        break;
    case NEIGHBOURS:
        if (fork() == 0) {
            hold_neighbours(atoi(port));
            _exit(0);
        }
        sleep(8); /* its own check lasts, and what it holds is held, longer than a lab client waits for an echo */
        break;
    case CPU:
        burn(port);
        break;
    case USER_NAMESPACE:
        if (regained_privilege()) return fflush(stdout), 3;
        break;
    case DAEMON:
        outlive(0);
        outlive(1);
        break;
    case KILL_OTHERS:
        if (kill_everyone() > 0) return fflush(stdout), 3;
        break;
    case KEYRING:
        if (used_the_keyring()) return fflush(stdout), 3;
        break;
    case KEYRING_READER:
        /* A neighbour of the batch that planted a key before it: found, it is a channel between submissions. */
        if (key_search("planted-" MARKER) >= 0) return printf("found a neighbour's key\n"), fflush(stdout), 3;
        break;
    case UNSEEN_MEMORY:
        if (hold_unseen_memory() > 0) return fflush(stdout), 3;
        break;
    case SUBMOUNT: {
        int fd = open(SUBMOUNT_FILE, O_WRONLY | O_CREAT, 0644);
        if (fd >= 0) return printf("wrote %s\n", SUBMOUNT_FILE), fflush(stdout), 3;
        break;
    }
    case COMMAND_LINE: {
        char text[8192];
        int fd = open("/proc/1/cmdline", O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
        for (ssize_t i = 0; i < n; i++)
            if (text[i] == '\0') text[i] = ' ';
        if (n > 0) text[n] = '\0';
        if (n > 0 && (strstr(text, "org.socketlab") || strstr(text, "java") || strstr(text, "check")))
            return printf("the init's command line: %.300s\n", text), fflush(stdout), 3;
        break;
    }
    case IO_URING: {
        char params[120] = {0};
        long ring = syscall(425 /* io_uring_setup */, 4, params);
        if (ring >= 0) return printf("made an io_uring: %ld\n", ring), fflush(stdout), 3;
        break;
    }
    case NEVER_EXIT: {
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        signal(SIGTERM, SIG_IGN);
        if (fork() == 0) leave_running();
        break;
    }
    }
    fflush(stdout);
    return serve(port);
}

/*
 * A hostile submission for ContainmentTest: it does one thing a check must contain (chosen when compiled, -DACT=...),
 * then serves as a correct iterative TCP echo server. Usage: hostile PORT. The places it aims at come with -D too:
 * SECRET (a file in the grader's home), HOME_FILE and TMP_FILE (files to create there), SOCKET_1 and SOCKET_2 (Unix
 * sockets outside), MARKER (seconds for sleep, unique: what it leaves running is found by it).
 * Where it gets what it must not (a secret, a connection), it exits 3 without serving, so its row fails; so too where
 * it starts with a signal ignored or blocked, as no program started from a shell does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

enum { READ_HOME = 1, WRITE_HOME, CONNECT_OUTSIDE, DAEMONIZE, FORK_BOMB, KILL_ALL, KILL_PARENT_GROUP, FILL_DISK, NEVER_EXIT };

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
    if (argc < 2) return 2;
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
    return serve(argv[1]);
}

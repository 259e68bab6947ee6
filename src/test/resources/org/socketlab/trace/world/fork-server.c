/* A Stevens-style fork-per-client echo server (UNP's tcpserv01 with its str_echo): the parent accepts, forks a child
 * per client and closes its copy of the connection; each child closes its copy of the listener, echoes until its
 * client closes, and ends. The parent reaps its children on SIGCHLD and ends once it has served CLIENTS clients and
 * every child has ended. With CLIENTS clients connected at once there are CLIENTS + 1 processes.
 * Usage: fork-server PORT CLIENTS */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t ended;

static void sig_chld(int signo) {
    (void) signo;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) ended++;
    errno = saved;
}

static void str_echo(int sockfd) {
    char buf[512];
    ssize_t n;
    while ((n = read(sockfd, buf, sizeof buf)) > 0)
        if (write(sockfd, buf, (size_t) n) != n) return;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fork-server PORT CLIENTS\n");
        return 2;
    }
    int clients = atoi(argv[2]), yes = 1;
    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    servaddr.sin_port = htons((unsigned short) atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0 || listen(listenfd, 16) < 0) {
        perror("fork-server");
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sig_chld;
    sigaction(SIGCHLD, &sa, NULL); /* no SA_RESTART: accept() returns EINTR, as UNP's loop expects */
    for (int served = 0; served < clients;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR) continue;
            perror("accept");
            return 1;
        }
        served++;
        pid_t child = fork();
        if (child == 0) {
            close(listenfd);
            str_echo(connfd);
            close(connfd);
            _exit(0);
        }
        close(connfd);
    }
    close(listenfd);
    while (ended < clients) pause(); /* the last children's SIGCHLD */
    return 0;
}

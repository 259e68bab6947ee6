/*
 * A fork-per-client echo server in the style of Stevens' UNP tcpserv02 (section 5.9 and 5.10): the parent closes
 * connfd after each fork, the child closes listenfd and echoes (str_echo) until its client closes, and a SIGCHLD
 * handler reaps every ended child with a waitpid(-1, WNOHANG) loop. accept() restarts after the handler or returns
 * EINTR, which the loop tolerates, as tcpserv04 does. Usage: stevens-fork-server PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define LISTENQ 1024
#define MAXLINE 4096

static void sig_chld(int signo) {
    (void) signo;
    pid_t pid;
    int stat;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0) {
    }
}

static void str_echo(int sockfd) {
    ssize_t n;
    char buf[MAXLINE];
again:
    while ((n = read(sockfd, buf, MAXLINE)) > 0) write(sockfd, buf, n);
    if (n < 0 && errno == EINTR) goto again;
}

int main(int argc, char **argv) {
    int listenfd, connfd, on = 1;
    pid_t childpid;
    socklen_t clilen;
    struct sockaddr_in cliaddr, servaddr;
    struct sigaction act;

    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(listenfd, (struct sockaddr *) &servaddr, sizeof servaddr) < 0 || listen(listenfd, LISTENQ) < 0) {
        perror("bind/listen");
        return 1;
    }
    memset(&act, 0, sizeof act);
    act.sa_handler = sig_chld;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &act, NULL);
    for (;;) {
        clilen = sizeof cliaddr;
        if ((connfd = accept(listenfd, (struct sockaddr *) &cliaddr, &clilen)) < 0) {
            if (errno == EINTR) continue;
            perror("accept");
            return 1;
        }
        if ((childpid = fork()) == 0) {
            close(listenfd);
            str_echo(connfd);
            exit(0);
        }
        close(connfd);
    }
}

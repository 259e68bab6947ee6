/* UDP client as UNIX Network Programming writes dg_cli with alarm (dgclitimeo3.c): Signal(SIGALRM) installs the
 * handler without SA_RESTART, alarm(5) limits the wait, and recvfrom cut by SIGALRM (EINTR) prints "socket timeout".
 * It does not send again, and, as the book's client, ends with exit(0) without closing its socket: strace shows
 * recvfrom = ? ERESTARTSYS, the signal, and no other call on the socket. Usage: udp-alarm-unp HOST PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void sig_alrm(int signo) {
    (void)signo;
    return; /* just interrupt the recvfrom() */
}

static void dg_cli(int sockfd, const struct sockaddr *pservaddr, socklen_t servlen) {
    char recvline[512];
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = sig_alrm;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0; /* UNP's Signal(): SA_INTERRUPT for SIGALRM, never SA_RESTART */
    sigaction(SIGALRM, &act, NULL);
    sendto(sockfd, "hello\n", 6, 0, pservaddr, servlen);
    alarm(5);
    ssize_t n = recvfrom(sockfd, recvline, sizeof recvline - 1, 0, NULL, NULL);
    if (n < 0) {
        if (errno == EINTR)
            fprintf(stderr, "socket timeout\n");
        else
            perror("recvfrom error");
    } else {
        alarm(0);
        recvline[n] = 0;
        fputs(recvline, stdout);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: udpcli <IPaddress> <port>\n");
        exit(1);
    }
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons((unsigned short)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &servaddr.sin_addr);
    int sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    dg_cli(sockfd, (struct sockaddr *)&servaddr, sizeof servaddr);
    exit(0);
}

/* A UDP client that limits its wait with alarm(5), as the classic texts show, but gives up instead of sending again:
 * recvfrom is cut by SIGALRM (EINTR) and the program says "socket timeout". */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_alarm(int sig) {
    (void)sig;
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: the wait ends */
    sigaction(SIGALRM, &sa, NULL);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    sendto(fd, "hello", 5, 0, (struct sockaddr *)&to, sizeof to);
    char buf[512];
    alarm(2);
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
    if (n < 0 && errno == EINTR) {
        fprintf(stderr, "socket timeout\n");
        close(fd);
        return 1;
    }
    alarm(0);
    close(fd);
    return 0;
}

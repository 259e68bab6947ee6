/* BROKEN (timeout-retry): waits for the answer with no time limit; a lost datagram hangs it. Usage: no-timeout HOST PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s HOST PORT\n", argv[0]); return 2; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    /* wrong: no SO_RCVTIMEO, poll or select: recvfrom waits for ever */
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short) atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
    const char *request = "hello";
    for (int attempt = 1; attempt <= 5; attempt++) {
        if (sendto(s, request, strlen(request), 0, (struct sockaddr *) &to, sizeof to) < 0) perror("sendto");
        char buf[512];
        ssize_t n = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
        if (n >= 3 && memcmp(buf, "ACK", 3) == 0) {
            printf("acknowledged after %d attempt(s)\n", attempt);
            close(s);
            return 0;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) perror("recvfrom");
    }
    fprintf(stderr, "no acknowledgement\n");
    close(s);
    return 1;
}

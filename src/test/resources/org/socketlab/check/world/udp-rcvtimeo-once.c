/* A UDP client that puts a time limit on its wait with SO_RCVTIMEO, then gives up without sending again. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct timeval tv = {.tv_sec = 1, .tv_usec = 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    sendto(fd, "hello", 5, 0, (struct sockaddr *)&to, sizeof to);
    char buf[512];
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
    close(fd);
    if (n < 0) fprintf(stderr, "no answer\n");
    return n < 0;
}

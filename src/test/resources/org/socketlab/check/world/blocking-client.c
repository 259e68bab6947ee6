/* The plainest client: blocking connect, one request, a read loop until the server closes. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    if (connect(fd, (struct sockaddr *)&to, sizeof to) < 0) return 1;
    if (send(fd, "GET\n", 4, 0) != 4) return 1;
    char buf[4096];
    long total = 0;
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) total += n;
    close(fd);
    printf("%ld bytes\n", total);
    return n < 0;
}

/* A client that connects without blocking, as libraries with a connect timeout do: connect returns EINPROGRESS,
 * poll waits for the socket to be writable (5 s at most), getsockopt(SO_ERROR) says whether it connected. Then it
 * sends a request and reads the whole reply until read returns 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    if (connect(fd, (struct sockaddr *)&to, sizeof to) < 0 && errno != EINPROGRESS) return 1;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (poll(&p, 1, 5000) != 1) return 1;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) return 1;
    fcntl(fd, F_SETFL, flags);
    const char req[] = "GET\n";
    if (write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1)) return 1;
    char buf[4096];
    long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) total += n;
    close(fd);
    printf("%ld bytes\n", total);
    return n < 0;
}

/* A UDP client with retransmission written with sendmsg/recvmsg and a poll timeout that doubles (1 s, 2 s), in the
 * style of the textbooks' reliable-UDP chapter. */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    char out[] = "request", in[512];
    struct iovec oiov = {.iov_base = out, .iov_len = sizeof out - 1};
    struct msghdr om = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &oiov, .msg_iovlen = 1};
    int rto = 1000;
    for (int tries = 0; tries < 4; tries++, rto *= 2) {
        if (sendmsg(fd, &om, 0) < 0) return 1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, rto) == 1) {
            struct iovec iiov = {.iov_base = in, .iov_len = sizeof in};
            struct msghdr im = {.msg_iov = &iiov, .msg_iovlen = 1};
            ssize_t n = recvmsg(fd, &im, 0);
            if (n > 0) {
                printf("%.*s\n", (int)n, in);
                close(fd);
                return 0;
            }
        }
    }
    close(fd);
    return 1;
}

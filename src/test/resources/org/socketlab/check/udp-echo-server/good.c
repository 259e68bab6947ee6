/* UDP echo server: each datagram goes back to whoever sent it. Usage: good PORT */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) < 0) { perror("bind"); return 1; }
    static char buf[65536]; /* a datagram comes whole: room for the largest one */
    for (;;) {
        struct sockaddr_in from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
        if (n < 0) { perror("recvfrom"); continue; }
        if (sendto(s, buf, (size_t) n, 0, (struct sockaddr *) &from, len) < 0) perror("sendto");
    }
}

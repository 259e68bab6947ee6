/* BROKEN (timeout-retry): sends the datagram five times in a row without waiting, then reads. Usage: resend-no-wait HOST PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int udp_to(const char *host, const char *port, struct sockaddr_in *to) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); exit(1); }
    memset(to, 0, sizeof *to);
    to->sin_family = AF_INET;
    to->sin_port = htons((unsigned short) atoi(port));
    if (inet_pton(AF_INET, host, &to->sin_addr) != 1) { fprintf(stderr, "bad address\n"); exit(2); }
    return s;
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    struct sockaddr_in to;
    int s = udp_to(argv[1], argv[2], &to);
    for (int attempt = 1; attempt <= 5; attempt++) sendto(s, "hello", 5, 0, (struct sockaddr *) &to, sizeof to);
    char buf[512];
    ssize_t n = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    close(s);
    return n >= 3 && memcmp(buf, "ACK", 3) == 0 ? 0 : 1;
}

/* TCP client: sends a request, then reads the whole reply until the server closes. Usage: good HOST PORT */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s HOST PORT\n", argv[0]); return 2; }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
    if (connect(s, (struct sockaddr *) &addr, sizeof addr) < 0) { perror("connect"); return 1; }
    const char *request = "GET everything\n";
    if (write(s, request, strlen(request)) < 0) { perror("write"); return 1; }
    shutdown(s, SHUT_WR); /* nothing more to ask */
    char buf[65536];
    long total = 0;
    for (;;) {
        ssize_t n = read(s, buf, sizeof buf);
        if (n < 0) { perror("read"); close(s); return 1; }
        if (n == 0) break; /* the server closed: the reply is complete */
        total += n;
    }
    printf("reply: %ld bytes\n", total);
    close(s);
    return 0;
}

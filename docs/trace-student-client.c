#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = 5000;              /* the classic mistake: no htons() */
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) perror("connect");
    close(s);
    s = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = htons(5000);
    if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) { perror("connect"); return 1; }
    const char *msg = "hello, server";
    send(s, msg, strlen(msg), 0);
    char buf[64];
    ssize_t n = recv(s, buf, sizeof buf, 0);
    printf("got %zd bytes\n", n);
    close(s);
    return 0;
}

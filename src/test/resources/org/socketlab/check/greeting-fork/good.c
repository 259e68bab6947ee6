/* Greets each client from a child process of its own and closes. Usage: good PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listener_on(const char *port) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0) { perror("socket"); exit(1); }
    int on = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short) atoi(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0) { perror("bind"); exit(1); }
    if (listen(l, 16) < 0) { perror("listen"); exit(1); }
    return l;
}
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN);
    int l = listener_on(argv[1]);
    const char *hello = "hello from the server\n";
    for (;;) {
        int c = accept(l, NULL, NULL);
        if (c < 0) continue;
        if (fork() == 0) {
            close(l);
            write(c, hello, strlen(hello));
            close(c);
            _exit(0);
        }
        close(c);
    }
}

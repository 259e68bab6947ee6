/* A TCP echo server with one detached thread per client, as a student writes one from the pthread man pages. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *serve(void *arg) {
    int conn = *(int *) arg;
    free(arg);
    char buf[1024];
    ssize_t n;
    while ((n = recv(conn, buf, sizeof buf, 0)) > 0)
        send(conn, buf, n, 0);
    close(conn);
    return NULL;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 9000;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    listen(listener, 10);
    printf("echo server on port %d\n", port);
    fflush(stdout);
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0) {
            perror("accept");
            continue;
        }
        int *arg = malloc(sizeof *arg);
        *arg = conn;
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, serve, arg) != 0) {
            perror("pthread_create");
            close(conn);
            free(arg);
        }
        pthread_attr_destroy(&attr);
    }
}

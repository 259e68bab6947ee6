/* A program of THREADS threads making socket calls (pthreads): the main thread listens on a port of the loopback the
 * kernel picks and starts THREADS client threads; each connects, sends one line naming itself, reads the echo back
 * and closes. The main thread accepts THREADS connections and echoes each line. Every call is a real system call of
 * its own thread, so a trace holds THREADS + 1 threads' calls.
 * Usage: thread-clients THREADS */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in server;

static void *client(void *arg) {
    long n = (long) arg;
    char line[32], back[32];
    int len = snprintf(line, sizeof line, "thread %ld\n", n);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &server, sizeof server) < 0) {
        perror("connect");
        exit(1);
    }
    if (send(fd, line, (size_t) len, 0) != len || recv(fd, back, sizeof back, MSG_WAITALL) != len) {
        perror("echo");
        exit(1);
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 30;
    if (threads < 1 || threads > 200) {
        fprintf(stderr, "usage: thread-clients THREADS (1-200)\n");
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof server;
    if (bind(listener, (struct sockaddr *) &server, sizeof server) < 0 || listen(listener, threads) < 0
            || getsockname(listener, (struct sockaddr *) &server, &size) < 0) {
        perror("thread-clients");
        return 1;
    }
    pthread_t *ids = calloc((size_t) threads, sizeof *ids);
    for (long i = 0; i < threads; i++) pthread_create(&ids[i], NULL, client, (void *) (i + 1));
    for (int i = 0; i < threads; i++) {
        char buf[32];
        int conn = accept(listener, NULL, NULL);
        ssize_t n = recv(conn, buf, sizeof buf, 0);
        if (n > 0) send(conn, buf, (size_t) n, 0);
        close(conn);
    }
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    free(ids);
    close(listener);
    return 0;
}

/* UDP client in the classic style (Stevens, UNIX Network Programming, dg_cli with alarm): the handler is installed
 * with SA_RESTART, so the kernel would make the interrupted recvfrom again; the handler jumps out of it instead
 * (siglongjmp) and the client sends again. strace shows the wait cut: recvfrom = ? ERESTARTSYS.
 * Usage: alarm-restart HOST PORT */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static sigjmp_buf again;

static void ring(int sig) {
    (void) sig;
    siglongjmp(again, 1);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    struct sigaction sa = {0};
    sa.sa_handler = ring;
    sa.sa_flags = SA_RESTART; /* restarted if the handler returned; it never does */
    sigaction(SIGALRM, &sa, NULL);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short) atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
    volatile int attempt = 0;
    sigsetjmp(again, 1); /* the alarm comes back here: the wait timed out */
    if (++attempt > 5) { close(s); return 1; }
    sendto(s, "hello", 5, 0, (struct sockaddr *) &to, sizeof to);
    alarm(1);
    char buf[512];
    ssize_t n = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    alarm(0);
    if (n >= 3 && memcmp(buf, "ACK", 3) == 0) { close(s); return 0; }
    close(s);
    return 1;
}

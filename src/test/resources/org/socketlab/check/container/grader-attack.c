/*
 * A submission that tries what a student's program must not in a grader's container, then serves as a correct
 * iterative TCP echo server: rewrite the platform's results file, create one beside it, read the check's own file.
 * Usage: grader-attack RESULTS_FILE CHECK_FILE PORT. Where any of it works it says so and exits 3 without serving, so
 * its row fails (GraderContainerTest).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 4) return 2;
    int got = 0;
    int fd = open(argv[1], O_WRONLY | O_TRUNC);
    if (fd >= 0 && write(fd, "{\"score\": 100}\n", 15) > 0) got = printf("rewrote %s\n", argv[1]);
    char beside[4200];
    snprintf(beside, sizeof beside, "%s.forged", argv[1]);
    if (open(beside, O_WRONLY | O_CREAT, 0644) >= 0) got = printf("wrote %s\n", beside);
    char text[256];
    int check = open(argv[2], O_RDONLY);
    if (check >= 0 && read(check, text, sizeof text) > 0) got = printf("read %s\n", argv[2]);
    printf("uid %d\n", (int) getuid());
    fflush(stdout);
    if (got) return 3;
    signal(SIGPIPE, SIG_IGN); /* a client reset mid-reply is not the end of the server */
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[3]))};
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &at, sizeof at) != 0 || listen(listener, 16) != 0) return 1;
    for (;;) {
        int c = accept(listener, NULL, NULL);
        if (c < 0) continue;
        char buffer[4096];
        for (ssize_t n; (n = read(c, buffer, sizeof buffer)) > 0;) {
            for (ssize_t off = 0; off < n;) {
                ssize_t w = write(c, buffer + off, (size_t) (n - off));
                if (w <= 0) break;
                off += w;
            }
        }
        close(c);
    }
}

/*
 * A chat server in the style of Beej's Guide to Network Programming (section 7.2, pollserver.c): getaddrinfo() with
 * AI_PASSIVE, one poll() over the listener and every client, a new client added to the set, each line a client sends
 * passed on to every other client, a client that hangs up removed. Usage: beej-poll-server PORT
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static int get_listener_socket(const char *port) {
    int listener = -1, yes = 1, rv;
    struct addrinfo hints, *ai, *p;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if ((rv = getaddrinfo(NULL, port, &hints, &ai)) != 0) {
        fprintf(stderr, "pollserver: %s\n", gai_strerror(rv));
        exit(1);
    }
    for (p = ai; p != NULL; p = p->ai_next) {
        listener = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
        if (listener < 0) continue;
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (bind(listener, p->ai_addr, p->ai_addrlen) < 0) {
            close(listener);
            continue;
        }
        break;
    }
    freeaddrinfo(ai);
    if (p == NULL || listen(listener, 10) == -1) return -1;
    return listener;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int fd_count = 0, fd_size = 5;
    struct pollfd *pfds = malloc(sizeof *pfds * fd_size);
    int listener = get_listener_socket(argv[1]);
    if (listener == -1) {
        fprintf(stderr, "error getting listening socket\n");
        return 1;
    }
    pfds[0].fd = listener;
    pfds[0].events = POLLIN;
    fd_count = 1;
    for (;;) {
        int poll_count = poll(pfds, fd_count, -1);
        if (poll_count == -1) {
            perror("poll");
            return 1;
        }
        for (int i = 0; i < fd_count; i++) {
            if (!(pfds[i].revents & (POLLIN | POLLHUP))) continue;
            if (pfds[i].fd == listener) {
                struct sockaddr_storage remoteaddr;
                socklen_t addrlen = sizeof remoteaddr;
                int newfd = accept(listener, (struct sockaddr *) &remoteaddr, &addrlen);
                if (newfd == -1) continue;
                if (fd_count == fd_size) {
                    fd_size *= 2;
                    pfds = realloc(pfds, sizeof *pfds * fd_size);
                }
                pfds[fd_count].fd = newfd;
                pfds[fd_count].events = POLLIN;
                pfds[fd_count].revents = 0;
                fd_count++;
            } else {
                char buf[256];
                int sender_fd = pfds[i].fd;
                int nbytes = recv(sender_fd, buf, sizeof buf, 0);
                if (nbytes <= 0) {
                    close(sender_fd);
                    pfds[i] = pfds[fd_count - 1];
                    fd_count--;
                    i--;
                } else {
                    for (int j = 0; j < fd_count; j++) {
                        int dest_fd = pfds[j].fd;
                        if (dest_fd != listener && dest_fd != sender_fd) send(dest_fd, buf, nbytes, 0);
                    }
                }
            }
        }
    }
}

/*
 * A process of the lab that tries to enter a checked program's room (the audit of 2026-11-26, L1): setns() into the
 * room's user namespace (owned by the same user, so every capability there), then into its mount namespace, and says
 * what it holds. Usage: enter-room PID (a process in the room, as the lab sees it)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *kinds[] = {"user", "mnt"};
    for (int i = 0; i < 2; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%s/ns/%s", argv[1], kinds[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || setns(fd, 0) != 0) {
            printf("setns %s: %s\n", kinds[i], strerror(errno));
            return 1;
        }
        printf("entered the room's %s namespace\n", kinds[i]);
    }
    char line[256];
    FILE *status = fopen("/proc/self/status", "r");
    while (status && fgets(line, sizeof line, status))
        if (strncmp(line, "CapEff:", 7) == 0) printf("%s", line);
    return 0;
}

/* Starts a grandchild that outlives its parent (reparented away from us) and hangs; hangs itself too.
   socketlab check must kill both at the time limit. Usage: fork-and-hang HOST PORT */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    pid_t child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            printf("grandchild=%d\n", (int) getpid());
            fflush(stdout);
            for (;;) pause();
        }
        _exit(0); /* the grandchild is now nobody's child here */
    }
    printf("parent=%d\n", (int) getpid());
    fflush(stdout);
    for (;;) pause();
}

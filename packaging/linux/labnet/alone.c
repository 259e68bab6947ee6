/*
 * labnet alone -- PROGRAM [ARGS...]: what `check --no-room` keeps of the room where no room can be made (a grader's
 * container whose seccomp profile refuses namespaces, or whose masked /proc refuses a room's own): PROGRAM runs in a
 * new, empty session keyring of its own, as nobody when this is root (never as root: it could rewrite the grader's
 * results or read the check's files), with no capability left to gain (no_new_privs, an empty bounding set) and the
 * room's two filters (no user namespace; no keyring calls, no memfd or SysV memory outside its resident memory, no
 * io_uring). Its memory in total and its time are SocketLab's to watch. PROGRAM is an absolute path, exec'd as it is
 * (an argument list: no shell, no search of PATH). Nothing else of the room is here: the file system, the processes
 * and the network are the container's.
 */
#include "labnet.h"

#include <grp.h>

int alone(int argc, char **argv) {
    if (argc < 1 || argv[0][0] != '/') {
        fprintf(stderr, "usage: labnet alone -- /PROGRAM [ARGS...]\n");
        return 2;
    }
    if (own_session_keyring() != 0) {
        fprintf(stderr, "labnet: alone: a session keyring of its own: %s\n", strerror(errno));
        return 127;
    }
    drop_all_capabilities();
    if (getuid() == 0 || geteuid() == 0) {
        pid_t parent = getppid();
        if (setgroups(0, NULL) != 0 || setresgid(NOBODY, NOBODY, NOBODY) != 0
                || setresuid(NOBODY, NOBODY, NOBODY) != 0) {
            fprintf(stderr, "labnet: alone: nobody's identity: %s\n", strerror(errno));
            return 127;
        }
        /* A new identity clears the parent-death signal (setpriv --pdeathsig's, before): set again, the program still
         * dies with its tracer, and so with SocketLab. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) return 127;
    }
    if (refuse_user_namespaces() != 0 || refuse_room_calls() != 0) {
        fprintf(stderr, "labnet: alone: the seccomp filter: %s\n", strerror(errno));
        return 127;
    }
    execv(argv[0], argv);
    fprintf(stderr, "labnet: cannot run %s: %s\n", argv[0], strerror(errno));
    return 127;
}

/*
 * labnet: SocketLab's private lab network, for users without root. A boundary, not a door.
 *
 *   labnet enter [--strict] [--] COMMAND [ARGS...]
 *       Makes a new user + network namespace (the user mapped to itself, not to root), brings its loopback up,
 *       leaves behind a broker that keeps the namespace's CAP_NET_RAW and CAP_NET_ADMIN, and runs COMMAND in the
 *       namespace WITHOUT any capability: a student's bind() to port 80 still gets EACCES and socket(SOCK_RAW) EPERM.
 *       COMMAND inherits one end of a socketpair to the broker; SOCKETLAB_LABNET=<fd>:<broker pid> says which.
 *       When the namespace cannot be made (user namespaces disabled by sysctl, AppArmor's restriction on Ubuntu
 *       >= 23.10, a container's seccomp filter, no seccomp here), COMMAND runs on this computer's network with
 *       SOCKETLAB_LABNET_ERROR=<code>:<errno> so it can say why; `labnet enter --strict` exits 3 instead.
 *
 *       COMMAND may ask to continue on this computer's network instead (the window's "this computer's loopback"):
 *       it writes "host" to the pipe whose fd SOCKETLAB_LABNET_LEAVE names, then exits; labnet then runs COMMAND
 *       again, on the host's network, with SOCKETLAB_NETWORK=host. A namespace cannot be left from inside.
 *
 *   labnet capture DEVICE           (a test's independent look at the wire: needs the broker's end, inherited)
 *       Asks the broker inherited through SOCKETLAB_LABNET for a capture of DEVICE; the pcap goes to stdout.
 *
 *   labnet nft-script [--far] OP... prints the nft script a request (nft-in with --far) would run; runs nothing
 *
 *   labnet alone -- /PROGRAM [ARGS...]
 *       check --no-room's program where no room can be made: a new session keyring, nobody instead of root, no
 *       capability to gain, the room's filters; then PROGRAM (alone.c).
 *
 * What nothing labnet starts can do, on every distribution:
 *   - make a user namespace: before it execs anything (COMMAND in the lab or on the host, nft) labnet
 *     installs a seccomp filter, inherited by every descendant and never removable, under which unshare() and clone()
 *     with CLONE_NEWUSER fail with EPERM and clone3() with ENOSYS (its flags are in memory a filter cannot read; on
 *     ENOSYS glibc falls back to clone(), so threads and posix_spawn keep working, where EPERM would break them).
 *     Chosen over bubblewrap's per-namespace limit (user.max_user_namespaces=0 in a nested namespace) because the
 *     filter also holds for COMMAND on the host network. The filter refuses setns() too (EPERM): a checked program's
 *     room is the broker's child namespace, owned by the same user, so any process of the lab would otherwise join it
 *     with every capability there.
 *   - run code inside labnet or its broker: labnet is linked statically (LD_PRELOAD never runs in it), and it is not
 *     dumpable once its namespace is made (a process of the same user cannot ptrace it or read its memory).
 *   - reach the broker: it has no name, only the socketpair COMMAND inherits (the lab's own program marks it
 *     close-on-exec at once); it reads structured requests (a type and checked parameters), never an argument list:
 *       capture DEVICE SNAPLEN   labnet's own capture (reader.c) of "lo", "any" or "nflog:N", as pcap, to a pipe;
 *       nft OP...                nft on SocketLab's own table (inet socketlab), from fixed templates;
 *       capture-in HOST nflog:N SNAPLEN, nft-in HOST OP...   the same in the second host's namespace (its log
 *                                groups and its own table only), HOST being a host this broker made.
 *     Each program it runs gets an empty environment and is ended when the caller closes its reply socket.
 *     A refused request: one line on the caller's stderr, exit status 126, nothing run.
 *
 * No shell is ever run; programs are argument lists. Capabilities held are the namespace's only: the host's network,
 * files and processes are out of reach (the kernel checks them against the host's user namespace).
 */
#include "labnet.h"

#include <linux/keyctl.h>

char *labnet_arguments;
size_t labnet_arguments_size;

void wipe_command_line(const char *name) {
    if (labnet_arguments == NULL || labnet_arguments_size == 0) return;
    memset(labnet_arguments, 0, labnet_arguments_size);
    snprintf(labnet_arguments, labnet_arguments_size, "%s", name);
}

int own_session_keyring(void) {
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) >= 0) return 0;
    /* No keyrings in this kernel, or a container's filter refuses keyctl (Docker's default profile): then no key is
     * within anyone's reach here, the grader's neither. */
    return errno == ENOSYS || errno == EPERM ? 0 : -1;
}

int main(int argc, char **argv) {
    labnet_arguments = argv[0];
    labnet_arguments_size = (size_t) (argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
    if (argc >= 2 && strcmp(argv[1], "enter") == 0) {
        int first = 2, strict = 0;
        if (first < argc && strcmp(argv[first], "--strict") == 0) strict = 1, first++;
        if (first < argc && strcmp(argv[first], "--") == 0) first++;
        return enter(argc - first, argv + first, strict);
    }
    if (argc == 3 && strcmp(argv[1], "capture") == 0) return capture(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "contain") == 0) return contain_client(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "nft-script") == 0) return print_nft_script(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "alone") == 0) {
        int first = 2;
        if (first < argc && strcmp(argv[first], "--") == 0) first++;
        return alone(argc - first, argv + first);
    }
    fprintf(stderr, "usage: labnet enter [--strict] [--] COMMAND [ARGS...] | labnet capture DEVICE"
                    " | labnet contain WORK [--ro FOLDER]... -- PROGRAM [ARGS...] | labnet nft-script OP..."
                    " | labnet alone -- /PROGRAM [ARGS...]\n");
    return 2;
}

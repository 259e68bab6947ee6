/* What the contain request's three files share (contain.c the request, contain_room.c the room's init and program,
 * contain_trace.c strace outside the room). */
#ifndef LABNET_CONTAIN_H
#define LABNET_CONTAIN_H

#include "labnet.h"

/* ---------------------------------------------------------------------------------------------------------------
 * contain: a checked program in a room of its own (room.c: user, mount, PID and IPC namespaces, an empty root),
 * carried out by the broker, which alone in the lab may make a user namespace.
 *
 *   contain NPROC CPU_SECONDS OPEN_FILES MEMORY_MB FILE_MB NETWORK KINDS STRINGS CALLS PROGRAM ARGS...
 *   fds: reply socket, stdout, stderr, then one folder (or file) per letter of KINDS, then (STRINGS > 0) the record:
 *     t  the working folder: made empty at its path on the room's tmpfs of FILE_MB (first, once)
 *     r  shown read-only at its own path (the submission's folder, an interpreter's)
 *     s  as r, and the program starts there (at most one): the folder it was run from, as in a terminal (java
 *        EchoServer finds EchoServer.class); its HOME and writable place stay the t folder
 *   STRINGS > 0: strace (-s STRINGS, -e trace=CALLS) runs outside the room, in the lab's mount and PID namespaces,
 *   attached to the program before its first instruction, its record written into the last descriptor (a pipe's
 *   write end): nothing of the trace is in the room, and the record's pids are the lab's. STRINGS 0 and CALLS "-":
 *   no trace. NETWORK: the pid a network request answered (hosts.c: loopback only, where the check's own side plays
 *   through an endpoint), or - for a network of the room's own (loopback up); the room never shares the lab's, so a
 *   batch's submissions cannot see or reach one another, and strace runs in the room's network to name its sockets.
 *   Paths come from the descriptors themselves (/proc/self/fd), never from the caller's words. PROGRAM is
 *   absolute and exec'd with ARGS as they are (an argument list, no shell, no search of PATH).
 *
 * Limits: NPROC and OPEN_FILES per process (RLIMIT_NPROC counted in the room's own user namespace); MEMORY_MB the
 * resident memory and CPU_SECONDS the CPU time of all the room's processes together (the ended ones' too), added up by
 * the room's init every 10 ms (every 1 ms past half its memory), which ends the whole room beyond either ("labnet: killed: over its memory, N MB in P
 * processes", "labnet: killed: over its CPU time, N s in P processes" on its stderr, status 137), and ends it as
 * well when its processes reach NPROC ("labnet: killed: at its process limit, P processes": a fork bomb); RLIMIT_CPU
 * per process and RLIMIT_AS only as backstops (RLIMIT_AS one that a stock JVM fits: MEMORY_MB + a quarter of RAM +
 * 4 GiB).
 *
 * The reply socket first gets the host pid of the room's init (4 bytes), once the program runs, then its exit status
 * (1 byte).
 */
#define MAX_FOLDERS (1 + ROOM_PLACES)
#define MAX_CALLS 1024
#define MEMORY_EVERY_NS (10 * 1000 * 1000)
/* Past half its memory the room is read every 1 ms: processes touching pages on two cores grow ~50 MB in 10 ms, a
 * fifth of a 256 MB limit, before the init would see it. */
#define MEMORY_NEAR_EVERY_NS (1000 * 1000)
/* RLIMIT_CPU lies this far above the room's CPU time, so that the init's sum, not a process's own limit, ends it. */
#define CPU_BACKSTOP_SECONDS 2

struct containment {
    long nproc, cpu, nofile, memory_mb, file_mb, strings;
    const char *kinds, *calls;
    char paths[MAX_FOLDERS][4096];
    int folders[MAX_FOLDERS], count, record;
    int start; /* the folder (an s) the program starts in, or -1: its working folder */
    int network; /* the network's namespace (O_RDONLY of /proc/PID/ns/net), or -1: one of the room's own */
    char **argv;
    uid_t uid;
    gid_t gid;
};

/* The room's first process (PID 1 of its namespace) and its stop, set by a signal handler: contain.c, contain_room.c. */
extern volatile sig_atomic_t contained_child, stop_asked;

void contained_init(struct containment *c, int out, int err, int alive, int ready);
int trace_program(const struct containment *c, pid_t init, int err, pid_t *tracer);

#endif

/*
 * labnet's parts, one concern a file (what labnet is and promises: main.c). What each offers the others:
 *   main.c     the overview; the commands
 *   seccomp.c  the filter under which nothing labnet starts makes a user namespace
 *   util.c     small helpers: files, numbers, programs, capabilities, the words a request's process exchanges
 *   enter.c    labnet enter: the namespace, its identity maps, the broker's start, COMMAND without capabilities
 *   broker.c   the broker: its requests read, checked and dispatched; a privileged program run for one
 *   capture.c  the capture request checked; labnet capture, its client
 *   reader.c   the lab's own capture: a packet socket's ring or a netfilter log group, written as pcap
 *   nft.c      the nft request's script templates; labnet nft-script
 *   contain.c  the contain request: the room's processes (maker, init, program), its tracer, its memory; labnet contain
 *   room.c     the room's file system: an empty root of read-only binds, built by the room's init
 *   netlink.c  one rtnetlink request, by hand
 *   veth.c     a veth pair and one end configured: the pieces of the link between the hosts
 *   hosts.c    the second host and its veth link; an endpoint started in it
 *   link.c     the link's conditions (tbf) and the netem probe
 *   middle.c   the wire between the hosts (issue 55): the middle namespace, its packet sockets, socketlab-wire started
 */
#ifndef LABNET_H
#define LABNET_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../link-settings.h"

#define MAX_WORDS 64
#define MAX_PAYLOAD 8192
#define MAX_SCRIPT 65536
#define REQUEST_FDS 3 /* reply socket, stdout, stderr */
#define MAX_REQUEST_FDS 12 /* those, a room's five places and its record, and room to spare */
#define REFUSED 126
#define NOBODY 65534u

/* The second host's link: its two ends' names (hosts.c makes it, link.c sets its rate). */
#define LINK_HERE "link-a"  /* the lab's (client's) end */
#define LINK_THERE "link-b" /* the server host's end */
#define ADDRESS_HERE 0x0a4d0001u  /* 10.77.0.1 */
#define ADDRESS_THERE 0x0a4d0002u /* 10.77.0.2 */
/* host wire SETTINGS...: how many numbers the wire takes, and their bounds (middle.c checks them, link.c the rate's) */
#define WIRE_SETTINGS LINK_SETTINGS

/* The descriptor an endpoint's control channel is handed as (endpoint.c's CONTROL; EndpointProtocolTest holds the
 * two, and the Java side, to one number). */
#define ENDPOINT_CONTROL 100

/* A broker's request: its payload's NUL-terminated words. */
struct request {
    char *words[MAX_WORDS + 1];
    int count;
};

/* seccomp.c */
int refuse_user_namespaces(void);
int refuse_room_calls(void);

/* alone.c: labnet alone -- PROGRAM ARGS... (check --no-room's program: what of the room can be kept without one) */
int alone(int argc, char **argv);

/* main.c: where labnet's own command line lies in its memory, so that a process forked from it without exec (the
 * room's init) can wipe it: a room's /proc/1/cmdline must not show SocketLab's command line (the audit's R6). */
extern char *labnet_arguments;
extern size_t labnet_arguments_size;
void wipe_command_line(const char *name);

/* A new session keyring of the caller's own, empty: the grader's session keyring (Kerberos tickets, AFS tokens) is not
 * inherited by what the caller starts (R1). 0 (also where there are no keyrings, or a container's filter refuses them:
 * then no key is in reach), or -1. */
int own_session_keyring(void);

/* util.c */
int write_file(const char *path, const char *text);
int interface_up(const char *name);
long number(const char *text, long low, long high);
const char *system_program(const char *name, char *path, size_t size);
int keep_network_capabilities(void);
void drop_all_capabilities(void);
void send_status(int conn, int status);
void refuse(int conn, int err, const char *why);
pid_t request_child(int conn, int ns, int in, int out, int err);
int write_map(pid_t pid, const char *file, unsigned id);
int report(int fd, int err);
int outcome(int fd);
int exit_code(int status);
int end_child(pid_t child, int grace_tries);
int wait_or_end(int conn, pid_t child, int poll_ms);
int channel_from_environment(void);
int choose_congestion_control(void);

/* enter.c */
int enter(int argc, char **argv, int strict);

/* broker.c */
void broker(int channel);

/* capture.c */
int capture_request(const struct request *r, int first, int far, const char **device, unsigned *snap,
        const char **why);
int capture(const char *device);

/* reader.c */
void run_capture(int conn, int in, int out, int err, const char *device, unsigned snap, int ns);

/* nft.c */
int nft_script(struct request *r, int first, int far, char *script, const char **why);
int print_nft_script(int argc, char **argv);

/* contain.c */
int contain_request(const struct request *r, int *fds, int count, const char **why);
int contain_client(int argc, char **argv);

/* room.c */
#define ROOM_PLACES 4
struct room {
    const char *work;                 /* the working folder's path: made empty on the room's tmpfs */
    const char *paths[ROOM_PLACES];   /* read-only places, each at its own path */
    int folders[ROOM_PLACES];         /* their descriptors (O_PATH, opened in the room's mount namespace) */
    int count;
    uid_t uid;                        /* the program's user and group: the room's tmpfs and working folder are its */
    gid_t gid;
    long size_mb;                     /* the room's tmpfs: working folder, /tmp and /dev/shm together */
};
int build_room(const struct room *r, const char **where);

/* netlink.c */
struct netlink_request {
    struct nlmsghdr header;
    char body[1024];
};
struct rtattr *attribute(struct netlink_request *q, unsigned short type, const void *data, size_t size);
void nest_end(struct netlink_request *q, struct rtattr *nest);
int netlink(struct netlink_request *q);
int netlink_on(int s, struct netlink_request *q);

/* veth.c */
int make_veth(const char *name, const char *peer, int peer_ns);
int delete_veth(const char *name);
int configure_end(const char *name, uint32_t address, const char **step);

/* hosts.c */
void make_host(int conn, int out, int err, int orders, const struct request *r, int wire_first);
void make_network(int conn, int out, int err);
int safe_name(const char *name);
int host_namespace(const char *host);
int endpoint_program(char *path, size_t size);
void start_endpoint(int conn, int out, int err, int control, const char *name, int ns, const char *program);

/* link.c */
void set_link(int conn, int err, const char *host, const char *rate);
void probe_netem(int conn, int out);

/* middle.c */
int wire_settings(const struct request *r, int first, const char **why);
int make_wired_link(int lab, int there, const struct request *r, int first, int out, int err, int orders, pid_t *wire,
        int *middle_rtnl, const char **step);
void unmake_wired_link(pid_t wire, int middle_rtnl);

#endif

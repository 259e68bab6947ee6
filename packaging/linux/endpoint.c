/*
 * socketlab-endpoint: one endpoint of the lab (the server, a client) as a process of its own (issue 38).
 *
 *   socketlab-endpoint NAME PARENT_PID        (started by SocketLab, never by hand: argv[0] is "socketlab: NAME")
 *
 * It makes the socket calls SocketLab sends it, one at a time, each exactly one call of the same glibc function the
 * lab called in its own process before, and answers with what the call returned (result, errno, the bytes and the
 * address the kernel filled in, how long the call took). A blocking call blocks here, in the kernel. SocketLab
 * encodes every argument (addresses as the kernel's struct sockaddr bytes) and decodes every answer: this program
 * knows no address family, option or flag, so `strace -f` shows per process the calls the journal says.
 *
 * The control channel is descriptor 100, a stream socket SocketLab keeps the other end of: far above the first free
 * numbers, so the endpoint's first socket is descriptor 3, as in a student's C program. Every other inherited
 * descriptor above 2 is closed at start. Frames: a 4-byte length, then the body (native byte order).
 *   request: int32 op, int32 0, int64 a[6], then bytes (data, an address, a path)
 *   answer:  int64 result, int32 errno, int32 0, int64 ns in the call, int64 b[4], int64 entered, then bytes
 *            (entered: CLOCK_MONOTONIC as the call was made, so SocketLab journals when the call really began, not
 *            when it asked: on a busy machine this process may wake a long while after the request was written)
 * It ends when the channel reaches its end (SocketLab closed it or ended) and, as a second guard, when the thread
 * that started it ends (PR_SET_PDEATHSIG: SocketLab starts endpoints from a thread that lives as long as the lab).
 * SIGUSR1 interrupts a blocking call: its handler is installed without SA_RESTART, so the call returns -1 EINTR.
 * Every other signal has its default action, as in a student's C program (issue 39): a send with flags 0 on a
 * connection the peer reset kills it with SIGPIPE, unless the lab asked for MSG_NOSIGNAL or for SIGPIPE to be
 * ignored (OP_SIGNAL: sigaction, SIG_IGN or SIG_DFL; or a handler, with or without SA_RESTART, for SIGUSR2, SIGALRM or
 * SIGCHLD too: a call it interrupts returns -1 EINTR without SA_RESTART). Its own answers on the control channel are
 * sent with MSG_NOSIGNAL, so only a student's call can kill it that way, never SocketLab closing the channel.
 * OP_FORK is a real fork() (issue 39): the child is an endpoint of its own, with every socket descriptor of its parent
 * (the same sockets) and a control channel of its own at descriptor 100; SocketLab never reaps it (it is not
 * SocketLab's child): it stays a zombie until its parent's OP_WAITPID, as in a fork server. OP_EXIT is exit(2).
 * OP_GETADDRINFO is getaddrinfo(3) (issue 41): the one call here that is glibc's work more than the kernel's.
 * OP_SIGPROCMASK blocks or unblocks one signal; SIGCHLD's handlers reap_one and reap_all (issue 59's sigchld-loop)
 * report what they did in its answer. OP_ACCEPT may take the program's own addrlen (issue 59's addrlen lesson).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The protocol is written in Java too (EndpointOp, EndpointChannel) and CONTROL in labnet.h: EndpointProtocolTest
 * compiles a probe of this file and fails where they differ. */
#define CONTROL 100
#define MAX_FRAME (8 * 1024 * 1024)

enum op {
    OP_SOCKET = 1, OP_SOCKETPAIR, OP_BIND, OP_LISTEN, OP_ACCEPT, OP_CONNECT, OP_SEND, OP_RECV, OP_SENDTO,
    OP_RECVFROM, OP_SHUTDOWN, OP_CLOSE, OP_SETSOCKOPT, OP_GETSOCKOPT, OP_FCNTL, OP_GETSOCKNAME, OP_GETPEERNAME,
    OP_POLL, OP_READ, OP_WRITE, OP_UNLINK, OP_THREAD, OP_FORGET, OP_SIGNAL, OP_READY, OP_FORK, OP_WAITPID, OP_EXIT
};

/* select(2), numbered apart from the ops above so that ops added there keep their numbers; getaddrinfo(3) and
 * sigprocmask(2) next. */
#define OP_SELECT 64
#define OP_GETADDRINFO 65
#define OP_SIGPROCMASK 66

struct request {
    int32_t op, pad;
    int64_t a[6];
};

struct answer {
    int64_t result;
    int32_t err, pad;
    int64_t ns;
    int64_t b[4];
    int64_t entered;
};

static void interrupted(int sig) {
    (void) sig; /* nothing to do: being here is what makes the blocked call return EINTR */
}

/* A lesson's catching handler (OP_SIGNAL): it only returns, as a student's that sets a flag. What the signal does to a
 * call it lands in is the kernel's: -1 EINTR, or the call made again with SA_RESTART. */
static void on_signal(int sig) {
    (void) sig;
}

/* What the SIGCHLD handlers below did since SocketLab last asked (OP_SIGPROCMASK answers it): how many times one ran and
 * the children it reaped. Only a handler writes them, only the call that unblocks SIGCHLD reads them. */
#define MAX_REAPED 16
static volatile sig_atomic_t handler_runs, reaped_count;
static volatile int32_t reaped[MAX_REAPED][2];

static void note_reaped(pid_t pid, int status) {
    if (reaped_count < MAX_REAPED) {
        reaped[reaped_count][0] = pid;
        reaped[reaped_count][1] = status;
    }
    reaped_count++;
}

/* A SIGCHLD handler as the classic slip writes it: one waitpid per signal. Signals are not queued: two children
 * that end while SIGCHLD is blocked make one pending SIGCHLD, one run, and one of them stays a zombie. */
static void reap_one(int sig) {
    (void) sig;
    int saved = errno, status;
    handler_runs++;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) note_reaped(pid, status);
    errno = saved;
}

/* The handler as it must be written: waitpid(WNOHANG) until no ended child is left, however many signals merged. */
static void reap_all(int sig) {
    (void) sig;
    int saved = errno, status;
    handler_runs++;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) note_reaped(pid, status);
    errno = saved;
}

/* Reads exactly n bytes of a control channel; 0 at its end. A signal meant for a call may land here: go on. */
static int read_full(int channel, void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(channel, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        p += r;
        n -= (size_t) r;
    }
    return 1;
}

static int write_full(int channel, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        /* MSG_NOSIGNAL: SocketLab closing the channel ends this program at its next read, never by SIGPIPE. */
        ssize_t r = send(channel, p, n, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        p += r;
        n -= (size_t) r;
    }
    return 1;
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000 + t.tv_nsec;
}

static int reply(int channel, struct answer *a, const void *bytes, uint32_t n) {
    uint32_t length = (uint32_t) sizeof *a + n;
    return write_full(channel, &length, sizeof length) && write_full(channel, a, sizeof *a)
            && (n == 0 || write_full(channel, bytes, n));
}

static void *serve_thread(void *channel);

/*
 * A thread of this process with a control channel of its own (another endpoint of the lab: a threaded server's
 * thread, which shares the process's descriptors). The channel is a socketpair moved above the control descriptor,
 * so no number a student's program would get is taken: b[0] is SocketLab's end, for it to take (pidfd_getfd) and then
 * have closed here (OP_FORGET); b[1] is the thread's id, for signals meant for its calls (tgkill).
 */
static int64_t start_thread(struct answer *a) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return -1;
    int ours = fcntl(sv[0], F_DUPFD_CLOEXEC, CONTROL + 1), theirs = fcntl(sv[1], F_DUPFD_CLOEXEC, CONTROL + 1);
    close(sv[0]);
    close(sv[1]);
    if (ours < 0 || theirs < 0) return -1;
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&thread, &attr, serve_thread, (void *) (intptr_t) theirs);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        errno = err;
        return -1;
    }
    /* The thread says its id first thing on its channel; SocketLab reads it there. */
    a->b[0] = ours;
    return 0;
}

static int serve(int channel);

/*
 * getaddrinfo(3) as a student's program calls it: a[0] family, a[1] socktype, a[2] protocol, a[3] flags (the hints),
 * a[4] bit 0: node is NULL, bit 1: service is NULL; bytes: node, NUL, service, NUL. The result is getaddrinfo's own
 * (0 or an EAI_* code, negative in glibc; errno kept for EAI_SYSTEM). The answer's bytes: on success each addrinfo
 * in the list's order as int32 family, socktype, protocol, addrlen, then the address's bytes; on failure
 * gai_strerror's text. This program links glibc dynamically, so the NSS modules /etc/nsswitch.conf names are loaded
 * with the glibc they were built for (decision 0007).
 */
static uint32_t resolve(const struct request *q, char *bytes, size_t nbytes, struct answer *a, char *out) {
    if (nbytes == 0 || bytes[nbytes - 1] != 0) {
        a->result = EAI_SYSTEM;
        errno = EINVAL;
        return 0;
    }
    const char *node = bytes, *service = bytes + strlen(bytes) + 1;
    if (service >= bytes + nbytes) service = bytes + nbytes - 1;
    struct addrinfo hints, *list = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = (int) q->a[0];
    hints.ai_socktype = (int) q->a[1];
    hints.ai_protocol = (int) q->a[2];
    hints.ai_flags = (int) q->a[3];
    int e = getaddrinfo(q->a[4] & 1 ? NULL : node, q->a[4] & 2 ? NULL : service, &hints, &list);
    a->result = e;
    uint32_t n = 0;
    if (e != 0) {
        int saved = errno;
        const char *text = gai_strerror(e);
        n = (uint32_t) strlen(text);
        memcpy(out, text, n);
        errno = saved;
        return n;
    }
    for (struct addrinfo *p = list; p != NULL && n + 16 + p->ai_addrlen < MAX_FRAME - 64; p = p->ai_next) {
        int32_t head[4] = {p->ai_family, p->ai_socktype, p->ai_protocol, (int32_t) p->ai_addrlen};
        memcpy(out + n, head, sizeof head);
        memcpy(out + n + sizeof head, p->ai_addr, p->ai_addrlen);
        n += (uint32_t) (sizeof head + p->ai_addrlen);
    }
    freeaddrinfo(list);
    return n;
}

/*
 * fork(2) for SocketLab: a new channel (a socketpair above the control descriptor), then the fork. In the parent,
 * b[0] is SocketLab's end, to take (pidfd_getfd) and have closed here (OP_FORGET), and the result the child's pid.
 * In the child (returns 1) its end becomes its control descriptor and nothing else of SocketLab's stays open: its
 * descriptors 0 to 99 are its parent's, as after a student's fork().
 */
static int fork_endpoint(struct answer *a) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return a->result = -1, 0;
    int ours = fcntl(sv[0], F_DUPFD_CLOEXEC, CONTROL + 1), theirs = fcntl(sv[1], F_DUPFD_CLOEXEC, CONTROL + 1);
    close(sv[0]);
    close(sv[1]);
    if (ours < 0 || theirs < 0) return a->result = -1, 0;
    pid_t child = fork();
    if (child == 0) {
        dup2(theirs, CONTROL); /* the parent's channel is SocketLab's talk with the parent: not the child's */
        syscall(SYS_close_range, CONTROL + 1, ~0U, 0);
        return 1;
    }
    int saved = errno;
    close(theirs);
    if (child < 0) close(ours);
    a->b[0] = ours;
    a->result = child;
    errno = saved;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "socketlab-endpoint is started by SocketLab, not by hand\n");
        return 2;
    }
    /* Gone with the thread that started it (SIGKILL: nothing to clean up that the kernel does not). */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != (pid_t) atol(argv[2])) return 3; /* it ended before the line above: end too */
    char comm[16];
    snprintf(comm, sizeof comm, "%s", argv[1]);
    prctl(PR_SET_NAME, comm);
    /* Only 0, 1, 2 and the control channel: the first socket is descriptor 3. */
    syscall(SYS_close_range, 3, CONTROL - 1, 0);
    syscall(SYS_close_range, CONTROL + 1, ~0U, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = interrupted; /* no SA_RESTART: a blocking call interrupted by it returns -1 EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    /* Like a C program started from a terminal's shell: every signal's default action (SIGPIPE's and SIGINT's is
     * death), nothing blocked, whatever SocketLab and the JVM's thread that spawned it had: an ignored signal stays
     * ignored across exec, and a SocketLab started as a job with & ignores SIGINT and SIGQUIT (kill -INT then did
     * nothing to a lab endpoint: a whole run's ServeCommandTest). A lesson asks for SIG_IGN explicitly (OP_SIGNAL). */
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGUSR1 && sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    return serve(CONTROL);
}

/* Makes the calls one channel asks for, one at a time, until the channel ends; returns 0 then. */
static int serve(int channel) {
    char *in = malloc(MAX_FRAME), *out = malloc(MAX_FRAME);
    if (in == NULL || out == NULL) return 4;
    for (;;) {
        uint32_t length;
        if (!read_full(channel, &length, sizeof length)) break; /* SocketLab closed the channel: it ends */
        if (length < sizeof(struct request) || length > MAX_FRAME || !read_full(channel, in, length)) break;
        struct request *q = (struct request *) in;
        char *bytes = in + sizeof *q;
        size_t nbytes = length - sizeof *q;
        struct answer a;
        memset(&a, 0, sizeof a);
        uint32_t nout = 0;
        int fd = (int) q->a[0];
        int64_t start = now_ns();
        errno = 0;
        switch (q->op) {
        case OP_SOCKET:
            a.result = socket((int) q->a[0], (int) q->a[1], (int) q->a[2]);
            break;
        case OP_SOCKETPAIR: {
            int sv[2] = {-1, -1};
            a.result = socketpair((int) q->a[0], (int) q->a[1], (int) q->a[2], sv);
            a.b[0] = sv[0];
            a.b[1] = sv[1];
            break;
        }
        case OP_BIND:
            a.result = bind(fd, (struct sockaddr *) bytes, (socklen_t) nbytes);
            break;
        case OP_LISTEN:
            a.result = listen(fd, (int) q->a[1]);
            break;
        case OP_ACCEPT:
        case OP_GETSOCKNAME:
        case OP_GETPEERNAME: {
            /* accept: a[2] 1 when the lesson gives addrlen itself (a[1], as a C program's socklen_t, -1 included): the
             * buffer is zeroed first, and the answer holds only the bytes the kernel wrote (at most what was given),
             * with addrlen as the kernel left it in b[0] (the address's real size, or unchanged on failure). */
            socklen_t len = sizeof(struct sockaddr_storage);
            int given = q->op == OP_ACCEPT && q->a[2] == 1;
            if (given) {
                len = (socklen_t) q->a[1];
                memset(out, 0, sizeof(struct sockaddr_storage));
            }
            socklen_t asked = len;
            if (q->op == OP_ACCEPT) a.result = accept(fd, (struct sockaddr *) out, &len);
            else if (q->op == OP_GETSOCKNAME) a.result = getsockname(fd, (struct sockaddr *) out, &len);
            else a.result = getpeername(fd, (struct sockaddr *) out, &len);
            a.b[0] = (int32_t) len;
            socklen_t wrote = given && asked < len ? asked : len;
            if (a.result >= 0) nout = wrote > sizeof(struct sockaddr_storage) ? sizeof(struct sockaddr_storage) : wrote;
            break;
        }
        case OP_CONNECT:
            a.result = connect(fd, (struct sockaddr *) bytes, (socklen_t) nbytes);
            break;
        case OP_SEND:
            a.result = send(fd, bytes, nbytes, (int) q->a[1]);
            break;
        case OP_WRITE:
            a.result = write(fd, bytes, nbytes);
            break;
        case OP_SENDTO: {
            size_t addrlen = (size_t) q->a[2];
            if (addrlen > nbytes) addrlen = nbytes;
            a.result = sendto(fd, bytes + addrlen, nbytes - addrlen, (int) q->a[1],
                    addrlen == 0 ? NULL : (struct sockaddr *) bytes, (socklen_t) addrlen);
            break;
        }
        case OP_RECV:
        case OP_READ:
        case OP_RECVFROM: {
            size_t cap = (size_t) q->a[1];
            if (cap > MAX_FRAME - sizeof(struct sockaddr_storage) - 64) cap = MAX_FRAME - sizeof(struct sockaddr_storage) - 64;
            if (q->op == OP_RECV) a.result = recv(fd, out, cap, (int) q->a[2]);
            else if (q->op == OP_READ) a.result = read(fd, out, cap);
            else {
                /* The address first (its length in b[0]), then the bytes. */
                struct sockaddr_storage from;
                socklen_t len = sizeof from;
                a.result = recvfrom(fd, out + sizeof from, cap, (int) q->a[2], (struct sockaddr *) &from, &len);
                a.b[0] = a.result >= 0 ? len : 0;
                memcpy(out, &from, sizeof from);
                if (a.result >= 0) {
                    size_t got = (size_t) a.result < cap ? (size_t) a.result : cap;
                    memmove(out + len, out + sizeof from, got);
                    nout = (uint32_t) (len + got);
                }
                break;
            }
            if (a.result > 0) nout = (uint32_t) ((size_t) a.result < cap ? (size_t) a.result : cap);
            break;
        }
        case OP_SHUTDOWN:
            a.result = shutdown(fd, (int) q->a[1]);
            break;
        case OP_CLOSE:
            a.result = close(fd);
            break;
        case OP_SETSOCKOPT:
            a.result = setsockopt(fd, (int) q->a[1], (int) q->a[2], bytes, (socklen_t) nbytes);
            break;
        case OP_GETSOCKOPT: {
            socklen_t len = (socklen_t) q->a[3];
            if (len > 256) len = 256;
            a.result = getsockopt(fd, (int) q->a[1], (int) q->a[2], out, &len);
            if (a.result == 0) nout = len;
            break;
        }
        case OP_FCNTL:
            a.result = fcntl(fd, (int) q->a[1], (int) q->a[2]);
            break;
        case OP_POLL: {
            /* bytes: nfds struct pollfd as SocketLab laid them out; the same array comes back with revents. */
            nfds_t n = (nfds_t) (nbytes / sizeof(struct pollfd));
            memcpy(out, bytes, n * sizeof(struct pollfd));
            a.result = poll((struct pollfd *) out, n, (int) q->a[1]);
            nout = (uint32_t) (n * sizeof(struct pollfd));
            break;
        }
        case OP_SELECT: {
            /* a[0] nfds as the program gives it (right or not), a[1] the timeout in microseconds (-1: NULL, for ever);
             * bytes: the read fd_set SocketLab built. The set the kernel left comes back, and in b[0] the time Linux
             * left in the timeval (-1 without one). */
            fd_set readfds;
            FD_ZERO(&readfds);
            memcpy(&readfds, bytes, nbytes < sizeof readfds ? nbytes : sizeof readfds);
            struct timeval tv = {(time_t) (q->a[1] / 1000000), (suseconds_t) (q->a[1] % 1000000)};
            a.result = select((int) q->a[0], &readfds, NULL, NULL, q->a[1] < 0 ? NULL : &tv);
            memcpy(out, &readfds, sizeof readfds);
            nout = (uint32_t) sizeof readfds;
            a.b[0] = q->a[1] < 0 ? -1 : (int64_t) tv.tv_sec * 1000000 + tv.tv_usec;
            break;
        }
        case OP_GETADDRINFO:
            nout = resolve(q, bytes, nbytes, &a, out);
            break;
        case OP_THREAD:
            a.result = start_thread(&a);
            break;
        case OP_FORGET:
            a.result = close(fd); /* SocketLab's end of a thread's channel, once it has its own copy */
            break;
        case OP_SIGNAL: {
            /* a[0] the signal; a[1] 0 SIG_DFL, 1 SIG_IGN, 2 on_signal without SA_RESTART (a call it interrupts returns
             * -1 EINTR), 3 on_signal with SA_RESTART (the kernel makes the call again), 4 reap_one and 5 reap_all,
             * both with SA_RESTART (SIGCHLD's handlers): sigaction, as a C program. */
            struct sigaction disposition;
            memset(&disposition, 0, sizeof disposition);
            disposition.sa_handler = q->a[1] == 1 ? SIG_IGN
                    : q->a[1] == 4 ? reap_one : q->a[1] == 5 ? reap_all : q->a[1] >= 2 ? on_signal : SIG_DFL;
            disposition.sa_flags = q->a[1] >= 3 ? SA_RESTART : 0;
            sigemptyset(&disposition.sa_mask);
            a.result = sigaction((int) q->a[0], &disposition, NULL);
            break;
        }
        case OP_SIGPROCMASK: {
            /* a[0] how (SIG_BLOCK, SIG_UNBLOCK), a[1] the one signal in the set. A signal pending when it is unblocked
             * is delivered as this call returns: b[0] the handler runs and b[1] the children reaped meanwhile, each as
             * int32 pid and int32 status in the bytes. */
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, (int) q->a[1]);
            handler_runs = 0;
            reaped_count = 0;
            a.result = sigprocmask((int) q->a[0], &set, NULL);
            int saved = errno;
            a.b[0] = handler_runs;
            a.b[1] = reaped_count;
            for (int i = 0; i < reaped_count && i < MAX_REAPED; i++) {
                int32_t pair[2] = {reaped[i][0], reaped[i][1]};
                memcpy(out + nout, pair, sizeof pair);
                nout += sizeof pair;
            }
            errno = saved;
            break;
        }
        case OP_FORK:
            if (fork_endpoint(&a)) {
                channel = CONTROL; /* the child: SocketLab's next request comes on its own channel */
                continue;
            }
            break;
        case OP_WAITPID: {
            /* a[0] the pid (-1: any child), a[1] the options (WNOHANG); b[0] the status waitpid filled in. */
            int status = 0;
            a.result = waitpid((pid_t) q->a[0], &status, (int) q->a[1]);
            a.b[0] = status;
            break;
        }
        case OP_EXIT:
            exit((int) q->a[0]); /* no answer: SocketLab sees the channel end, and the parent's waitpid the code */
        case OP_READY:
            a.result = 0; /* no call: SocketLab's first question, answered once this loop reads the channel */
            break;
        case OP_UNLINK:
            bytes[nbytes > 0 ? nbytes - 1 : 0] = 0; /* SocketLab sends the path with its terminating NUL */
            a.result = unlink(bytes);
            break;
        default:
            a.result = -1;
            errno = ENOSYS;
        }
        a.ns = now_ns() - start;
        a.entered = start;
        a.err = a.result < 0 ? errno : 0;
        if (!reply(channel, &a, out, nout)) break;
    }
    free(in);
    free(out);
    close(channel);
    /* SocketLab ended its forked children first: reap them here, so no zombie outlives its parent. */
    if (channel == CONTROL) while (waitpid(-1, NULL, WNOHANG) > 0) continue;
    return 0;
}

static void *serve_thread(void *channel) {
    int fd = (int) (intptr_t) channel;
    int32_t tid = (int32_t) gettid();
    if (write_full(fd, &tid, sizeof tid)) serve(fd);
    else close(fd);
    return NULL;
}

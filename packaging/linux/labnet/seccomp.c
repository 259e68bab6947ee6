/* labnet's seccomp filters: nothing labnet starts may make a user namespace (main.c says why this way); a checked
 * program's room refuses, besides, the calls whose effects its init cannot see or bound (refuse_room_calls). */
#include "labnet.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define COMPAT_ARCH AUDIT_ARCH_I386
#define COMPAT_CLONE 120
#define COMPAT_UNSHARE 310
#define COMPAT_SETNS 346
#define COMPAT_CLONE3 435
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#define COMPAT_ARCH AUDIT_ARCH_ARM
#define COMPAT_CLONE 120
#define COMPAT_UNSHARE 337
#define COMPAT_SETNS 375
#define COMPAT_CLONE3 435
#else
#error "labnet knows the system call numbers of x86_64 and aarch64 only"
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define ANSWER(value) BPF_STMT(BPF_RET | BPF_K, (value))
#define IF_EQUAL(value, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (value), (yes), (no))

/* clone(), unshare(), setns() and clone3() of one architecture's numbers: 10 instructions that always answer. The
 * flags are the first argument of clone and unshare on both architectures; CLONE_NEWUSER is in their low word
 * (little-endian). setns() is refused whatever it joins: a process of the lab would otherwise enter a checked program's
 * room (its user namespace is the broker's child, owned by the same user: every capability there; the audit of
 * 2026-11-26, L1); nothing labnet starts joins a namespace (the broker does, before the filter). */
#define NAMESPACE_CALLS(clone_nr, unshare_nr, setns_nr, clone3_nr)                                                    \
    LOAD(nr),                                          /* +0 */                                                      \
        IF_EQUAL(clone3_nr, 7, 0),                     /* +1: clone3 -> +9 */                                        \
        IF_EQUAL(clone_nr, 2, 0),                      /* +2: clone -> +5 */                                         \
        IF_EQUAL(setns_nr, 3, 0),                      /* +3: setns -> +7 */                                         \
        IF_EQUAL(unshare_nr, 0, 3),                    /* +4: unshare -> +5, anything else -> +8 */                  \
        LOAD(args[0]),                                 /* +5 */                                                      \
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1), /* +6 */                                          \
        ANSWER(SECCOMP_RET_ERRNO | EPERM),             /* +7 */                                                      \
        ANSWER(SECCOMP_RET_ALLOW),                     /* +8 */                                                      \
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS)             /* +9 */
#define NAMESPACE_CALLS_LENGTH 10

#if defined(__x86_64__)
/* x32 system calls (bit 30) have numbers of their own: none is needed here, none is allowed. */
#define NATIVE_PRELUDE LOAD(nr), BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1), ANSWER(SECCOMP_RET_ERRNO | ENOSYS),
#define NATIVE_PRELUDE_LENGTH 3
#else
#define NATIVE_PRELUDE
#define NATIVE_PRELUDE_LENGTH 0
#endif

int refuse_user_namespaces(void) {
    struct sock_filter code[] = {
        LOAD(arch),
        IF_EQUAL(NATIVE_ARCH, 0, NATIVE_PRELUDE_LENGTH + NAMESPACE_CALLS_LENGTH),
        NATIVE_PRELUDE
        NAMESPACE_CALLS(__NR_clone, __NR_unshare, __NR_setns, __NR_clone3),
        /* not native: the 32-bit compatibility calls; from any other architecture, no call at all */
        IF_EQUAL(COMPAT_ARCH, 0, NAMESPACE_CALLS_LENGTH),
        NAMESPACE_CALLS(COMPAT_CLONE, COMPAT_UNSHARE, COMPAT_SETNS, COMPAT_CLONE3),
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS),
    };
    struct sock_fprog program = {(unsigned short) (sizeof code / sizeof code[0]), code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

/* The room's own calls, refused on top of refuse_user_namespaces() (filters stack; the stricter answer wins):
 *   keyctl, add_key, request_key   EPERM: the room joins a new session keyring of its own (contain.c), and even that is
 *                                  not needed by a check's programs; no key of anyone's is read, changed or planted
 *                                  (the audit of 2026-11-28, R1)
 *   memfd_create, memfd_secret,    ENOSYS: memory that no process needs to map, so in nobody's resident memory, which is
 *   shmget, msgget (and i386's ipc) what the room's init adds up (R2); runtimes fall back on ENOSYS (POSIX shared memory
 *                                  is a file on the room's own tmpfs, counted in its size)
 *   io_uring_setup/enter/register  ENOSYS: calls made through a ring never reach strace's record (R9); runtimes (libuv)
 *                                  fall back on ENOSYS
 * Every other call is left to the first filter. Numbers per architecture (x86_64 and i386, aarch64 and arm); io_uring's
 * and memfd_secret's are the same everywhere. */
struct refused {
    int keys[3], unseen[5];
};
#if defined(__x86_64__)
static const struct refused NATIVE_REFUSED = {{250, 248, 249}, {319, 447, 29, 68, -1}};
static const struct refused COMPAT_REFUSED = {{288, 286, 287}, {356, 447, 395, 399, 117}};
#elif defined(__aarch64__)
static const struct refused NATIVE_REFUSED = {{219, 217, 218}, {279, 447, 194, 186, -1}};
static const struct refused COMPAT_REFUSED = {{311, 309, 310}, {385, 447, 307, 303, -1}};
#endif
#define IO_URING_FIRST 425
#define IO_URING_LAST 427
#define MOST_ROOM_INSTRUCTIONS 64

/* One architecture's part, appended at CODE[*AT]: the number loaded, a test per refused call, the io_uring range; every
 * answer given here, so it ends with ALLOW. */
static void append_refusals(struct sock_filter *code, int *at, const struct refused *r) {
    int n = *at;
    code[n++] = (struct sock_filter) LOAD(nr);
    /* Tests first, then three answers: EPERM, ENOSYS, ALLOW; each test jumps forward to its answer. */
    int tests = 0;
    int keys = (int) (sizeof r->keys / sizeof r->keys[0]), unseen = (int) (sizeof r->unseen / sizeof r->unseen[0]);
    for (int i = 0; i < unseen; i++) tests += r->unseen[i] >= 0;
    tests += keys + 2; /* the keys, the unseen, and the io_uring range's two */
    int first = n, eperm = first + tests, enosys = eperm + 1, allow = enosys + 1;
    for (int i = 0; i < keys; i++, n++)
        code[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) r->keys[i],
                (unsigned char) (eperm - n - 1), 0);
    for (int i = 0; i < unseen; i++) {
        if (r->unseen[i] < 0) continue;
        code[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) r->unseen[i],
                (unsigned char) (enosys - n - 1), 0);
        n++;
    }
    code[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, IO_URING_FIRST, 0, (unsigned char) (allow - n - 1));
    n++;
    code[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, IO_URING_LAST, (unsigned char) (allow - n - 1),
            (unsigned char) (enosys - n - 1));
    n++;
    code[n++] = (struct sock_filter) ANSWER(SECCOMP_RET_ERRNO | EPERM);
    code[n++] = (struct sock_filter) ANSWER(SECCOMP_RET_ERRNO | ENOSYS);
    code[n++] = (struct sock_filter) ANSWER(SECCOMP_RET_ALLOW);
    *at = n;
}

int refuse_room_calls(void) {
    struct sock_filter code[MOST_ROOM_INSTRUCTIONS];
    int n = 0;
    code[n++] = (struct sock_filter) LOAD(arch);
    int native_test = n++;
    append_refusals(code, &n, &NATIVE_REFUSED);
    int compat = n;
    code[native_test] = (struct sock_filter) IF_EQUAL(NATIVE_ARCH, 0, (unsigned char) (compat - native_test - 1));
    int compat_test = n++;
    append_refusals(code, &n, &COMPAT_REFUSED);
    code[n++] = (struct sock_filter) ANSWER(SECCOMP_RET_ALLOW); /* another architecture: the first filter's ENOSYS */
    code[compat_test] = (struct sock_filter) IF_EQUAL(COMPAT_ARCH, 0, (unsigned char) (n - 1 - compat_test - 1));
    struct sock_fprog program = {(unsigned short) n, code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

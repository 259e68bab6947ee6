/* labnet's seccomp filter: nothing labnet starts may make a user namespace (main.c says why this way). */
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

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
#define COMPAT_CLONE3 435
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#define COMPAT_ARCH AUDIT_ARCH_ARM
#define COMPAT_CLONE 120
#define COMPAT_UNSHARE 337
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

/* clone(), unshare() and clone3() of one architecture's numbers: 9 instructions that always answer. The flags are the
 * first argument of clone and unshare on both architectures; CLONE_NEWUSER is in their low word (little-endian). */
#define NAMESPACE_CALLS(clone_nr, unshare_nr, clone3_nr)                                                              \
    LOAD(nr),                                          /* +0 */                                                      \
        IF_EQUAL(clone3_nr, 6, 0),                     /* +1: clone3 -> +8 */                                        \
        IF_EQUAL(clone_nr, 1, 0),                      /* +2: clone -> +4 */                                         \
        IF_EQUAL(unshare_nr, 0, 3),                    /* +3: unshare -> +4, anything else -> +7 */                  \
        LOAD(args[0]),                                 /* +4 */                                                      \
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1), /* +5 */                                          \
        ANSWER(SECCOMP_RET_ERRNO | EPERM),             /* +6 */                                                      \
        ANSWER(SECCOMP_RET_ALLOW),                     /* +7 */                                                      \
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS)             /* +8 */
#define NAMESPACE_CALLS_LENGTH 9

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
        NAMESPACE_CALLS(__NR_clone, __NR_unshare, __NR_clone3),
        /* not native: the 32-bit compatibility calls; from any other architecture, no call at all */
        IF_EQUAL(COMPAT_ARCH, 0, NAMESPACE_CALLS_LENGTH),
        NAMESPACE_CALLS(COMPAT_CLONE, COMPAT_UNSHARE, COMPAT_CLONE3),
        ANSWER(SECCOMP_RET_ERRNO | ENOSYS),
    };
    struct sock_fprog program = {(unsigned short) (sizeof code / sizeof code[0]), code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

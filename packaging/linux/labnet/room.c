/*
 * The room a contained program runs in: an empty root by construction (bubblewrap's and nsjail's model), never a list
 * of places to hide. Made by the room's init, PID 1 of the room's PID namespace, in the room's own user, mount and IPC
 * namespaces, before the program starts:
 *
 *   /                      a fresh tmpfs of the room's size (its files: working folder, /tmp, /dev/shm), then read-only
 *   /usr /bin /sbin /lib*  read-only binds of the host's (or the same symbolic links, on a merged /usr)
 *   /etc                   only what runtimes read (ETC_FILES below, /etc/java-*, /etc/python3*), each read-only
 *   /dev                   null zero full random urandom (binds of the host's), fd stdin stdout stderr links, shm (the
 *                          room's tmpfs), mqueue (the room's own IPC namespace); no tty, no pts, nothing else
 *   /proc                  the room's own (its processes only)
 *   /tmp                   the room's tmpfs, empty
 *   the submission         each folder handed over read-only, at its own path
 *   the working folder     at its own path, empty, on the room's tmpfs, the program's own
 *
 * Nothing else of the host is mounted: no socket, device or file of it has a path in the room. pivot_root leaves the
 * host's root behind, detached.
 */
#include "labnet.h"

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* Where the room's root is put together, in the room's own mount namespace (the host's /tmp is not touched). */
#define STAGE "/tmp"

static const char *const SYSTEM_TREES[] = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"};
static const char *const ETC_FILES[] = {"passwd", "group", "nsswitch.conf", "hosts", "host.conf", "gai.conf",
        "protocols", "services", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives",
        "ssl/certs", "ca-certificates.conf"};
static const char *const ETC_PREFIXES[] = {"java-", "python3"};
static const char *const DEVICES[] = {"null", "zero", "full", "random", "urandom"};

/* Mount flags a remount must keep (a user namespace may not drop those the outer mount has: they are locked). */
static unsigned long kept_flags(const char *path) {
    struct statvfs s;
    unsigned long flags = 0;
    if (statvfs(path, &s) != 0) return 0;
    if (s.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (s.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (s.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (s.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (s.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (s.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

/* mkdir -p of PATH inside the stage (PATH absolute); the last part a file when FILE. 0 or -1. */
static int make_path(const char *path, int file) {
    char partial[4200];
    if (snprintf(partial, sizeof partial, "%s%s", STAGE, path) >= (int) sizeof partial) return errno = ENAMETOOLONG, -1;
    size_t n = strlen(partial);
    for (size_t i = strlen(STAGE) + 1; i <= n; i++) {
        if (partial[i] != '/' && partial[i] != '\0') continue;
        char was = partial[i];
        partial[i] = '\0';
        if (i == n && file) {
            int fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
            if (fd < 0 && errno != EEXIST) return -1;
            if (fd >= 0) close(fd);
        } else if (mkdir(partial, 0755) != 0 && errno != EEXIST) {
            return -1;
        }
        partial[i] = was;
    }
    return 0;
}

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#define ATTR_RDONLY 0x00000001 /* MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV of <linux/mount.h> */
#define ATTR_NOSUID 0x00000002
#define ATTR_NODEV 0x00000004
#define ATTR_AT_RECURSIVE 0x8000
struct attributes {
    uint64_t set, clear, propagation, userns_fd;
};

/* Each mount below TARGET (not TARGET itself) remounted read-only, nosuid, nodev one by one, from the mount table:
 * for kernels before 5.12, which have no mount_setattr. */
static int each_submount_read_only(const char *target) {
    FILE *table = fopen("/proc/self/mountinfo", "re");
    if (!table) return -1;
    size_t n = strlen(target);
    char line[8192], point[4200];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, table)) {
        /* "ID PARENT MAJ:MIN ROOT POINT ...": the fifth field, with spaces and the like as \ooo (none decoded: a mount
         * point whose name needs them is refused rather than guessed) */
        if (sscanf(line, "%*s %*s %*s %*s %4199s", point) != 1) continue;
        if (strncmp(point, target, n) != 0 || point[n] != '/') continue;
        if (strchr(point, '\\')) {
            rc = -1;
            errno = EINVAL;
            break;
        }
        rc = mount(NULL, point, NULL, kept_flags(point) | MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
    }
    fclose(table);
    return rc;
}

/* FROM (a path or /proc/self/fd/N) shown read-only at TO (inside the stage, made here): the whole tree, submounts
 * included (a bind is recursive, a remount is not: a tmpfs or NFS mounted under /usr/local stayed writable, the
 * audit's R3). */
static int bind_into(const char *from, const char *to) {
    struct stat st;
    if (stat(from, &st) != 0) return -1;
    if (make_path(to, !S_ISDIR(st.st_mode)) != 0) return -1;
    char target[4200];
    snprintf(target, sizeof target, "%s%s", STAGE, to);
    if (mount(from, target, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
    struct attributes read_only = {ATTR_RDONLY | ATTR_NOSUID | ATTR_NODEV, 0, 0, 0};
    if (syscall(SYS_mount_setattr, AT_FDCWD, target, ATTR_AT_RECURSIVE, &read_only, sizeof read_only) == 0) return 0;
    if (errno != ENOSYS) return -1;
    unsigned long flags = kept_flags(target) | MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV;
    if (mount(NULL, target, NULL, flags, NULL) != 0) return -1;
    return each_submount_read_only(target);
}

/* A symbolic link of the host's made again in the stage (merged /usr: /bin -> usr/bin). */
static int same_link(const char *path) {
    char target[4096], at[4200];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n <= 0) return -1;
    target[n] = '\0';
    snprintf(at, sizeof at, "%s%s", STAGE, path);
    if (make_path(path, 0) == 0) (void) rmdir(at); /* its parents only */
    return symlink(target, at) == 0 || errno == EEXIST ? 0 : -1;
}

/* The host's PATH in the room as it is: a link again, a folder or file bound read-only; absent stays absent. */
static int from_host(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return 0;
    if (S_ISLNK(st.st_mode)) return same_link(path);
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) return 0;
    return bind_into(path, path);
}

static int room_etc(const char **where) {
    char path[512];
    for (size_t i = 0; i < sizeof ETC_FILES / sizeof ETC_FILES[0]; i++) {
        snprintf(path, sizeof path, "/etc/%s", ETC_FILES[i]);
        *where = ETC_FILES[i];
        if (from_host(path) != 0) return -1;
    }
    DIR *etc = opendir("/etc");
    if (!etc) return 0;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(etc));) {
        for (size_t k = 0; k < sizeof ETC_PREFIXES / sizeof ETC_PREFIXES[0]; k++) {
            if (strncmp(e->d_name, ETC_PREFIXES[k], strlen(ETC_PREFIXES[k])) != 0 || strchr(e->d_name, '/')) continue;
            snprintf(path, sizeof path, "/etc/%s", e->d_name);
            *where = path;
            rc = from_host(path);
            break;
        }
    }
    closedir(etc);
    return rc;
}

static int room_dev(const char **where) {
    char path[64];
    for (size_t i = 0; i < sizeof DEVICES / sizeof DEVICES[0]; i++) {
        snprintf(path, sizeof path, "/dev/%s", DEVICES[i]);
        *where = path;
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode)) continue;
        if (make_path(path, 1) != 0) return -1;
        char target[128];
        snprintf(target, sizeof target, "%s%s", STAGE, path);
        if (mount(path, target, NULL, MS_BIND, NULL) != 0) return -1;
    }
    const char *links[][2] = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
            {"/proc/self/fd/2", "stderr"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(path, sizeof path, "%s/dev/%s", STAGE, links[i][1]);
        *where = path;
        if (symlink(links[i][0], path) != 0) return -1;
    }
    return 0;
}

/* A folder of the room's own tmpfs, writable by everyone (sticky, as /tmp is). */
static int shared_folder(const char *path) {
    char at[128];
    snprintf(at, sizeof at, "%s%s", STAGE, path);
    if (make_path(path, 0) != 0 || chmod(at, 01777) != 0) return -1;
    return 0;
}

/* A writable place of the room's tmpfs made a mount of its own, so that it stays writable when the root goes
 * read-only (the same tmpfs: one size for all). */
static int keep_writable(const char *path) {
    return mount(path, path, NULL, MS_BIND | MS_REC, NULL);
}

int build_room(const struct room *r, const char **where) {
    *where = "/";
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
    char options[160];
    snprintf(options, sizeof options, "mode=0755,uid=%u,gid=%u,size=%ldm,nr_inodes=4096", (unsigned) r->uid,
            (unsigned) r->gid, r->size_mb);
    *where = "the room's root";
    if (mount("tmpfs", STAGE, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return -1;
    char path[4200];
    for (size_t i = 0; i < sizeof SYSTEM_TREES / sizeof SYSTEM_TREES[0]; i++) {
        snprintf(path, sizeof path, "/%s", SYSTEM_TREES[i]);
        *where = path;
        if (from_host(path) != 0) return -1;
    }
    *where = "/etc";
    if (make_path("/etc", 0) != 0 || room_etc(where) != 0) return -1;
    *where = "/dev";
    if (make_path("/dev", 0) != 0 || room_dev(where) != 0) return -1;
    *where = "/tmp";
    if (shared_folder("/tmp") != 0 || shared_folder("/dev/shm") != 0 || make_path("/dev/mqueue", 0) != 0) return -1;
    *where = "/proc";
    if (make_path("/proc", 0) != 0) return -1;
    snprintf(path, sizeof path, "%s/proc", STAGE);
    /* Mounted while the host's /proc is still in this namespace: the kernel lets a user namespace mount a proc only
     * where a whole one is already visible. */
    if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return -1;
    for (int i = 0; i < r->count; i++) {
        *where = r->paths[i];
        char from[64];
        snprintf(from, sizeof from, "/proc/self/fd/%d", r->folders[i]);
        if (bind_into(from, r->paths[i]) != 0) return -1;
    }
    *where = r->work;
    snprintf(path, sizeof path, "%s%s", STAGE, r->work);
    if (make_path(r->work, 0) != 0 || chown(path, r->uid, r->gid) != 0 || chmod(path, 0700) != 0) return -1;
    *where = "pivot_root";
    if (chdir(STAGE) != 0 || syscall(SYS_pivot_root, ".", ".") != 0) return -1;
    /* The host's root is now stacked on the room's: detached, it is gone from this namespace. */
    if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) return -1;
    *where = "/dev/mqueue";
    if (mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return -1;
    *where = "the writable places";
    if (keep_writable("/tmp") != 0 || keep_writable("/dev/shm") != 0 || keep_writable(r->work) != 0) return -1;
    *where = "/ read-only";
    return mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

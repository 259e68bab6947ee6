/* Prints the limits and place it runs in, then exits: what socketlab check gave it. Usage: limits HOST PORT */
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <dirent.h>

int main(void) {
    struct rlimit files, cpu, as, core;
    getrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_CPU, &cpu);
    getrlimit(RLIMIT_AS, &as);
    getrlimit(RLIMIT_CORE, &core);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;
    int entries = 0;
    DIR *d = opendir(".");
    for (struct dirent *e; d && (e = readdir(d));) entries++;
    if (d) closedir(d);
    FILE *f = fopen("scratch.txt", "w"); /* the private folder is writable */
    int writable = f != NULL;
    if (f) fclose(f);
    printf("nofile=%llu cpu=%llu as=%llu core=%llu pid=%d pgid=%d sid=%d cwd=%s entries=%d writable=%d\n",
           (unsigned long long) files.rlim_cur, (unsigned long long) cpu.rlim_cur, (unsigned long long) as.rlim_cur,
           (unsigned long long) core.rlim_cur, (int) getpid(), (int) getpgid(0), (int) getsid(0), cwd, entries,
           writable);
    return 0;
}

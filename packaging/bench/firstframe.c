/*
 * firstframe: launches a program (argument list, no shell) and reports how long it takes until one of its
 * top-level X windows whose title contains NAME is mapped, and until that window is painted (its pixels are no
 * longer one flat colour). Used by StartupBenchmark under Xvfb to time SocketLab, Wireshark and a bare JavaFX
 * app the same way. Prints one line: "launch_us=<epoch µs> mapped_ms=<ms> painted_ms=<ms>"; then ends the
 * program and whatever it started with SIGTERM (SIGKILL after 3 s) and exits 0, or 1 on timeout.
 * With FIRSTFRAME_AUTOGROUP_NICE=-20 (root) it first moves itself and the program into a session of their own and
 * raises that session's scheduling weight: with autogroup scheduling every session gets an equal share of the CPUs,
 * so on a machine shared with other busy sessions this measures the program as if the machine were its own.
 * The window is looked for every 2 ms; once it is mapped its pixels are read only when the X server reports that
 * something was drawn in it (the DAMAGE extension): reading a large window's rows every 2 ms while it is being drawn
 * took about a core from the program on a 2-core machine, and made a big window look slower to paint than a small one.
 * Build: gcc -O2 -o firstframe firstframe.c -lX11 -lXdamage   (Debian: libx11-dev libxdamage-dev)
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int ignore_errors(Display *d, XErrorEvent *e) { (void) d; (void) e; return 0; }

/* A window is painted when sampled rows of it hold at least two different pixel values. */
static int painted(Display *d, Window w) {
    XWindowAttributes a;
    if (!XGetWindowAttributes(d, w, &a) || a.map_state != IsViewable || a.width < 2 || a.height < 2) return 0;
    unsigned long first = 0;
    int have = 0;
    for (int i = 1; i <= 48; i++) {
        int y = (int) ((long) a.height * i / 49);
        XImage *row = XGetImage(d, w, 0, y, a.width, 1, AllPlanes, ZPixmap);
        if (!row) return 0;
        for (int x = 0; x < a.width; x++) {
            unsigned long p = XGetPixel(row, x, 0) & 0xffffff;
            if (!have) { first = p; have = 1; }
            else if (p != first) { XDestroyImage(row); return 1; }
        }
        XDestroyImage(row);
    }
    return 0;
}

static int title_matches(Display *d, Window w, const char *name) {
    char *title = NULL;
    int ok = XFetchName(d, w, &title) && title && strstr(title, name);
    if (title) XFree(title);
    return ok;
}

/* Depth-first search for a mapped window with a matching title (a window manager would add a frame parent). */
static Window find(Display *d, Window w, const char *name, int depth) {
    XWindowAttributes a;
    if (depth > 0 && XGetWindowAttributes(d, w, &a) && a.map_state == IsViewable && title_matches(d, w, name)) return w;
    if (depth >= 3) return 0;
    Window root, parent, *kids = NULL;
    unsigned int n = 0;
    if (!XQueryTree(d, w, &root, &parent, &kids, &n)) return 0;
    Window found = 0;
    for (unsigned int i = 0; i < n && !found; i++) found = find(d, kids[i], name, depth + 1);
    if (kids) XFree(kids);
    return found;
}

int main(int argc, char **argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: firstframe TITLE-PART -- PROGRAM [ARGS...]\n");
        return 2;
    }
    const char *name = argv[1];
    const char *weight = getenv("FIRSTFRAME_AUTOGROUP_NICE");
    if (weight) {
        /* Only a session of its own: a process group leader cannot start one, and writing the autogroup then would
         * change the caller's session for good (a shell left at nice -20 starved every later setsid'd program). */
        if (setsid() < 0) {
            fprintf(stderr, "firstframe: cannot start a session of its own for autogroup nice %s: %s\n", weight,
                    strerror(errno));
            return 2;
        }
        FILE *ag = fopen("/proc/self/autogroup", "w");
        if (!ag || fprintf(ag, "%s", weight) < 0 || fclose(ag) != 0) {
            fprintf(stderr, "firstframe: cannot set the autogroup nice value %s: %s\n", weight, strerror(errno));
            return 2;
        }
    }
    double timeout_ms = getenv("FIRSTFRAME_TIMEOUT_MS") ? atof(getenv("FIRSTFRAME_TIMEOUT_MS")) : 30000;
    Display *d = XOpenDisplay(NULL);
    if (!d) { fprintf(stderr, "firstframe: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(unset)"); return 2; }
    XSetErrorHandler(ignore_errors);
    Window root = DefaultRootWindow(d);

    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    double start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0); /* a group of its own, so the end reaches what it starts (mvn exec:exec's java) */
        execvp(argv[3], argv + 3);
        fprintf(stderr, "firstframe: cannot run %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    int damage_event, damage_error;
    if (!XDamageQueryExtension(d, &damage_event, &damage_error)) {
        fprintf(stderr, "firstframe: the X server has no DAMAGE extension\n");
        kill(-child, SIGKILL);
        return 2;
    }
    double mapped = -1, shown = -1;
    Window w = 0;
    while (now_ms() - start < timeout_ms) {
        int status;
        if (waitpid(child, &status, WNOHANG) == child) { fprintf(stderr, "firstframe: %s ended early\n", argv[3]); return 1; }
        if (!w) {
            w = find(d, root, name, 0);
            if (w) {
                mapped = now_ms() - start;
                /* From now on every drawing in the window is reported; it may have been drawn already. */
                XDamageCreate(d, w, XDamageReportNonEmpty);
                XSync(d, False);
                if (painted(d, w)) { shown = now_ms() - start; break; }
            }
            usleep(2000);
            continue;
        }
        /* Wait for a damage report (or 50 ms, to notice the program's end and the timeout). */
        struct pollfd x = { .fd = ConnectionNumber(d), .events = POLLIN };
        if (!XPending(d)) poll(&x, 1, 50);
        int damaged = 0;
        while (XPending(d)) {
            XEvent e;
            XNextEvent(d, &e);
            if (e.type == damage_event + XDamageNotify) {
                damaged = 1;
                XDamageSubtract(d, ((XDamageNotifyEvent *) &e)->damage, None, None);
            }
        }
        if (damaged && painted(d, w)) { shown = now_ms() - start; break; }
    }
    printf("launch_us=%lld mapped_ms=%.1f painted_ms=%.1f\n",
           (long long) wall.tv_sec * 1000000LL + wall.tv_nsec / 1000, mapped, shown);
    fflush(stdout);
    /*
     * FIRSTFRAME_LINGER_MS: let the program run that much longer (to report what it does after its first frame), and
     * say when it last drew in its window meanwhile (last_drawn_ms): the window is complete on the screen by then.
     */
    if (shown >= 0 && getenv("FIRSTFRAME_LINGER_MS")) {
        double until = now_ms() + atof(getenv("FIRSTFRAME_LINGER_MS")), last = shown + start;
        for (double now; (now = now_ms()) < until;) {
            struct pollfd x = { .fd = ConnectionNumber(d), .events = POLLIN };
            if (!XPending(d)) poll(&x, 1, (int) (until - now) + 1);
            while (XPending(d)) {
                XEvent e;
                XNextEvent(d, &e);
                if (e.type == damage_event + XDamageNotify) {
                    last = now_ms();
                    XDamageSubtract(d, ((XDamageNotifyEvent *) &e)->damage, None, None);
                }
            }
        }
        printf("last_drawn_ms=%.1f\n", last - start);
        fflush(stdout);
    }
    kill(-child, SIGTERM);
    for (int i = 0; i < 300; i++) {
        if (waitpid(child, NULL, WNOHANG) == child) { child = 0; break; }
        usleep(10000);
    }
    if (child) { kill(-child, SIGKILL); waitpid(child, NULL, 0); }
    XCloseDisplay(d);
    return shown < 0 ? 1 : 0;
}

/*
 * The socketlab launcher of the Linux app-image (bin/socketlab). It replaces jpackage's launcher, which runs
 * `sh -c "rpm ... -qf '<its own path>'"` and `sh -c "dpkg -S '<its own path>'"` at every start: two shell strings
 * built from a path (a folder named  a';touch PWNED;'b  ran a command) and two package-database queries before
 * the JVM even starts. This one runs no shell and no other program: it finds its own folder through
 * /proc/self/exe (so the /usr/bin/socketlab symlink works), and execs the bundled runtime's java with the
 * program's fixed options, then the user's arguments unchanged, as an argument list.
 * Layout:  <root>/bin/socketlab  <root>/lib/runtime/bin/java  <root>/lib/socketlab.aot (the AOT cache, if present)
 *          <root>/lib/labnet (the private lab network, packaging/linux/labnet/)
 *
 * The window, run, quiz and the lessons start inside a private lab network (labnet enter): their wire is captured
 * without root and only their traffic is on it. serve and trace stay on this computer's network, where their peers
 * are (trace --lab-network asks for the lab network); SOCKETLAB_NETWORK=host, or the word "host" in
 * $XDG_CONFIG_HOME/socketlab/network (~/.config/socketlab/network: the window's choice "this computer's loopback"),
 * keeps everything there. SOCKETLAB_LAUNCHER tells the program where this launcher is, to start again elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Keep in step with packaging/Bundle.java (JVM_OPTIONS): the AOT cache is only used with the options it was trained with.
 * SerialGC: the heap is small and its set-up is the cheapest. TieredStopAtLevel=1 (C1 only): on two cores the C2
 * compiler threads take CPU from the first frame (median 2.2 s -> 1.6 s to a painted window here); the program's work
 * is system calls and drawing at human speed, which C1's code does fast enough. -UsePerfData: no hsperfdata file to
 * create in /tmp (nor other JVMs' stale ones to sweep) at every start; jcmd still attaches, only jps cannot list it.
 * -Xmn4m: Serial GC sizes its young generation from the machine's RAM (125 MB on 24 GB), and the start-up's garbage
 * fills all of it before the first collection: RSS of the idle window 237-241 MB -> 162-167 MB with 8 MB, and 3 MB less
 * with 4 MB (issue 62: every page of it stays resident while the window idles), with no more CPU to the first frame
 * (docs/performance.md). The AOT cache is used with any heap size.
 * CompileThresholdScaling=0.7: C1 compiles a method after 0.7 of the usual calls. The window's controls are styled
 * after its first frame (issue 62), by code that runs a few hundred times: compiled sooner, the window is usable about
 * 80 ms sooner (docs/performance.md); at 2 it was usable later, at 0.2 the compiler took the time back.
 * TrimNativeHeapInterval=5000: every 5 s the JVM gives the C library's free memory back to the system (malloc_trim);
 * the idle window's RSS 162-163 -> 154-157 MB as nobody, for 1 tick of CPU in 30 s idle (0.03 % of a core).
 * -Xms24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps -XX:MarkSweepDeadRatio=0: the heap
 * starts small and follows what is live. A burst of events (a watched program journaling 6,000 a second) promotes
 * garbage into Serial's old generation, which only a full collection makes smaller again; ui/common/HeapAtRest asks for
 * one when the window rests after the heap grew, and these let it shrink the heap at once to what is live (40 MB)
 * instead of by steps from the machine's default 384 MB initial heap: the window after 128,000 events 320 -> 200 MB.
 * The exports and opens let ui/common/RestingPulseTimer replace JavaFX's GTK pulse timer, which wakes the FX thread
 * 60 times a second even when nothing is drawn (JDK 25's AOT cache keeps its full module graph with them).
 */
static const char *const JVM_OPTIONS[] = {
    "--enable-native-access=org.socketlab,javafx.graphics",
    "--add-exports=javafx.graphics/com.sun.glass.ui=org.socketlab",
    "--add-exports=javafx.graphics/com.sun.javafx.tk=org.socketlab",
    "--add-opens=javafx.graphics/com.sun.javafx.tk.quantum=org.socketlab",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:-UsePerfData",
    "-Xmn4m",
    "-XX:CompileThresholdScaling=0.7",
    "-XX:TrimNativeHeapInterval=5000",
    "-Xms24m",
    "-XX:MinHeapFreeRatio=10",
    "-XX:MaxHeapFreeRatio=20",
    "-XX:-ShrinkHeapInSteps",
    "-XX:MarkSweepDeadRatio=0",
};
/*
 * `socketlab serve` only (a long-running server): a 48 MB heap. Serial GC lets the old generation grow to the maximum
 * heap before it collects it, and a long serve keeps promoting short-lived events (1,000 held, Journal.Retention), so
 * without a limit RSS follows the machine's default maximum heap (477 MB after 2,000 connections). Its live data is
 * about 10 MB. RSS is then at most the heap, the AOT cache's pages (~40 MB) and the JVM itself (~30 MB). The AOT cache
 * is used with any heap size (-Xlog:aot: "Using AOT-linked classes: true"; Bundle.java checks `serve` too).
 * Measured: docs/performance.md, "serve for hours".
 */
static const char *const SERVE_OPTIONS[] = {
    "-Xmx48m",
};
static const char *const MAIN_MODULE = "org.socketlab/org.socketlab.Main";

/*
 * Whether a GPU device node exists (Mesa's /dev/dri/card* or renderD*, NVIDIA's /dev/nvidia0). Without one, JavaFX
 * draws in software (ui/Prism.java chooses it), and GTK need not initialise OpenGL at start either: GDK_GL=disable
 * saves loading Mesa's software OpenGL and LLVM (about 0.1 s here under Xvfb). A GDK_GL the user set is kept.
 */
static int has_gpu(void) {
    if (access("/dev/nvidia0", F_OK) == 0) return 1;
    DIR *dri = opendir("/dev/dri");
    if (!dri) return 0;
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(dri)) != NULL;)
        found = strncmp(e->d_name, "card", 4) == 0 || strncmp(e->d_name, "renderD", 7) == 0;
    closedir(dri);
    return found;
}

/*
 * Whether this session has a D-Bus session bus: an address in DBUS_SESSION_BUS_ADDRESS, or the socket
 * $XDG_RUNTIME_DIR/bus, where libdbus and GLib look next. Without one, GTK's accessibility bridge (libdbus) and its
 * settings (dconf, through GLib) each try to start a bus as JavaFX's toolkit starts: `dbus-launch --autolaunch`, forked
 * from the JVM. Forking a process of a few hundred MB copies its page tables, and every page the JVM writes afterwards
 * faults once; where dbus-launch is missing (containers, WSL, Xvfb) no bus comes of it either. With no bus neither has
 * anything to do: the bridge has no accessibility registry to talk to, and dconf saves nothing (its writes go through
 * the bus). So then NO_AT_BRIDGE=1 and GSETTINGS_BACKEND=memory: no fork, the window painted about 40 ms sooner as
 * nobody here (docs/performance.md). A value the user set is kept; with a bus, GTK is left as it is.
 */
static int has_session_bus(void) {
    const char *address = getenv("DBUS_SESSION_BUS_ADDRESS"), *runtime = getenv("XDG_RUNTIME_DIR");
    if (address && *address) return 1;
    if (!runtime || !*runtime) return 0;
    char bus[PATH_MAX];
    struct stat st;
    return snprintf(bus, sizeof bus, "%s/bus", runtime) < (int) sizeof bus && stat(bus, &st) == 0
        && S_ISSOCK(st.st_mode);
}

/* Whether the user chose this computer's network in the window (the file holds the word "host"). */
static int host_chosen(void) {
    char path[PATH_MAX];
    const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    /* The XDG spec: a relative path is invalid and ignored (the window reads and writes the same file). */
    if (config && config[0] == '/') snprintf(path, sizeof path, "%s/socketlab/network", config);
    else if (home && home[0] == '/') snprintf(path, sizeof path, "%s/.config/socketlab/network", home);
    else return 0;
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    char word[8] = "";
    int host = fgets(word, sizeof word, f) && strncmp(word, "host", 4) == 0;
    fclose(f);
    return host;
}

/* Whether this command runs in the private lab network (see the top of this file). */
static int wants_lab_network(int argc, char **argv) {
    const char *network = getenv("SOCKETLAB_NETWORK");
    if (network && strcmp(network, "host") == 0) return 0;
    if (network && strcmp(network, "lab") == 0) return 1;
    const char *inside = getenv("SOCKETLAB_LABNET");
    if (inside && *inside) return 0; /* already in one (a terminal opened in the lab network): no second */
    if (argc < 2) return !host_chosen();
    if (strcmp(argv[1], "serve") == 0) return 0;
    if (strcmp(argv[1], "check") == 0) {
        /* check --no-room never asks for a room, and runs its program as nobody when root: SocketLab stays where its
         * rights are (in the lab it would hold no capability, and a root without one cannot become nobody). */
        for (int a = 2; a < argc && strcmp(argv[a], "--") != 0; a++)
            if (strcmp(argv[a], "--no-room") == 0) return 0;
        return 1;
    }
    if (strcmp(argv[1], "trace") == 0) {
        for (int a = 2; a < argc && strcmp(argv[a], "--") != 0; a++)
            if (strcmp(argv[a], "--lab-network") == 0) return 1;
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "socketlab: cannot find its own folder (/proc/self/exe): %s\n", strerror(errno));
        return 127;
    }
    self[n] = '\0';
    /* <root>/bin/socketlab -> <root> */
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(self, '/');
        if (!slash) { fprintf(stderr, "socketlab: unexpected location %s\n", self); return 127; }
        *slash = '\0';
    }
    char java[PATH_MAX], cache[PATH_MAX], cache_option[PATH_MAX + 16], labnet[PATH_MAX];
    if (snprintf(java, sizeof java, "%s/lib/runtime/bin/java", self) >= (int) sizeof java
        || snprintf(labnet, sizeof labnet, "%s/lib/labnet", self) >= (int) sizeof labnet
        || snprintf(cache, sizeof cache, "%s/lib/socketlab.aot", self) >= (int) sizeof cache) {
        fprintf(stderr, "socketlab: installation path too long\n");
        return 127;
    }
    snprintf(cache_option, sizeof cache_option, "-XX:AOTCache=%s", cache);

    if (!has_gpu()) setenv("GDK_GL", "disable", 0);
    if (!has_session_bus()) {
        setenv("NO_AT_BRIDGE", "1", 0);
        setenv("GSETTINGS_BACKEND", "memory", 0);
    }
    /*
     * JavaFX's GTK glass calls putenv("GDK_BACKEND=x11") as its toolkit starts, while the lab's threads already run.
     * Adding a name makes glibc reallocate the environment array that a concurrent getenv is reading (the capture
     * thread's InetAddress init crashed in getenv, about 1 launch in 40 here); with the name already present, putenv
     * only swaps one pointer. JavaFX forces x11 anyway, so the value changes nothing else.
     */
    setenv("GDK_BACKEND", "x11", 1);
    char launcher[PATH_MAX + 16];
    snprintf(launcher, sizeof launcher, "%s/bin/socketlab", self);
    setenv("SOCKETLAB_LAUNCHER", launcher, 1);

    size_t options = sizeof JVM_OPTIONS / sizeof JVM_OPTIONS[0];
    size_t serve_options = argc > 1 && strcmp(argv[1], "serve") == 0 ? sizeof SERVE_OPTIONS / sizeof SERVE_OPTIONS[0] : 0;
    const char **args = calloc(options + serve_options + (size_t) argc + 8, sizeof *args);
    if (!args) return 127;
    size_t i = 0;
    int lab = wants_lab_network(argc, argv) && access(labnet, X_OK) == 0;
    if (lab) {
        args[i++] = labnet;
        args[i++] = "enter";
        args[i++] = "--";
    }
    args[i++] = java;
    if (access(cache, R_OK) == 0) args[i++] = cache_option;
    for (size_t o = 0; o < options; o++) args[i++] = JVM_OPTIONS[o];
    for (size_t o = 0; o < serve_options; o++) args[i++] = SERVE_OPTIONS[o];
    args[i++] = "-m";
    args[i++] = MAIN_MODULE;
    for (int a = 1; a < argc; a++) args[i++] = argv[a];
    args[i] = NULL;
    execv(args[0], (char *const *) args);
    fprintf(stderr, "socketlab: cannot run %s: %s\n", args[0], strerror(errno));
    return 127;
}

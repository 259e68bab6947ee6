package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.cli.Cli;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.testing.Soak;

/**
 * Every lesson of the catalogue, run by {@code socketlab run} in a child JVM traced by strace: each call the lab
 * journaled must be in strace's own record (read with {@link StraceParser}) with the same call, fd, result and errno,
 * in the journal's order for each endpoint. strace sees more than the journal (the endpoints' cancellable-wait
 * {@code poll} loops, the JVM's own sockets, {@code fcntl(F_GETFL)} before {@code F_SETFL}): the journal's calls are a
 * subsequence of it. {@code -Dsocketlab.strace.lessons=tcp-basics,udp-basics} runs only those.
 */
class LessonsUnderStraceTest {
    private static final long LIMIT_MS = 600_000;

    @TempDir
    Path dir;

    /** Runs the lessons named in its arguments, one after another, each with its journal in the folder given first. */
    /** A lesson named with this ending is run moved to two machines. */
    static final String MOVED = "+two-hosts";

    public static final class Child {
        public static void main(String[] args) {
            PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
            StringBuilder differed = new StringBuilder(), times = new StringBuilder();
            for (int i = 1; i < args.length; i++) {
                long began = System.nanoTime();
                // LESSON+two-hosts: the lesson moved to two machines (run --two-hosts), its steps for two only too
                boolean moved = args[i].endsWith(MOVED);
                List<String> run = new ArrayList<>(List.of("run",
                        moved ? args[i].substring(0, args[i].length() - MOVED.length()) : args[i], "--journal",
                        Path.of(args[0], args[i] + ".jsonl").toString(), "--lang", "en"));
                if (moved) run.add("--two-hosts");
                int exit = Cli.run(run.toArray(String[]::new), quiet, quiet);
                if (exit != 0) differed.append(args[i]).append(" exit ").append(exit).append('\n');
                times.append(args[i]).append(' ').append((System.nanoTime() - began) / 1_000_000).append('\n');
            }
            try {
                Files.writeString(Path.of(args[0], "differed.txt"), differed.toString());
                Files.writeString(Path.of(args[0], "times.txt"), times.toString());
            } catch (IOException e) {
                System.exit(99);
            }
            System.exit(0);
        }
    }

    /**
     * The five slowest lessons of a traced run with their milliseconds, from the child's {@code times.txt}: where a run
     * that took minutes on a loaded machine spent them.
     */
    private static String slowest(Path times) throws IOException {
        return Files.readAllLines(times).stream().map(line -> line.split(" "))
                .sorted(Comparator.comparingLong((String[] t) -> Long.parseLong(t[1])).reversed()).limit(5)
                .map(t -> t[0] + " " + t[1] + " ms").collect(Collectors.joining(", "));
    }

    /** One call strace printed, as this comparison sees it. */
    record Seen(int pid, String call, Integer fd, long result, String errno) {
    }

    /**
     * A dozen lessons that between them make every kind of call the journal has (TCP and UDP, IPv6, AF_UNIX, errors
     * and errnos, shutdown, non-blocking calls, poll, a thread per client): the rest are {@link #theOtherLessonsToo}.
     */
    static final List<String> REPRESENTATIVE = List.of("tcp-basics", "udp-basics", "connection-refused",
            "udp-port-unreachable", "half-close", "abortive-close", "udp-truncation", "nonblocking",
            "poll-multiplexing",
            "concurrent-server", "ipv6-basics", "unix-domain");

    /**
     * Lessons that look up a name glibc may send to a DNS server: they run only in the private lab network (where no
     * DNS server can be reached), so they are traced there, beside the lessons on two machines.
     */
    static final List<String> LAB_NETWORK_ONLY = LessonCatalog.HOST_IDS.stream()
            .filter(id -> LessonLoader.load(id).nameForDns() != null).toList();

    private static String chosen() {
        return System.getProperty("socketlab.strace.lessons", "");
    }

    @Test
    void everyJournaledCallIsInStracesRecordInOrder() throws Exception {
        assertTrue(LessonCatalog.HOST_IDS.containsAll(REPRESENTATIVE), "the representative lessons are lessons");
        tracedInOrder(chosen().isBlank() ? REPRESENTATIVE : List.of(chosen().split(",")));
    }

    /** Every other lesson of the catalogue (with the dozen above, all: {@code mvn test} and CI run both). */
    @Test
    @Soak
    void theOtherLessonsToo() throws Exception {
        // A developer's choice of lessons runs only those (skipped, said so); on CI the choice is refused.
        CiRules.requireOrSkip(chosen().isBlank(), "all lessons (-Dsocketlab.strace.lessons chose some)");
        List<String> others = LessonCatalog.HOST_IDS.stream()
                .filter(id -> !REPRESENTATIVE.contains(id) && !LAB_NETWORK_ONLY.contains(id)).toList();
        // Two traced children side by side, each with half the lessons, its own strace and its own record: the
        // lessons mostly wait out their timers, so the suite waits for the longer half, not for all of them.
        int half = (others.size() + 1) / 2;
        List<List<String>> halves = List.of(others.subList(0, half), others.subList(half, others.size()));
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int i = 0; i < halves.size(); i++) {
            Path folder = Files.createDirectories(dir.resolve("half-" + i));
            List<String> lessons = halves.get(i);
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    tracedInOrder(folder, List.of(), lessons);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> Thread.ofPlatform().start(runnable)));
        }
        for (CompletableFuture<Void> run : runs) run.get(LIMIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The lessons on two machines, run in the private lab network: strace follows the server's process on the second
     * host too, which the lab network's broker started (a descendant of the traced {@code labnet enter}).
     */
    @Test
    @Soak // two minutes of one core: the soak lane
    void theLessonsOnTwoMachinesToo() throws Exception {
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
        tracedInOrder(dir, List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")), twoHostRuns());
    }

    /**
     * The lessons of two machines, two-machines moved there (its connect() where no host is: -1 EHOSTUNREACH), and the
     * lessons that look up names, which run only in the lab network (getaddrinfo).
     */
    private static List<String> twoHostRuns() {
        List<String> runs = new ArrayList<>(LessonCatalog.TWO_HOST_IDS);
        runs.add("two-machines" + MOVED);
        runs.addAll(LAB_NETWORK_ONLY);
        return runs;
    }

    private void tracedInOrder(List<String> lessons) throws Exception {
        tracedInOrder(dir, List.of(), lessons);
    }

    /**
     * The lessons run by a child JVM started by {@code prefix} (empty: at once), traced with it, their journals in
     * {@code dir}.
     */
    private static void tracedInOrder(Path dir, List<String> prefix, List<String> lessons) throws Exception {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.toString()));
        command.addAll(lessons);
        List<String> raw = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(), command, dir,
                new Journal(), null, raw::add)) {
            int exit = session.waitFor(LIMIT_MS)
                    .orElseThrow(() -> new AssertionError("the lessons did not end in " + LIMIT_MS + " ms"));
            assertEquals(0, exit, "the child JVM ran every lesson");
        }
        // strace slows the lab down (every call stops the JVM twice): a timing-bound lesson step may differ, which is
        // not what this test checks; its calls so far are checked all the same.
        String differed = Files.readString(dir.resolve("differed.txt"));
        if (!differed.isBlank())
            System.out.println("LessonsUnderStraceTest: lessons that differed under strace:\n" + differed);
        System.out.printf(
                "LessonsUnderStraceTest: %d lessons under strace in %.1f s, %d strace lines; the slowest: %s%n",
                lessons.size(), (System.nanoTime() - start) / 1e9, raw.size(), slowest(dir.resolve("times.txt")));
        List<Seen> seen = seen(raw);
        int from = 0;
        for (String lesson : lessons) {
            List<Event> events = JournalJsonl.read(dir.resolve(lesson + ".jsonl"));
            Map<String, List<Payload.Call>> byEndpoint = new LinkedHashMap<>();
            for (Event e : events)
                // unlink (an AF_UNIX lesson removing its socket's file) is a file call, and signal (sigpipe's
                // signal(SIGPIPE, SIG_IGN), rt_sigaction) and sigprocmask (sigchld-loop's, rt_sigprocmask) signal calls,
                // waitpid (fork-server's, wait4) a process call:
                // socketlab trace does not ask strace for them (ForkServerUnderStraceTest checks waitpid).
                // getaddrinfo is glibc's, not a system call: what it does underneath is checked below.
                if (e.payload() instanceof Payload.Call c && !c.call().equals("unlink") && !c.call().equals("signal")
                        && !c.call().equals("sigprocmask") && !c.call().equals("waitpid")
                        && !c.call().equals("getaddrinfo"))
                    byEndpoint.computeIfAbsent(e.endpoint(), k -> new ArrayList<>()).add(c);
            assertFalse(byEndpoint.isEmpty(), lesson + " journaled calls");
            int firstOfLesson = Integer.MAX_VALUE;
            for (var entry : byEndpoint.entrySet()) {
                int at = from;
                for (Payload.Call c : entry.getValue()) {
                    int found = find(seen, at, c);
                    if (found < 0)
                        fail(lesson + ": " + entry.getKey() + "'s " + c.call() + "(" + c.fd() + ") = " + c.result()
                                + " " + c.errnoName()
                                + " is not in strace's record after position " + at);
                    firstOfLesson = Math.min(firstOfLesson, found);
                    at = found + 1;
                }
            }
            from = firstOfLesson;
            if (lesson.equals("getaddrinfo")) underGetaddrinfo(raw, events);
        }
    }

    /**
     * What glibc did under the getaddrinfo lesson's calls, in the client's own process: it read /etc/hosts (strace's
     * -yy names the file of each read), and for the name that does not exist it made a UDP socket to port 53 (the DNS
     * server of /etc/resolv.conf).
     */
    private static void underGetaddrinfo(List<String> raw, List<Event> events) {
        Integer client = events.stream()
                .filter(e -> e.endpoint().equals("client") && e.payload() instanceof Payload.Call c
                        && c.call().equals("getaddrinfo") && c.pid() != null)
                .map(e -> ((Payload.Call) e.payload()).pid()).findFirst().orElse(null);
        assertTrue(client != null, "the client's getaddrinfo says which process made it");
        String pid = client + " ";
        assertTrue(raw.stream().anyMatch(l -> l.startsWith(pid) && l.contains("read(") && l.contains("</etc/hosts>")),
                "strace shows the client's process reading /etc/hosts");
        assertTrue(raw.stream().anyMatch(l -> l.startsWith(pid) && l.contains("connect(") && l.contains("htons(53)")),
                "strace shows the client's process connecting to a DNS server's port 53");
    }

    /** The first call strace printed at or after {@code from} that is this journaled call. */
    private static int find(List<Seen> seen, int from, Payload.Call c) {
        for (int i = from; i < seen.size(); i++) {
            Seen s = seen.get(i);
            if (!names(c.call()).contains(s.call())) continue;
            if (c.fd() != null && !Objects.equals(c.fd(), s.fd())) continue;
            if (s.result() != c.result() || !Objects.equals(s.errno(), c.errnoName())) continue;
            return i;
        }
        return -1;
    }

    /** The system calls a lab call is made with on Linux (libc's send is sendto, recv is recvfrom). */
    private static List<String> names(String call) {
        return switch (call) {
            case "send" -> List.of("send", "sendto");
            case "recv" -> List.of("recv", "recvfrom");
            case "accept" -> List.of("accept", "accept4");
            case "select" -> List.of("select", "pselect6");
            case "fork" -> List.of("fork", "clone", "clone3"); // glibc's fork() is a clone
            default -> List.of(call);
        };
    }

    /** strace's whole calls, halves joined, read with the parser under test. */
    static List<Seen> seen(List<String> raw) {
        List<Seen> out = new ArrayList<>();
        StraceJoiner joiner = new StraceJoiner();
        for (String line : raw) {
            for (StraceLine l : joiner.accept(StraceParser.parse(line))) {
                if (!(l instanceof StraceLine.Syscall s)) continue;
                // A call a signal interrupted: strace prints "= ? ERESTARTSYS" as it leaves the kernel; the program
                // gets -1 EINTR when its handler has no SA_RESTART (the eintr lesson), as the journal says.
                boolean interrupted = s.result() == null && s.errnoName() != null
                        && s.errnoName().startsWith("ERESTART");
                if (s.result() == null && !interrupted) continue;
                Integer fd = null;
                // socket and socketpair make descriptors (their first argument is a domain), poll's first argument is
                // its array of pollfds, select's is nfds, and a fork has none: the journal gives none of them an fd, so
                // none is compared.
                if (!List.of("socket", "socketpair", "poll", "select", "pselect6", "fork", "clone", "clone3")
                        .contains(s.name())
                        && !s.args().isEmpty()) {
                    StraceValues.Fd f = StraceValues.fd(s.args().getFirst());
                    if (f == null) continue;
                    fd = f.number();
                }
                out.add(interrupted
                        ? new Seen(s.pid(), s.name(), fd, -1, "EINTR")
                        : new Seen(s.pid(), s.name(), fd, s.failed() ? -1 : s.result(), s.errnoName()));
            }
        }
        assertTrue(out.size() > 0, "strace printed calls");
        return out;
    }
}

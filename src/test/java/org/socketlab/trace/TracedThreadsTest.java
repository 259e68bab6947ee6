package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.ThreadEndpoints;
import org.socketlab.story.Launchers;
import org.socketlab.story.Lifeline;
import org.socketlab.story.SilentThreads;
import org.socketlab.story.Story;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.diagram.DiagramText;
import org.socketlab.ui.diagram.Row;

/**
 * Issue 79, threads as threads, on programs written the way students write them (src/test/resources/.../trace/world),
 * started the way they start them: a shell script that backgrounds the server, runs nc clients and kills it. A
 * thread's start and end are journaled (not a fork, not a process's exit), its lane stands beside its process's and is
 * titled "thread N of Program P" in the window's story, the SVG and the Markdown; a JVM's own threads, which make no
 * socket call, get no lane and are counted; {@code code} writes the pthread server's threads inside its program, and
 * the C of it serves real clients.
 */
class TracedThreadsTest {
    private static final long LIMIT_MS = 180_000;
    private static final String WORLD = "/org/socketlab/trace/world/";

    @TempDir
    Path dir;

    @Test
    void aPthreadServersThreadsAreJournaledDrawnAndWrittenAsThreads() throws Exception {
        Path server = compiledPthreadServer();
        int port = TracedProgramsTest.freePort();
        List<Event> events = traced(List.of("bash", world("pthread-echo-server.sh").toString(), server.toString(),
                String.valueOf(port)));
        int pid = pidThatListens(events);
        String process = endpointOf(events, pid);
        List<Event> starts = events.stream().filter(e -> e.payload() instanceof Payload.Process p
                && p.event().equals(Payload.Process.THREAD)).toList();
        // One thread per connection (three nc clients and the script's nc -z probes that connected), each numbered
        // in its process, none a fork.
        assertTrue(starts.size() >= 3, "a thread per client: " + starts);
        for (int i = 0; i < starts.size(); i++) {
            Event e = starts.get(i);
            Payload.Process p = (Payload.Process) e.payload();
            assertEquals(pid, p.parentPid(), "started in the server's process: " + e);
            assertEquals(new ThreadEndpoints.Thread(pid, i + 1).endpoint(), e.endpoint(), "numbered in order: " + e);
            assertTrue(events.stream().noneMatch(x -> x.payload() instanceof Payload.Process f
                    && f.event().equals(Payload.Process.FORKED) && f.pid() == p.pid()), "not a fork: " + e);
            // Its own end: the thread function returned (glibc's exit(0) of the thread), the process lived on.
            Payload.Process end = events.stream().filter(x -> x.endpoint().equals(e.endpoint())
                    && x.payload() instanceof Payload.Process q && q.event().equals(Payload.Process.THREAD_ENDED))
                    .map(x -> (Payload.Process) x.payload()).findFirst()
                    .orElseThrow(() -> new AssertionError("no end journaled for " + e.endpoint() + ": " + events));
            // Its function returned (its own exit(0)); the last one may still be on its way out when the script's
            // kill ends the process, and then it ended with it (no code): said as such, never as an exit code.
            if (i < starts.size() - 1) assertEquals(0, end.code(), "ended by its own exit(0): " + end);
            else assertTrue(end.code() == null || end.code() == 0, "its own exit(0), or with its process: " + end);
            assertTrue(events.stream().noneMatch(x -> x.endpoint().equals(e.endpoint())
                    && x.payload() instanceof Payload.Process q && q.event().equals(Payload.Process.EXITED)),
                    "a thread's end is no process's exit");
        }
        // The echo was made by the threads, on the descriptor the process accepted.
        Set<String> senders = events.stream()
                .filter(e -> e.payload() instanceof Payload.Call c && c.call().startsWith("send"))
                .map(Event::endpoint).collect(Collectors.toSet());
        assertEquals(3, senders.size(), "three clients echoed, each by its thread: " + senders);
        assertTrue(senders.stream().allMatch(s -> ThreadEndpoints.of(s).map(t -> t.pid() == pid).orElse(false)),
                "every send on a thread's lane of the server: " + senders);
        drawnInsideTheProcess(events, pid, process, starts.size());
        writtenInsideTheProcess(events, process, starts);
    }

    /** The lanes: beside the process's, titled in both languages; the same titles in the SVG and the Markdown. */
    private void drawnInsideTheProcess(List<Event> events, int pid, String process, int threads) {
        List<String> lanes = Story.of(Launchers.visibleOf(events)).lifelines().stream().map(Lifeline::endpoint)
                .distinct().toList();
        int at = lanes.indexOf(process);
        assertTrue(at >= 0, "the server's lane: " + lanes);
        for (int n = 1; n <= threads; n++)
            assertEquals(new ThreadEndpoints.Thread(pid, n).endpoint(), lanes.get(at + n),
                    "thread " + n + " stands beside its process: " + lanes);
        String thread1 = new ThreadEndpoints.Thread(pid, 1).endpoint();
        // The window's diagram: the same lanes, the header's title, the start's label, the lane's end.
        DiagramModel window = new DiagramModel();
        window.append(events);
        assertEquals(lanes, window.lifelines().stream().map(Lifeline::endpoint).distinct().toList());
        assertEquals("thread 1 of Program " + pid, DiagramText.endpointName(thread1, Messages.of(Lang.EN)));
        assertTrue(window.rows().stream().anyMatch(r -> r instanceof Row.ProcessRow p
                && p.event().endpoint().equals(thread1) && DiagramText.label(r, Messages.of(Lang.EN))
                        .contains("shares Program " + pid + "'s descriptors")),
                "the window's thread start");
        assertTrue(window.rows().stream().anyMatch(r -> r instanceof Row.ProcessRow p
                && p.event().endpoint().equals(thread1) && p.ended()), "the window's thread lane ends");
        assertEquals("thread 1 of Program " + pid, Names.endpoint(thread1, Messages.of(Lang.EN)));
        assertEquals("hilo 1 del Programa " + pid, Names.endpoint(thread1, Messages.of(Lang.ES)));
        String md = MarkdownTranscript.render(events, Lang.EN, null);
        String svg = SvgDiagram.render(events, Lang.EN, null);
        String mdEs = MarkdownTranscript.render(events, Lang.ES, null);
        for (int n = 1; n <= threads; n++) {
            assertTrue(md.contains("**thread " + n + " of Program " + pid + "**"), "Markdown's thread " + n);
            assertTrue(mdEs.contains("**hilo " + n + " del Programa " + pid + "**"), "Spanish Markdown's hilo " + n);
            assertTrue(svg.contains("thread " + n + " of Program " + pid), "SVG's thread " + n);
        }
        // Said once per thread, at its start: it shares its process's descriptors.
        String shares = "shares Program " + pid + "'s descriptors";
        assertEquals(threads, md.split(Pattern.quote(shares), -1).length - 1, md);
        assertTrue(mdEs.contains("comparte los descriptores del Programa " + pid), mdEs);
    }

    /**
     * {@code code}: the server's program starts its threads (pthread_create, Thread, threading, thread::spawn); the C
     * compiles with -Wall silently and serves each client as the session's thread did.
     */
    private void writtenInsideTheProcess(List<Event> events, String process, List<Event> starts) throws Exception {
        CodeScript script = CodeScript.of(events);
        assertTrue(script.endpoints().stream().noneMatch(e -> ThreadEndpoints.of(e).isPresent()),
                "no thread is a program of its own: " + script.endpoints());
        Messages en = Messages.of(Lang.EN);
        String c = CodeGenerator.program(Language.C, script, process, en).text();
        assertEquals(starts.size(), count(c, "pthread_create(&threads"), c);
        Path binary = gccWall(c);
        servesAsTheThreadsDid(binary, events, starts, c);
        String java = CodeGenerator.program(Language.JAVA, script, process, en).text();
        assertEquals(starts.size(), count(java, "= new Thread() {"), java);
        javac(java, CodeGenerator.program(Language.JAVA, script, process, en).fileName());
        String python = CodeGenerator.program(Language.PYTHON, script, process, en).text();
        assertEquals(starts.size(), count(python, "threading.Thread(target="), python);
        run(List.of(TracedProgramsTest.program("python3").toString(), "-m", "py_compile",
                Files.writeString(dir.resolve("threads.py"), python).toString()), python);
        String rust = CodeGenerator.program(Language.RUST, script, process, en).text();
        assertEquals(starts.size(), count(rust, "std::thread::spawn("), rust);
        assertFalse(rust.contains("use socket2"), "std alone: " + rust);
        run(List.of(TracedProgramsTest.program("rustc").toString(), "--edition", "2021", "-o",
                dir.resolve("threads-rs").toString(), Files.writeString(dir.resolve("threads.rs"), rust).toString()),
                rust);
    }

    /** The generated server, given each client in the session's order: what each thread sent, it sends back. */
    private void servesAsTheThreadsDid(Path binary, List<Event> events, List<Event> starts, String text)
            throws Exception {
        int port = TracedProgramsTest.freePort();
        Process generated = new ProcessBuilder(binary.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("generated.out").toFile()).start();
        try {
            for (Event start : starts) {
                byte[] sent = events.stream().filter(e -> e.endpoint().equals(start.endpoint())
                        && e.payload() instanceof Payload.Call c && c.is(SysCall.SENDTO) && !c.failed())
                        .map(e -> ((Payload.Call) e.payload()).data()).filter(Objects::nonNull).findFirst()
                        .orElse(new byte[0]);
                try (Socket s = connected(port)) {
                    s.setSoTimeout(30_000);
                    if (sent.length == 0) continue; // the script's nc -z: connected, nothing sent
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    assertEquals(new String(sent, StandardCharsets.UTF_8),
                            new String(in.readNBytes(sent.length), StandardCharsets.UTF_8),
                            "the generated server's " + start.endpoint() + ":\n" + text);
                }
            }
            // Every thread joined: the program ends once its last client has gone.
            assertTrue(generated.waitFor(30, TimeUnit.SECONDS),
                    "the generated server ends after its threads: " + Files.readString(dir.resolve("generated.out")));
            assertEquals(0, generated.exitValue(), Files.readString(dir.resolve("generated.out")));
        } finally {
            generated.destroyForcibly();
            generated.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJvmsOwnThreadsGetNoLaneAndAreCounted() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.copy(world("NioEchoServer.java"), dir.resolve("NioEchoServer.java"));
        javacFile(source, classes);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = TracedProgramsTest.freePort();
        List<Event> events = traced(List.of("bash", world("NioEchoServer.sh").toString(), java, classes.toString(),
                String.valueOf(port)));
        int pid = pidThatListens(events);
        List<Payload.Process> threads = events.stream()
                .filter(e -> e.payload() instanceof Payload.Process p && p.event().equals(Payload.Process.THREAD)
                        && p.parentPid() != null && p.parentPid() == pid)
                .map(e -> (Payload.Process) e.payload()).toList();
        assertTrue(threads.size() >= 5, "the JVM's threads are journaled: " + threads);
        Set<String> calling = events.stream().filter(e -> e.payload() instanceof Payload.Call)
                .map(Event::endpoint).collect(Collectors.toSet());
        List<String> lanes = Story.of(events).lifelines().stream().map(Lifeline::endpoint).distinct().toList();
        List<String> threadLanes = lanes.stream().filter(l -> ThreadEndpoints.of(l).isPresent()).toList();
        // Java's main runs on a thread the launcher starts: the socket calls are a thread's, and only such lanes are drawn.
        assertFalse(threadLanes.isEmpty(), "the thread that serves has a lane: " + lanes);
        assertTrue(calling.containsAll(threadLanes), "only threads with a socket call are drawn: " + threadLanes);
        Map<Integer, Integer> silent = SilentThreads.count(events);
        assertEquals(threads.size() - threadLanes.size(), silent.getOrDefault(pid, 0), "the others are counted");
        String md = MarkdownTranscript.render(events, Lang.EN, null);
        assertTrue(md.contains("Program " + pid + " also ran " + silent.get(pid) + " thread(s) that made no socket"),
                md.lines().limit(5).collect(Collectors.joining("\n")));
        assertTrue(MarkdownTranscript.render(events, Lang.ES, null)
                .contains("El Programa " + pid + " también tuvo " + silent.get(pid) + " hilo(s)"));
        // code: the JVM's serving thread is written inside its process's program, no thread a program of its own
        // (which program holds a launcher's children is the launcher's question: bash's here).
        CodeScript script = CodeScript.of(events);
        assertTrue(script.endpoints().stream().noneMatch(p -> ThreadEndpoints.of(p).isPresent()),
                script.endpoints().toString());
        String inC = CodeGenerator.program(Language.C, script, endpointOf(events, pid), Messages.of(Lang.EN)).text();
        assertEquals(threadLanes.size(), count(inC, "pthread_create(&threads"), inC);
        // The echo was served: the bytes the nc clients sent came back through the thread's write.
        assertTrue(events.stream().anyMatch(e -> threadLanes.contains(e.endpoint())
                && e.payload() instanceof Payload.Call c && c.call().equals("write") && c.result() > 0),
                "the serving thread wrote the echo: " + events);
    }

    private List<Event> traced(List<String> command) throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        TracedProgramsTest.program("nc");
        Journal journal = new Journal();
        TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(), command, dir, journal, null);
        try (session) {
            assertEquals(0, session.waitFor(LIMIT_MS).orElseThrow(), "the script ended within its limit");
        }
        return journal.snapshot();
    }

    private static int pidThatListens(List<Event> events) {
        String listener = events.stream().filter(e -> e.payload() instanceof Payload.Call c && c.is(SysCall.LISTEN))
                .map(Event::endpoint).findFirst().orElseThrow(() -> new AssertionError("no listen: " + events));
        int pid = ThreadEndpoints.of(listener).map(ThreadEndpoints.Thread::pid).orElse(-1);
        if (pid > 0) return pid;
        return events.stream().filter(e -> e.endpoint().equals(listener) && e.payload() instanceof Payload.Process p
                && (p.event().equals(Payload.Process.FORKED) || p.event().equals(Payload.Process.STARTED)))
                .map(e -> ((Payload.Process) e.payload()).pid()).findFirst()
                .orElseThrow(() -> new AssertionError("whose listen: " + listener));
    }

    private static String endpointOf(List<Event> events, int pid) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Process p && p.pid() == pid
                && (p.event().equals(Payload.Process.FORKED) || p.event().equals(Payload.Process.STARTED)))
                .map(Event::endpoint).findFirst().orElseThrow();
    }

    private Path compiledPthreadServer() throws Exception {
        Path out = dir.resolve("pthread-echo-server");
        run(List.of(TracedProgramsTest.gcc().toString(), "-Wall", "-pthread", "-o", out.toString(),
                world("pthread-echo-server.c").toString()), "pthread-echo-server.c");
        return out;
    }

    private Path gccWall(String c) throws Exception {
        Path source = Files.writeString(dir.resolve("generated.c"), c), binary = dir.resolve("generated");
        String said = run(List.of(TracedProgramsTest.gcc().toString(), "-Wall", "-pthread", "-o", binary.toString(),
                source.toString()), c);
        assertFalse(said.contains("warning"), said + "\n" + c);
        return binary;
    }

    private void javac(String text, String fileName) throws Exception {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("java")).resolve(fileName), text);
        javacFile(source, Files.createDirectories(dir.resolve("java-classes")));
    }

    private static void javacFile(Path source, Path classes) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter err = new StringWriter();
        int status = javac.run(new PrintWriter(err), new PrintWriter(err), "-proc:none", "-d", classes.toString(),
                source.toString());
        assertEquals(0, status, () -> "javac " + source + ":\n" + err);
    }

    private static String run(List<String> command, String context) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + said + "\n" + context);
        return said;
    }

    private static Path world(String name) throws Exception {
        return Path.of(Objects.requireNonNull(TracedThreadsTest.class.getResource(WORLD + name), name).toURI());
    }

    private static Socket connected(int port) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                return s;
            } catch (IOException refused) {
                s.close();
                if (System.nanoTime() > until) throw refused;
                Thread.sleep(100);
            }
        }
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}

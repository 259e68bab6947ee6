package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.ChildLessonRun;
import org.socketlab.story.Beat;
import org.socketlab.story.Launchers;
import org.socketlab.story.Lifeline;
import org.socketlab.story.SequenceOrigins;
import org.socketlab.story.Story;
import org.socketlab.story.Twins;
import org.socketlab.syscall.Libc;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.ui.common.EventWindow;

/**
 * Issue 79 on programs in the world's styles (src/test/resources/org/socketlab/trace/world/), started as students start
 * them: a shell script that backgrounds the server ({@code ./server &}), runs nc clients, then kills it. The shell,
 * its subshells, grep and sleep make no socket call: they get no lane, and the shell is said once, "started by bash";
 * each child the server forked is said a zombie once it ended, until its parent's waitpid() reaped it; and {@code code}
 * writes one program per process that made socket calls.
 */
class WorldLaunchersTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String WORLD = "/org/socketlab/trace/world/";

    @TempDir
    Path dir;

    @Test
    void beejsForkServerStartedByBashHasNoLaneForTheShellAndItsCodeServesARealClient() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path cc = TracedProgramsTest.gcc();
        TracedProgramsTest.program("nc");
        Path server = compiled(cc, "beej-fork-server");
        Path script = resource("beej-fork-server.sh");
        int port = TracedProgramsTest.freePort();
        Journal journal = new Journal();
        try (Lab lab = Lab.onThisMachine(journal)) {
            TraceSession session = TraceSession.start(Libc.forThisMachine(), Strace.find(),
                    List.of("/bin/bash", script.toString(), server.toString(), String.valueOf(port)), dir, journal,
                    lab);
            try (session) {
                assertEquals(0, session.waitFor(LIMIT.toMillis()).orElseThrow(), "the launcher ended well");
            }
        }
        List<Event> events = journal.snapshot();
        Map<String, String> programs = programs(events);
        String serverLane = only(programs, "beej-fork-server");
        launchersHaveNoLane(events, programs, serverLane);
        startedByBashSaidOnce(events);
        forkedChildrenAreZombiesUntilReaped(events, serverLane, 2);
        generatedServerGreets(events, cc, serverLane, programs);
    }

    /**
     * Stevens' fork server (a SIGCHLD handler that reaps in a waitpid loop) traced in the private lab network as uid
     * 65534 when this test is root (as itself otherwise), through {@code socketlab trace --lab-network} as a user runs
     * it: each child a zombie until the handler reaped it, no lane for bash.
     */
    @Test
    void stevensForkServerInTheLabNetworkAsNobody() throws Exception {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        Path cc = TracedProgramsTest.gcc();
        TracedProgramsTest.program("nc");
        Path labnet = Labnet.built();
        for (Path p = dir; p != null && !p.equals(p.getRoot()); p = p.getParent())
            p.toFile().setExecutable(true, false); // nobody walks into the folder (a temp folder is the owner's)
        assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setReadable(true, false));
        Path server = compiled(cc, "stevens-fork-server");
        Path script = resource("stevens-fork-server.sh");
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(dir.resolve("cp")));
        Path journalFile = dir.resolve("stevens.jsonl"), md = dir.resolve("stevens.md");
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--"));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main",
                "trace", "--lab-network", "--lang", "en", "--journal", journalFile.toString(), "--markdown",
                md.toString(), "--", "/bin/bash", script.toString(), server.toString(), "7007"));
        Process trace = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String said;
        try (InputStream in = trace.getInputStream()) {
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(trace.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "trace ended: " + said);
        } finally {
            trace.destroyForcibly();
        }
        assertEquals(0, trace.exitValue(), said);
        for (int n = 1; n <= 3; n++) assertTrue(said.contains("line " + n + "\n"), "nc " + n + " echoed: " + said);
        List<Event> events = JournalJsonl.read(journalFile);
        Map<String, String> programs = programs(events);
        String serverLane = only(programs, "stevens-fork-server");
        launchersHaveNoLane(events, programs, serverLane);
        forkedChildrenAreZombiesUntilReaped(events, serverLane, 3);
        String markdown = Files.readString(md);
        assertEquals(1, count(markdown, "started by bash"), markdown);
        assertTrue(markdown.contains("a zombie"), markdown);
    }

    private Path compiled(Path cc, String name) throws Exception {
        Path c = resource(name + ".c"), out = dir.resolve(name);
        Process gcc = new ProcessBuilder(cc.toString(), "-Wall", "-O0", "-o", out.toString(), c.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), said);
        assertFalse(said.contains("warning"), said);
        assertTrue(out.toFile().setReadable(true, false) && out.toFile().setExecutable(true, false));
        return out;
    }

    /** A file of the world's programs, copied where a test's child (as nobody too) can read it. */
    private Path resource(String name) throws IOException {
        try (InputStream in = WorldLaunchersTest.class.getResourceAsStream(WORLD + name)) {
            assertTrue(in != null, name);
            Path copy = dir.resolve(name);
            Files.write(copy, in.readAllBytes());
            assertTrue(copy.toFile().setReadable(true, false));
            return copy;
        }
    }

    /** Each traced process's endpoint, by the program it ran last (execve's name); the first process as "program". */
    private static Map<String, String> programs(List<Event> events) {
        Map<String, String> byEndpoint = new HashMap<>();
        for (Event e : events)
            if (e.payload() instanceof Payload.Process p && Payload.Process.EXECED.equals(p.event()))
                byEndpoint.put(e.endpoint(), p.role());
        return byEndpoint;
    }

    private static String only(Map<String, String> programs, String name) {
        List<String> lanes = programs.entrySet().stream().filter(x -> x.getValue().equals(name))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, lanes.size(), name + " ran once: " + programs);
        return lanes.getFirst();
    }

    /** bash, grep and sleep have no lifeline; the server and every nc have theirs, in the story every view tells. */
    private static void launchersHaveNoLane(List<Event> events, Map<String, String> programs, String serverLane) {
        Launchers launchers = new Launchers();
        launchers.learnAll(events);
        Story story = Story.of(events, new Twins(), new SequenceOrigins(), SocketIdentities.fromAnywhere(),
                launchers);
        Set<String> lanes = story.lifelines().stream().map(Lifeline::endpoint).collect(Collectors.toSet());
        assertEquals("bash", programs.get(TraceSession.PROGRAM), "the shell is the first process: " + programs);
        programs.forEach((endpoint, name) -> {
            boolean socketMaker = name.equals("nc") || endpoint.equals(serverLane);
            assertEquals(socketMaker, lanes.contains(endpoint), () -> endpoint + " (" + name + ") in " + lanes
                    + ", told of it: " + events.stream().filter(e -> e.endpoint().equals(endpoint)).toList());
        });
        assertFalse(lanes.contains(TraceSession.PROGRAM), "no lane for bash: " + lanes);
        // The window's story, from its bounded window of events, knows the launchers from every event handed in.
        EventWindow window = new EventWindow(EventWindow.DEFAULT_MAX_EVENTS);
        window.add(events);
        assertEquals(story.lifelines(), window.story().lifelines(), "the window draws the same lanes");
        assertEquals(1, window.story().beats().stream().filter(b -> b instanceof Beat.Process p
                && Payload.Process.LAUNCHED.equals(p.process().event()) && "bash".equals(p.process().role()))
                .count(), "the window says started by bash once");
    }

    /** "started by bash" once in the Markdown (English and Spanish) and the SVG; no shared sockets said of bash's. */
    private static void startedByBashSaidOnce(List<Event> events) {
        String en = MarkdownTranscript.render(events, Lang.EN, "t"), es = MarkdownTranscript.render(events, Lang.ES,
                "t"), svg = SvgDiagram.render(events, Lang.EN, "t");
        assertEquals(1, count(en, "started by bash"), en);
        assertEquals(1, count(es, "iniciado por bash"), es);
        assertEquals(1, count(svg, "started by bash"), svg);
        for (String line : en.split("\n"))
            if (line.contains("with its parent's descriptors"))
                assertTrue(line.contains("socket:["), "said only where the parent held sockets: " + line);
    }

    /** Every child the server forked: exited, then a zombie, then reaped by the server, in journal order. */
    private static void forkedChildrenAreZombiesUntilReaped(List<Event> events, String serverLane, int atLeast) {
        int serverPid = Integer.parseInt(serverLane.substring(serverLane.lastIndexOf('-') + 1));
        List<Integer> children = events.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Process f && Payload.Process.FORKED.equals(f.event())
                        && Integer.valueOf(serverPid).equals(f.parentPid()))
                .map(p -> ((Payload.Process) p).pid()).toList();
        assertTrue(children.size() >= atLeast, "a child per client: " + children);
        for (int child : children) {
            List<String> life = events.stream().filter(e -> e.payload() instanceof Payload.Process p
                    && p.pid() == child && !Payload.Process.EXECED.equals(p.event()))
                    .map(e -> ((Payload.Process) e.payload()).event()).toList();
            assertEquals(List.of(Payload.Process.FORKED, Payload.Process.EXITED, Payload.Process.ZOMBIE,
                    Payload.Process.REAPED), life, "child " + child);
            Payload.Process reaped = events.stream().map(Event::payload)
                    .filter(p -> p instanceof Payload.Process r && r.pid() == child
                            && Payload.Process.REAPED.equals(r.event()))
                    .map(p -> (Payload.Process) p).findFirst().orElseThrow();
            assertEquals(serverPid, reaped.parentPid(), "its parent's waitpid reaped it");
            assertEquals(0, reaped.code(), "its exit(0) is the status waitpid read");
        }
    }

    /**
     * {@code code --lang c}: one program per process that made socket calls (the server, each nc), none for bash, the
     * launcher said in a comment; the server's compiles with -Wall and greets a real client as the original did.
     */
    private void generatedServerGreets(List<Event> events, Path cc, String serverLane, Map<String, String> programs)
            throws Exception {
        CodeScript script = CodeScript.of(events);
        Set<String> expected = programs.entrySet().stream()
                .filter(x -> x.getValue().equals("nc") || x.getKey().equals(serverLane)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertEquals(expected, Set.copyOf(script.endpoints()), "one program per socket-calling process");
        assertTrue(script.forks().stream().allMatch(f -> f.parent().equals(serverLane)),
                "only the server's own children are written inside a program: " + script.forks());
        assertEquals(2, script.forks().size(), "one child per client: " + script.forks());
        String text = CodeGenerator.program(Language.C, script, serverLane, Messages.of(Lang.EN)).text();
        assertTrue(text.contains("Started by bash"), text);
        Path source = Files.writeString(dir.resolve("generated.c"), text), binary = dir.resolve("generated");
        Process gcc = new ProcessBuilder(cc.toString(), "-Wall", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), said + "\n" + text);
        assertFalse(said.contains("warning"), said + "\n" + text);
        int port = TracedProgramsTest.freePort();
        Process generated = new ProcessBuilder(binary.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("generated.out").toFile()).start();
        try {
            for (int i = 0; i < 2; i++) {
                try (Socket s = connected(port)) {
                    s.setSoTimeout(30_000);
                    assertEquals("Hello, world!", new String(s.getInputStream().readNBytes(13), StandardCharsets.UTF_8),
                            "client " + (i + 1) + " of the generated server:\n" + text);
                }
            }
            assertTrue(generated.waitFor(30, TimeUnit.SECONDS), "the generated server ends after its last call");
        } finally {
            generated.destroyForcibly();
        }
    }

    private static Socket connected(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                return s;
            } catch (IOException refused) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing was open
                }
                if (System.nanoTime() > deadline) throw new AssertionError("the generated server never listened");
                Thread.sleep(50);
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
        return n;
    }
}

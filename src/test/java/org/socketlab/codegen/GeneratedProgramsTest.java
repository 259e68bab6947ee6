package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.LessonScaffold;

/**
 * The code panel's Copy: a lesson runs on real sockets, its journal is written as one program per endpoint, and
 * the programs, compiled (gcc) or interpreted (python3) and run side by side on other free ports and paths, make
 * the lesson's calls again with the same results and errnos.
 */
class GeneratedProgramsTest {
    private static final Messages EN = Messages.of(Lang.EN);

    /** Each lesson runs once for all languages: its journal is what every language's programs are written from. */
    private static final Map<String, CodeScript> SCRIPTS = new ConcurrentHashMap<>();

    static CodeScript lessonScript(String lesson) {
        return SCRIPTS.computeIfAbsent(lesson, GeneratedProgramsTest::runLesson);
    }

    private static CodeScript runLesson(String lesson) {
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load(lesson), lab);
            assertTrue(report.passed(), () -> lesson + " did not pass: " + report.mismatch().describe(EN));
            return CodeScript.of(lab.journal().snapshot());
        }
    }

    /** Fresh values for the session's places: other free ports, paths in the test's folder. */
    static List<String> freshPlaces(CodeScript script, Path dir) {
        List<String> values = new ArrayList<>();
        for (CodeScript.Place p : script.places())
            values.add(p.path()
                    ? dir.resolve("s" + p.index() + ".sock").toString()
                    : String.valueOf(LessonRunner.freePort()));
        return values;
    }

    /*
     * Not run here (compiled below): lessons whose call is left blocked while another endpoint acts (partial-io,
     * blocking-accept, tcp-framing). The journal orders calls by their return, so the blocked call comes before the
     * call that woke it, and a pair of programs played in that order would wait for each other. rust-std-net runs:
     * its server answers the client's datagram at the address recvfrom() gave ("{from}", the client's ephemeral
     * port), and the programs keep that address from their own recvfrom() (Op.ReplyTo), as a new run gets another.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp-basics", "abortive-close", "nonblocking", "unix-domain",
            "read-write", "raw-socket", "seqpacket", "write-to-closed-peer", "poll-multiplexing",
            "privileged-port", "simultaneous-close", "udp-basics", "rust-std-net", "select", "getaddrinfo", "addrlen"})
    void theCProgramsCompileAndMakeTheLessonsCallsAgain(String lesson, @TempDir Path dir) throws Exception {
        String gcc = ProgramRun.require("gcc");
        CodeScript script = lessonScript(lesson);
        Map<String, List<String>> commands = new HashMap<>();
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.C, script, endpoint, EN);
            Files.writeString(dir.resolve(p.fileName()), p.text());
            Process cc = new ProcessBuilder(gcc, "-Wall", "-Wextra", "-Werror", "-o", endpoint, p.fileName())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(cc.getInputStream().readAllBytes());
            assertTrue(cc.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cc.exitValue(), () -> "gcc " + p.fileName() + ":\n" + out + "\n" + numbered(p));
            commands.put(endpoint, List.of(dir.resolve(endpoint).toString()));
        }
        ProgramRun.playAndCheck(script, commands, freshPlaces(script, dir), dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp-basics", "abortive-close", "nonblocking", "unix-domain",
            "read-write", "raw-socket", "seqpacket", "write-to-closed-peer", "poll-multiplexing",
            "privileged-port", "simultaneous-close", "udp-basics", "rust-std-net", "getaddrinfo"})
    void thePythonProgramsMakeTheLessonsCallsAgain(String lesson, @TempDir Path dir) throws Exception {
        String python = ProgramRun.require("python3");
        CodeScript script = lessonScript(lesson);
        Map<String, List<String>> commands = new HashMap<>();
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.PYTHON, script, endpoint, EN);
            Files.writeString(dir.resolve(p.fileName()), p.text());
            commands.put(endpoint, List.of(python, "-u", dir.resolve(p.fileName()).toString()));
        }
        ProgramRun.playAndCheck(script, commands, freshPlaces(script, dir), dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp-basics", "abortive-close", "nonblocking", "unix-domain",
            "read-write", "raw-socket", "seqpacket", "write-to-closed-peer", "partial-io", "poll-multiplexing",
            "privileged-port", "simultaneous-close", "udp-basics", "blocking-accept", "tcp-framing", "rust-std-net",
            "select", "getaddrinfo"})
    void theJavaProgramsCompile(String lesson, @TempDir Path dir) throws Exception {
        CodeScript script = lessonScript(lesson);
        ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
        assertNotNull(javac, "javac: the tests run on a JDK, which has it");
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.JAVA, script, endpoint, Messages.of(Lang.ES));
            Path source = dir.resolve(endpoint).resolve(p.fileName());
            Files.createDirectories(source.getParent());
            Files.writeString(source, p.text());
            StringWriter err = new StringWriter();
            int status = javac.run(new PrintWriter(err), new PrintWriter(err), "-proc:none", "-d",
                    dir.resolve("classes-" + endpoint).toString(), source.toString());
            assertEquals(0, status, () -> "javac " + p.fileName() + ":\n" + err + "\n" + numbered(p));
        }
    }

    /**
     * The Rust programs compile: those on std alone with rustc, those that need socket2 with cargo, offline, from
     * Debian's packaged crate (librust-socket2-dev puts it in /usr/share/cargo/registry).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp-basics", "abortive-close", "nonblocking", "unix-domain",
            "read-write", "raw-socket", "seqpacket", "write-to-closed-peer", "partial-io", "poll-multiplexing",
            "privileged-port", "simultaneous-close", "udp-basics", "blocking-accept", "tcp-framing", "rust-std-net",
            "select", "getaddrinfo"})
    void theRustProgramsCompile(String lesson, @TempDir Path dir) throws Exception {
        String rustc = ProgramRun.require("rustc");
        CodeScript script = lessonScript(lesson);
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.RUST, script, endpoint, EN);
            List<String> command;
            Path where;
            if (p.text().contains("use socket2")) {
                where = cargoProject(dir.resolve(endpoint), p);
                command = List.of(ProgramRun.require("cargo"), "build", "--offline", "--quiet");
            } else {
                where = dir;
                Files.writeString(dir.resolve(p.fileName()), p.text());
                command = List.of(rustc, "--edition", "2021", "-o", dir.resolve(endpoint).toString(), p.fileName());
            }
            Process rc = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true).start();
            String out = new String(rc.getInputStream().readAllBytes());
            assertTrue(rc.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, rc.exitValue(),
                    () -> String.join(" ", command) + " " + p.fileName() + ":\n" + out + "\n" + numbered(p));
        }
    }

    /**
     * The rust-std-net lesson says its calls the way the notes' Rust does; the code panel's Rust of its run is that
     * program: std::net alone, TcpListener::bind fusing socket + bind + listen(128), accept() giving the stream and the
     * peer, read and write_all, drop for close, UdpSocket with send_to and recv_from.
     */
    @Test
    void theRustLessonsProgramIsTheNotesRust() {
        CodeScript script = lessonScript("rust-std-net");
        String server = CodeGenerator.program(Language.RUST, script, "server", EN).text();
        String client = CodeGenerator.program(Language.RUST, script, "client", EN).text();
        for (String program : List.of(server, client))
            assertTrue(!program.contains("socket2") && !program.contains("libc::"), program);
        for (String expected : List.of("TcpListener::bind(", ".accept()?", ".read(&mut buf", ".write_all(b\"HOLA\")",
                "drop(listener)", "UdpSocket::bind(", ".recv_from(&mut buf", ".send_to(b\"pong\", sock_from)"))
            assertTrue(server.contains(expected), () -> expected + " in\n" + server);
        for (String expected : List.of("TcpStream::connect(", ".write_all(b\"hola\")", ".send_to(b\"ping\"",
                ".recv_from(&mut buf"))
            assertTrue(client.contains(expected), () -> expected + " in\n" + client);
        // listen(128) is not a line of its own: TcpListener::bind made it.
        assertTrue(!server.contains(".listen("), server);
    }

    /**
     * TcpListener::bind sets SO_REUSEADDR itself only between socket() and bind(): rust-std-net's setsockopt is no line
     * of its program (above), but time-wait's restarted server turns it on after a failed bind, which std cannot do, so
     * that socket stays socket2's and the option a line of its own.
     */
    @Test
    void aReuseAddressStdWouldNotSetWhereTheSessionSetItStaysALine() {
        String rust = CodeGenerator.program(Language.RUST, lessonScript("rust-std-net"), "server", EN).text();
        assertTrue(!rust.contains("set_reuse_address"), rust);
        String timeWait = CodeGenerator.program(Language.RUST, lessonScript("time-wait"), "server", EN).text();
        assertTrue(timeWait.contains("set_reuse_address(true)") && timeWait.contains("Socket::new("), timeWait);
    }

    /**
     * getaddrinfo() in each language: C and Python make the session's six calls with its nodes, services and hints
     * (their runs above print the journal's answers); Java's getAllByName and Rust's ToSocketAddrs make the one plain
     * lookup of a name, and at each other call say which call the session made there and why no line makes it.
     */
    @Test
    void getaddrinfoIsWrittenInEachLanguage() {
        CodeScript script = lessonScript("getaddrinfo");
        String server = CodeGenerator.program(Language.C, script, "server", EN).text();
        for (String expected : List.of("#include <netdb.h>", ".ai_flags = AI_PASSIVE, .ai_family = AF_UNSPEC, "
                + ".ai_socktype = SOCK_STREAM", "getaddrinfo(NULL, service_", "freeaddrinfo(res_", "gai_strerror("))
            assertTrue(server.contains(expected), () -> expected + " in\n" + server);
        String client = CodeGenerator.program(Language.C, script, "client", EN).text();
        for (String expected : List.of("getaddrinfo(\"localhost\", service_", "getaddrinfo(\"127.0.0.1\", service_",
                ".ai_flags = AI_NUMERICHOST", "getaddrinfo(\"no-such-host.invalid\", service_"))
            assertTrue(client.contains(expected), () -> expected + " in\n" + client);
        String python = CodeGenerator.program(Language.PYTHON, script, "client", EN).text();
        assertTrue(python.contains("socket.getaddrinfo(\"127.0.0.1\", port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, "
                + "socket.AI_NUMERICHOST)"), python);
        for (Messages m : List.of(EN, Messages.of(Lang.ES))) {
            Program java = CodeGenerator.program(Language.JAVA, script, "client", m);
            Program rust = CodeGenerator.program(Language.RUST, script, "client", m);
            for (Program p : List.of(java, rust)) {
                // The plain lookups of a name (localhost, no-such-host.invalid) are lines; the other three calls are
                // each a remark naming the call the session made there.
                long lines = p.lines().stream().filter(l -> l.contains("getaddrinfo() = 0")).count();
                assertEquals(2, lines, p::text);
                List<Long> seqs = script.of("client").stream().filter(s -> s.call().equals("getaddrinfo"))
                        .map(CodeScript.Step::seq).toList();
                assertEquals(5, seqs.size());
                for (long seq : seqs)
                    assertTrue(p.notesOf(seq).stream().anyMatch(n -> n.contains("getaddrinfo()")), p::text);
                String here = m.get("code.getaddrinfo.session", "").strip();
                assertEquals(3, seqs.stream()
                        .filter(seq -> p.notesOf(seq).stream().anyMatch(n -> n.startsWith(here))).count(), p::text);
            }
            assertTrue(java.text().contains("InetAddress.getAllByName(\"localhost\")"), java.text());
            assertTrue(rust.text().contains("to_socket_addrs(&(\"localhost\", port))"), rust.text());
        }
    }

    /**
     * fork() and waitpid() are not written yet (issue 39), but never left out in silence: in every language and both
     * languages of words, each is a remark at its place naming the call and its result, and no line of code.
     */
    @Test
    void forkAndWaitpidAreSaidWhereTheSessionMadeThem() {
        CodeScript script = lessonScript("fork-server");
        List<CodeScript.Step> process = script.of("server").stream()
                .filter(s -> s.call().equals("fork") || s.call().equals("waitpid")).toList();
        assertEquals(List.of("fork", "waitpid", "fork", "waitpid", "waitpid"),
                process.stream().map(CodeScript.Step::call).toList());
        for (Messages m : List.of(EN, Messages.of(Lang.ES)))
            for (Language language : Language.values()) {
                Program p = CodeGenerator.program(language, script, "server", m);
                for (CodeScript.Step s : process) {
                    assertEquals(List.of(m.get("code.comment.processCall", s.line())), p.notesOf(s.seq()), p::text);
                    Program.Range r = p.ranges().get(s.seq());
                    assertTrue(p.lines().subList(r.from(), r.to()).stream().map(String::strip)
                            .allMatch(l -> l.startsWith("//") || l.startsWith("# ") || l.startsWith("turn(")),
                            p::text);
                }
            }
    }

    /**
     * A session that sets signal dispositions (issue 39): the eintr lesson's calls without its blocked ones, the
     * dispositions set before the connection is made.
     */
    private static final String SIGNALS = LessonScaffold.lesson("signals", """
            {"endpoint": "server", "call": "signal", "signal": "SIGCHLD", "handler": "SIG_IGN",
             "narration": {"es": "s", "en": "s"}, "expect": {"result": 0}},
            {"endpoint": "client", "call": "signal", "signal": "SIGALRM", "handler": "on_signal",
             "sa_flags": "SA_RESTART", "narration": {"es": "t", "en": "t"}, "expect": {"result": 0}},
            {"endpoint": "client", "call": "signal", "signal": "SIGUSR2", "handler": "on_signal",
             "narration": {"es": "u", "en": "u"}, "expect": {"result": 0}},
            """ + LessonScaffold.CONNECTED + """
            {"endpoint": "server", "call": "send", "socket": "conn", "data": "hola",
             "narration": {"es": "j", "en": "j"}, "expect": {"result": 4}},
            {"endpoint": "client", "call": "recv", "socket": "sock", "size": 1024,
             "narration": {"es": "k", "en": "k"}, "expect": {"result": 4}},
            {"endpoint": "client", "call": "close", "socket": "sock", "narration": {"es": "l", "en": "l"},
             "expect": {"result": 0}},
            {"endpoint": "server", "call": "close", "socket": "conn", "narration": {"es": "m", "en": "m"},
             "expect": {"result": 0}},
            {"endpoint": "server", "call": "close", "socket": "listener", "narration": {"es": "n", "en": "n"},
             "expect": {"result": 0}}
            """);

    /**
     * Signal dispositions in each language: C makes the session's sigaction calls (SA_RESTART or 0, on_signal or
     * SIG_IGN) and Python signal.signal with siginterrupt, both run against each other with the session's results;
     * Java and Rust have no API for it and say so in the program (in the reader's language), and still compile.
     */
    @Test
    void signalDispositionsAreWrittenInEachLanguage(@TempDir Path dir) throws Exception {
        CodeScript script = SCRIPTS.computeIfAbsent("signals", id -> {
            try (Lab lab = Lab.withoutCapture()) {
                LessonReport report = new LessonRunner().run(LessonLoader.parse("signals.json", SIGNALS), lab);
                assertTrue(report.passed(), () -> report.mismatch().describe(EN));
                return CodeScript.of(lab.journal().snapshot());
            }
        });
        String gcc = ProgramRun.require("gcc"), python = ProgramRun.require("python3");
        Map<String, List<String>> c = new HashMap<>(), py = new HashMap<>();
        for (String endpoint : script.endpoints()) {
            Program p = CodeGenerator.program(Language.C, script, endpoint, EN);
            Files.writeString(dir.resolve(p.fileName()), p.text());
            Process cc = new ProcessBuilder(gcc, "-Wall", "-Wextra", "-Werror", "-o", endpoint, p.fileName())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(cc.getInputStream().readAllBytes());
            assertTrue(cc.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cc.exitValue(), () -> "gcc " + p.fileName() + ":\n" + out + "\n" + numbered(p));
            c.put(endpoint, List.of(dir.resolve(endpoint).toString()));
            Program q = CodeGenerator.program(Language.PYTHON, script, endpoint, EN);
            Files.writeString(dir.resolve(q.fileName()), q.text());
            py.put(endpoint, List.of(python, "-u", dir.resolve(q.fileName()).toString()));
        }
        String client = CodeGenerator.program(Language.C, script, "client", EN).text();
        for (String expected : List.of("static void on_signal(int sig)", "sa.sa_handler = on_signal;",
                "sa.sa_flags = SA_RESTART;", "show(\"signal\", sigaction(SIGALRM, &sa, NULL));",
                "sa.sa_flags = 0;", "sigaction(SIGUSR2, &sa, NULL)"))
            assertTrue(client.contains(expected), () -> expected + " in\n" + client);
        String server = CodeGenerator.program(Language.C, script, "server", EN).text();
        assertTrue(server.contains("sa.sa_handler = SIG_IGN;") && !server.contains("on_signal"), server);
        String pyClient = CodeGenerator.program(Language.PYTHON, script, "client", EN).text();
        for (String expected : List.of("signal.signal(signal.SIGALRM, on_signal)",
                "signal.siginterrupt(signal.SIGALRM, False)", "signal.siginterrupt(signal.SIGUSR2, True)", "PEP 475"))
            assertTrue(pyClient.contains(expected), () -> expected + " in\n" + pyClient);
        ProgramRun.playAndCheck(script, c, freshPlaces(script, dir.resolve("c")), dir);
        ProgramRun.playAndCheck(script, py, freshPlaces(script, dir.resolve("py")), dir);

        String java = CodeGenerator.program(Language.JAVA, script, "client", Messages.of(Lang.ES)).text();
        assertTrue(java.contains("Java no tiene API para cambiar la disposición de SIGALRM"), java);
        String rust = CodeGenerator.program(Language.RUST, script, "client", EN).text();
        assertTrue(rust.contains("Rust's std has no API for signals"), rust);
        theJavaProgramsCompile("signals", dir.resolve("java"));
        theRustProgramsCompile("signals", Files.createDirectories(dir.resolve("rust")));
    }

    /** A cargo project for a program that uses socket2, resolved offline from Debian's crates; the build is shared. */
    private static Path cargoProject(Path project, Program p) throws Exception {
        Path registry = Path.of("/usr/share/cargo/registry");
        boolean packaged;
        try (var crates = Files.exists(registry) ? Files.list(registry) : Stream.<Path>empty()) {
            packaged = crates.anyMatch(c -> c.getFileName().toString().startsWith("socket2-"));
        }
        if (!packaged) ProgramRun.missing("librust-socket2-dev (the socket2 crate in /usr/share/cargo/registry)");
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve(".cargo"));
        Files.writeString(project.resolve("Cargo.toml"), """
                [package]
                name = "program"
                version = "0.1.0"
                edition = "2021"
                [dependencies]
                socket2 = { version = ">=0.4", features = ["all"] }
                """);
        Files.writeString(project.resolve(".cargo/config.toml"), """
                [source.crates-io]
                replace-with = "debian"
                [source.debian]
                directory = "/usr/share/cargo/registry"
                [build]
                target-dir = "%s"
                """.formatted(Path.of("target", "cargo-target").toAbsolutePath()));
        Files.writeString(project.resolve("src/main.rs"), p.text());
        return project;
    }

    static String numbered(Program p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.lines().size(); i++) sb.append(String.format("%3d  %s%n", i + 1, p.lines().get(i)));
        return sb.toString();
    }
}

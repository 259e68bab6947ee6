package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.story.Beat;
import org.socketlab.story.Story;
import org.socketlab.story.StoryText;
import org.socketlab.syscall.Libc;

/**
 * Issue 42 item 1: glibc's own calls inside getaddrinfo("localhost") (a routing netlink socket, the name service
 * cache daemon's Unix socket) are told inside getaddrinfo(), not as the program's; the program's own socket is its
 * own. Real C and Python programs under the real strace; the story, the Markdown (en, es) and the code written back.
 */
class TracedGetaddrinfoTest {
    private static final long LIMIT_MS = 120_000;
    private static Strace strace;

    @TempDir
    Path dir;

    @BeforeAll
    static void findStrace() {
        CiRules.requireOnCi(Strace.installed(), "strace");
        if (!Strace.installed()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        strace = Strace.find();
    }

    private List<Event> traced(List<String> command) throws Exception {
        Journal journal = new Journal();
        try (TraceSession session = TraceSession.start(Libc.forThisMachine(), strace, command, dir, journal, null,
                line -> {
                }, (stderr, text) -> {
                })) {
            assertEquals(0, session.waitFor(LIMIT_MS).orElseThrow(), "the program's exit code");
        }
        return journal.snapshot();
    }

    @Test
    void aCProgramsLookupOfLocalhostIsToldInsideGetaddrinfo() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc");
        Path source = Files.writeString(dir.resolve("lookup.c"), """
                #include <netdb.h>
                #include <string.h>
                #include <sys/socket.h>
                #include <unistd.h>
                int main(void) {
                    struct addrinfo hints, *res;
                    memset(&hints, 0, sizeof hints);
                    hints.ai_family = AF_UNSPEC;
                    hints.ai_socktype = SOCK_STREAM;
                    hints.ai_flags = AI_ADDRCONFIG;
                    if (getaddrinfo("localhost", "5000", &hints, &res) != 0) return 1;
                    int s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                    close(s);
                    freeaddrinfo(res);
                    return 0;
                }
                """);
        Path program = dir.resolve("lookup");
        Process gcc = new ProcessBuilder("/usr/bin/gcc", "-o", program.toString(), source.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, said);
        List<Event> events = traced(List.of(program.toString()));
        Story story = Story.of(events);
        String told = describe(story);
        // AI_ADDRCONFIG: glibc asks the kernel for the machine's addresses over a routing netlink socket.
        assertTrue(story.beats().stream().anyMatch(b -> b instanceof Beat.Call c && c.library()
                && "AF_NETLINK".equals(c.call().args().get("domain"))), told);
        assertLibrarysAndProgramsOwn(story, told);

        String c = CodeGenerator.program(Language.C, CodeScript.of(events), TraceSession.PROGRAM, Messages.of(Lang.EN))
                .text();
        assertFalse(c.contains("AF_NETLINK") || c.contains("nscd"), "no call of the library written back:\n" + c);
        assertTrue(c.contains("socket(AF_INET"), c);
    }

    @Test
    void aPythonProgramsLookupOfLocalhostIsToldInsideGetaddrinfo() throws Exception {
        Path python = Path.of(new ProcessBuilder("sh", "-c", "command -v python3").start().inputReader().readLine());
        Path script = Files.writeString(dir.resolve("lookup.py"), """
                import socket
                family, kind, proto, _, address = socket.getaddrinfo("localhost", 5000, type=socket.SOCK_STREAM)[0]
                socket.socket(family, kind, proto).close()
                """);
        List<Event> events = traced(List.of(python.toString(), script.toString()));
        Story story = Story.of(events);
        assertLibrarysAndProgramsOwn(story, describe(story));
        for (Lang lang : Lang.values()) {
            String md = MarkdownTranscript.render(events, lang, null);
            Messages m = Messages.of(lang);
            String inside = m.get("story.call.library", "getaddrinfo()");
            if (story.beats().stream().anyMatch(b -> b instanceof Beat.Call c && c.library()))
                assertTrue(md.contains(inside), lang + ":\n" + md);
        }
    }

    /** Every call on a netlink or nscd socket is the library's; the program's own AF_INET socket is not. */
    private static void assertLibrarysAndProgramsOwn(Story story, String told) {
        for (Beat b : story.beats())
            if (b instanceof Beat.Call c && c.endpoint().equals(TraceSession.PROGRAM)) {
                boolean libraryDomain = "AF_NETLINK".equals(c.call().args().get("domain"))
                        || String.valueOf(c.call().args().get("addr")).endsWith("/nscd/socket");
                if (libraryDomain) assertTrue(c.library(), "the library's: " + StoryText.call(c) + "\n" + told);
                if (c.call().call().equals("socket") && "AF_INET".equals(c.call().args().get("domain"))
                        && String.valueOf(c.call().args().get("type")).startsWith("SOCK_STREAM"))
                    assertFalse(c.library(), "the program's own: " + StoryText.call(c) + "\n" + told);
            }
    }

    private static String describe(Story story) {
        return story.beats().stream().filter(b -> b instanceof Beat.Call).map(b -> StoryText.call((Beat.Call) b))
                .collect(Collectors.joining("\n"));
    }
}

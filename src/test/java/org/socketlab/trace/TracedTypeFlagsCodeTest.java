package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.codegen.CodeGenerator;
import org.socketlab.codegen.CodeScript;
import org.socketlab.codegen.Language;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * Issue 42 item 3: {@code socketlab code} from a trace journal keeps what the program or-ed into its socket's type and
 * gave accept4() ({@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC}): a non-blocking server written back as a blocking one
 * would teach another program. strace's own lines (as strace 6.1 writes them with {@code -f -ttt -T -yy}) go through
 * the trace's translator, as {@code trace} journals them.
 */
class TracedTypeFlagsCodeTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static final List<String> STRACE = List.of(
            "700 1700000000.000100 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3<TCP:[40711]> <0.000010>",
            "700 1700000000.000200 bind(3<TCP:[40711]>, {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0 <0.000010>",
            "700 1700000000.000300 listen(3<TCP:[127.0.0.1:5000]>, 5) = 0 <0.000010>",
            "700 1700000000.000400 accept4(3<TCP:[127.0.0.1:5000]>, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC|SOCK_NONBLOCK) = 4<TCP:[127.0.0.1:5000->127.0.0.1:40000]> <0.000010>",
            "700 1700000000.000500 close(4<TCP:[127.0.0.1:5000->127.0.0.1:40000]>) = 0 <0.000010>",
            "700 1700000000.000600 close(3<TCP:[127.0.0.1:5000]>) = 0 <0.000010>");

    @TempDir
    Path dir;

    private static CodeScript script() {
        CallTranslator translator = new CallTranslator();
        List<Event> events = new ArrayList<>();
        for (String line : STRACE) {
            Payload.Call c = translator.translate((StraceLine.Syscall) StraceParser.parse(line), 0).orElseThrow();
            events.add(new Event(events.size() + 1, events.size() + 1, TraceSession.PROGRAM, c));
        }
        return CodeScript.of(events);
    }

    @Test
    void theProgramsKeepSockNonblockAndSockCloexec() throws Exception {
        String c = CodeGenerator.program(Language.C, script(), TraceSession.PROGRAM, EN).text();
        assertTrue(c.contains("socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, "), c);
        assertTrue(c.contains("accept4(listener, (struct sockaddr *) &from, &(socklen_t){sizeof from}, SOCK_NONBLOCK | "
                + "SOCK_CLOEXEC)"), c);
        String python = CodeGenerator.program(Language.PYTHON, script(), TraceSession.PROGRAM, EN).text();
        assertTrue(python.contains("socket.SOCK_STREAM | socket.SOCK_NONBLOCK | socket.SOCK_CLOEXEC"), python);
        assertTrue(python.contains("conn.setblocking(False)"), python);
        String java = CodeGenerator.program(Language.JAVA, script(), TraceSession.PROGRAM, EN).text();
        assertEquals(2, java.split("configureBlocking\\(false\\)", -1).length - 1, java);

        // The C program compiles as written (gcc, as a student would).
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc");
        Path source = Files.writeString(dir.resolve("program.c"), c);
        Process gcc = new ProcessBuilder("/usr/bin/gcc", "-fsyntax-only", "-Wall", source.toString())
                .redirectErrorStream(true).start();
        String said = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc ended");
        assertEquals(0, gcc.exitValue(), said);
    }
}

package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lesson.LessonCatalog;

/**
 * Issue 7, point 6: each program is written from the journaled calls' real arguments, not one fixed program.
 * Lessons run on real sockets; their programs must say what the lesson did.
 */
class ProgramsFromJournalTest {
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);

    private static String program(String lesson, Language language, String endpoint) {
        return CodeGenerator.program(language, GeneratedProgramsTest.lessonScript(lesson), endpoint, EN).text();
    }

    @Test
    void abortiveCloseSetsSoLingerOneZeroNotSoReuseaddr() {
        String c = program("abortive-close", Language.C, "client");
        assertTrue(
                c.contains("setsockopt(sock, SOL_SOCKET, SO_LINGER, &(struct linger){ .l_onoff = 1, .l_linger = 0 }"),
                c);
        assertFalse(c.contains("SO_REUSEADDR"), c);
        assertTrue(program("abortive-close", Language.PYTHON, "client")
                .contains("socket.SO_LINGER, struct.pack(\"ii\", 1, 0)"));
        assertTrue(program("abortive-close", Language.JAVA, "client")
                .contains("setOption(StandardSocketOptions.SO_LINGER, 0)"));
        String rust = program("abortive-close", Language.RUST, "client");
        assertTrue(rust.contains("set_linger(Some(Duration::from_secs(0)))") && rust.contains("use socket2::"), rust);
        assertTrue(program("abortive-close", Language.C, "server")
                .contains("In the session this recv() failed with -1 ECONNRESET"));
    }

    @Test
    void unixDomainUsesAPathNotAnInternetAddress() {
        String c = program("unix-domain", Language.C, "server");
        assertTrue(c.contains("struct sockaddr_un addr = { .sun_family = AF_UNIX };"), c);
        assertTrue(c.contains("socket(AF_UNIX, SOCK_STREAM, 0)") && c.contains("unlink(path)"), c);
        // No internet address is made (the peer printer, shared by every program, still knows AF_INET to print one).
        assertFalse(c.contains("inet_pton") || c.contains("struct sockaddr_in addr"), c);
        String py = program("unix-domain", Language.PYTHON, "client");
        assertTrue(
                py.contains("socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)") && py.contains("sock.connect(path)"),
                py);
        assertTrue(py.contains("except FileNotFoundError as e:"), "the ENOENT the lesson expected: " + py);
        assertTrue(program("unix-domain", Language.RUST, "server").contains("UnixListener::bind(&path)"));
        assertTrue(program("unix-domain", Language.JAVA, "server").contains("UnixDomainSocketAddress.of(path)"));
    }

    @Test
    void nonblockingSetsONonblockBeforeTheConnectAsTheLessonDid() {
        String c = program("nonblocking", Language.C, "client-2");
        int fcntl = c.indexOf("fcntl(sock, F_SETFL, O_NONBLOCK)"), connect = c.indexOf("connect(sock,");
        assertTrue(fcntl > 0 && connect > fcntl, c);
        long connects = GeneratedProgramsTest.lessonScript("nonblocking").of("client-2").stream()
                .filter(st -> st.call().equals("connect")).count();
        assertTrue(connects >= 2);
        assertEquals(connects, c.split("connect\\(sock,", -1).length - 1, "every connect of the lesson: " + c);
        String py = program("nonblocking", Language.PYTHON, "client-2");
        assertTrue(py.indexOf("sock.setblocking(False)") < py.indexOf("sock.connect_ex((\"127.0.0.1\", port))"), py);
        String java = program("nonblocking", Language.JAVA, "client-2");
        assertTrue(java.contains("configureBlocking(false)") && java.contains(".finishConnect()"), java);
    }

    @Test
    void dataShutdownModeAndBufferSizeAreTheJournals() {
        String c = program("half-close", Language.C,
                GeneratedProgramsTest.lessonScript("half-close").endpoints().getFirst());
        String all = String.join("\n", GeneratedProgramsTest.lessonScript("half-close").endpoints().stream()
                .map(e -> program("half-close", Language.C, e)).toList());
        assertTrue(all.contains("SHUT_WR"), all);
        assertTrue(program("tcp-basics", Language.C, "client").contains("send(sock, \"hola\", 4, 0)"));
        assertTrue(program("tcp-basics", Language.C, "server").contains("recv(conn, buf, 1024, 0)"));
        assertTrue(program("udp-truncation", Language.C, "server").contains("recvfrom(sock, buf, 4, 0,")
                || program("udp-truncation", Language.C, "client").contains("recvfrom(sock, buf, 4, 0,"), c);
        assertTrue(program("tcp-basics", Language.RUST, "client").contains("write_all(b\"hola\")"));
    }

    /** Every comment of a program comes from the message files: none reads the same in Spanish as in English. */
    @Test
    void everyCommentFollowsTheLanguage() {
        for (String lesson : LessonCatalog.HOST_IDS) {
            CodeScript script = GeneratedProgramsTest.lessonScript(lesson);
            for (String endpoint : script.endpoints())
                for (Language language : Language.values()) {
                    List<String> en = comments(CodeGenerator.program(language, script, endpoint, EN));
                    List<String> es = comments(CodeGenerator.program(language, script, endpoint, ES));
                    assertEquals(en.size(), es.size(), lesson + " " + endpoint + " " + language);
                    for (String comment : es)
                        assertFalse(en.contains(comment),
                                () -> lesson + " " + endpoint + " " + language + ": not translated: " + comment);
                }
        }
    }

    /** The comment blocks of a program, wrapped lines joined. */
    private static List<String> comments(Program p) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (String line : p.lines()) {
            String t = line.strip();
            boolean comment = t.startsWith("// ") || (t.startsWith("# ") && p.language() == Language.PYTHON);
            if (comment) block.append(block.isEmpty() ? "" : " ").append(t.substring(t.indexOf(' ') + 1));
            else if (!block.isEmpty()) {
                blocks.add(block.toString());
                block.setLength(0);
            }
        }
        if (!block.isEmpty()) blocks.add(block.toString());
        return blocks;
    }
}

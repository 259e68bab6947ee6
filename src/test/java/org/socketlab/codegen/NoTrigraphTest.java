package org.socketlab.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The audit of 2026-11-26, N9: a journal's payload or errno name holding {@code ??/} (a backslash to ISO C, read before
 * strings and comments) never becomes code in the C program: every {@code ?} of a string is {@code \?}, and two in a
 * comment are split. Compiled with {@code gcc -std=c11}, where trigraphs are read, the payload is still its bytes.
 */
class NoTrigraphTest {
    /** The audit's payload: a trigraph that closes the string, then a call (no quote or backslash of its own). */
    private static final String PAYLOAD = "??/\",1,0)),system(\"id\");//";

    @Test
    void aTrigraphInTheJournalStaysDataInC(@TempDir Path dir) throws Exception {
        List<Event> events = List.of(
                new Event(1, 10, "client",
                        new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"), 3, null,
                                null, null, 0, 5)),
                new Event(2, 20, "client",
                        new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111,
                                "ECONNREFUSED ??/", null, 0, 15)),
                new Event(3, 30, "client",
                        new Payload.Call("send", 3, Map.of(), PAYLOAD.length(), null, null,
                                PAYLOAD.getBytes(StandardCharsets.US_ASCII), 0, 25)),
                new Event(4, 40, "client", new Payload.Call("close", 3, Map.of(), 0, null, null, null, 0, 35)));
        Program p = CodeGenerator.program(Language.C, CodeScript.of(events), "client", Messages.of(Lang.EN));
        assertFalse(p.text().contains("??"), "no two question marks in a row anywhere:\n" + p.text());
        assertTrue(p.text().contains("\\?\\?/\\\",1,0)),system(\\\"id\\\");//"), "the payload, escaped:\n" + p.text());
        Path source = Files.writeString(dir.resolve("client.c"), p.text());
        Process cc = new ProcessBuilder(ProgramRun.require("gcc"), "-std=c11", "-Wall", "-Werror", "-fsyntax-only",
                source.toString()).redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, cc.exitValue(), "gcc -std=c11 (trigraphs read):\n" + out + "\n" + p.text());
    }

    @Test
    void otherLanguagesKeepTheirQuestionMarks() {
        assertEquals("\"a??/b\"", Renderer.quoted("a??/b"));
        assertEquals("\"a\\?\\?/b\"", CProgram.quoted("a??/b"));
        assertEquals("a??/b", Renderer.escapedBytes("a??/b".getBytes(StandardCharsets.US_ASCII), false));
        assertEquals("a\\?\\?/b", Renderer.escapedBytes("a??/b".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("? ? ?/", Writer.inert("???/"));
    }
}

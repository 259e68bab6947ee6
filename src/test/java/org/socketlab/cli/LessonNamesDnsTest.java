package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.capture.LabNetwork;
import org.socketlab.lesson.LessonLoader;

/**
 * "Names are never looked up in DNS" (README): a lesson whose getaddrinfo() step names a host glibc may ask a DNS
 * server for runs only in the private lab network, where no DNS server can be reached; on this computer's network it
 * is refused in one line of the reader's language before any call (issue 59, item 3). Addresses written in numbers,
 * localhost and AI_NUMERICHOST never reach a DNS server.
 */
class LessonNamesDnsTest {
    @TempDir
    Path dir;

    private static String lesson(String node, String flags) {
        return """
                {"id": "names", "title": {"es": "Nombres", "en": "Names"},
                 "summary": {"es": "Un nombre.", "en": "A name."},
                 "steps": [{"endpoint": "client", "call": "getaddrinfo", "node": "%s", "service": "80"%s,
                   "narration": {"es": "Busca.", "en": "Looks up."}, "expect": {"result": 0}}]}
                """.formatted(node, flags.isEmpty() ? "" : ", \"ai_flags\": \"" + flags + "\"");
    }

    @Test
    void onlyANameThatMayReachADnsServerIsOne() {
        for (String node : new String[]{"localhost", "127.0.0.1", "::1", "fe80::1%lo", "10.77.0.2"})
            assertNull(LessonLoader.parse("names.json", lesson(node, "")).nameForDns(), node);
        assertNull(LessonLoader.parse("names.json", lesson("example.org", "AI_NUMERICHOST")).nameForDns());
        assertEquals("example.org", LessonLoader.parse("names.json", lesson("example.org", "")).nameForDns());
        assertEquals("no-such-host.invalid", LessonLoader.load("getaddrinfo").nameForDns());
    }

    @Test
    void onThisComputersNetworkSuchALessonIsRefusedBeforeAnyCall() throws Exception {
        assertTrue(!LabNetwork.current().isPrivate(), "this test runs on this computer's network");
        Path file = Files.writeString(dir.resolve("names.json"), lesson("tracker.example.org", ""));
        for (String command : new String[]{"run", "quiz"}) {
            CliTest.Outcome o = CliTest.cli(command, file.toString(), "--lang", "en");
            assertEquals(Cli.NO_LAB_NETWORK, o.exit(), o.err());
            assertTrue(o.err().startsWith("Lesson names looks up the name “tracker.example.org”, which glibc may ask a"
                    + " DNS server for;"), o.err());
            assertEquals("", o.out(), "nothing was run");
        }
        CliTest.Outcome es = CliTest.cli("run", file.toString(), "--lang", "es");
        assertTrue(es.err().startsWith("La lección names busca el nombre «tracker.example.org»"), es.err());
    }
}

package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;

class MarkdownTranscriptTest {
    @Test
    void transcriptNarratesAndExplainsErrnoInTheChosenLanguage() {
        Lesson lesson = LessonLoader.load("connection-refused");
        try (Lab lab = Lab.onThisMachine()) {
            new LessonRunner().run(lesson, lab);
            String es = MarkdownTranscript.render(lab.journal().snapshot(), Lang.ES, lesson.title().es());
            String en = MarkdownTranscript.render(lab.journal().snapshot(), Lang.EN, lesson.title().en());
            assertTrue(es.startsWith("# Conexión rechazada"), es);
            assertTrue(es.contains("> " + lesson.steps().get(1).narration().es()));
            assertTrue(en.contains("> " + lesson.steps().get(1).narration().en()));
            assertTrue(en.contains("**Client** `connect("), en);
            assertTrue(en.contains("= -1 ECONNREFUSED` — ECONNREFUSED: Connection refused"), en);
            assertFalse(en.contains("!cli."), "no missing keys");
        }
    }

    @Test
    void aListenersQueueReadsAsItsAcceptQueue() {
        var events = java.util.List.of(
                new org.socketlab.lab.Event(1, 1, "server",
                        new org.socketlab.lab.Payload.State(3, "CLOSED", "LISTEN", "tcp_info")),
                new org.socketlab.lab.Event(2, 2, "server", new org.socketlab.lab.Payload.Queue(3, 1, 5)),
                new org.socketlab.lab.Event(3, 3, "server", new org.socketlab.lab.Payload.Queue(4, 8, 0)));
        String md = MarkdownTranscript.render(events, org.socketlab.i18n.Lang.EN, "t");
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("fd 3: accept queue 1, backlog 5"), md);
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("fd 4: Recv-Q 8 bytes, Send-Q 0 bytes"), md);
    }

    @Test
    void aTimeWaitLineSaysLinuxKeepsItSixtySecondsWhereTheRfcSaysTwoMsl() {
        var events = java.util.List.of(new org.socketlab.lab.Event(1, 1, "client",
                new org.socketlab.lab.Payload.State(5, "FIN_WAIT_2", "TIME_WAIT", "sock_diag", 60_000L)));
        String es = MarkdownTranscript.render(events, org.socketlab.i18n.Lang.ES, "t");
        org.junit.jupiter.api.Assertions.assertTrue(es.contains(
                "**Cliente** fd 5: FIN_WAIT_2 -> TIME_WAIT — según sock_diag; Linux la mantiene 60 s fijos, donde RFC 9293 dice 2 MSL"),
                es);
    }

    @Test
    void aBindLineShowsTheSockaddrBytesWithThePortInNetworkOrder() {
        var bind = new org.socketlab.lab.Payload.Call("bind", 3, java.util.Map.of("addr", "127.0.0.1:5000"), 0, null,
                null, null, 0);
        String md = MarkdownTranscript.render(java.util.List.of(new org.socketlab.lab.Event(1, 1, "server", bind)),
                org.socketlab.i18n.Lang.EN, "t");
        String family = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? "02 00" : "00 02";
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("sockaddr_in as the kernel got it: `" + family
                + " 13 88 7f 00 00 01 00 00 00 00 00 00 00 00` (port `13 88` = `htons(5000)`, network byte order)"),
                md);
    }
}

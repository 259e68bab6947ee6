package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.ListeningSockets;

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
    void aFailedConnectsErrnoSentenceAndItsSockaddrBytesMakeOneLineWithoutAStrayFullStop() {
        var connect = new Payload.Call("connect", 3, Map.of("addr", "127.0.0.1:5000"), -1, 111,
                "ECONNREFUSED", null, 0);
        for (Lang lang : Lang.values()) {
            String md = MarkdownTranscript.render(List.of(new Event(1, 1, "client", connect)), lang, "t");
            assertTrue(md.contains("(UDP); sockaddr_in"), md);
            assertFalse(md.contains(".;"), md);
        }
    }

    @Test
    void aListenersQueueReadsAsItsAcceptQueue() {
        var events = List.of(
                new Event(1, 1, "server",
                        new Payload.State(3, "CLOSED", "LISTEN", "tcp_info")),
                new Event(2, 2, "server", new Payload.Queue(3, 1, 5)),
                new Event(3, 3, "server", new Payload.Queue(4, 8, 0)));
        String md = MarkdownTranscript.render(events, Lang.EN, "t");
        // The story's labels, the diagram's and the journal pane's: a listener's queue is its accept queue.
        Assertions.assertTrue(md.contains("fd 3: accept queue 1, backlog 5 — established connections waiting for"
                + " accept(); Linux lets backlog + 1 wait"), md);
        Assertions.assertTrue(md.contains("fd 4: Recv-Q 8, Send-Q 0\n"), md);
    }

    @Test
    void aTerminalLineOfAListenersQueueIsItsAcceptQueue() {
        ListeningSockets listeners = new ListeningSockets();
        Messages en = Messages.of(Lang.EN);
        MarkdownTranscript.plainLine(new Event(1, 1, "server", new Payload.State(3, "CLOSED", "LISTEN", "tcp_info")),
                en, listeners);
        Assertions.assertEquals("fd 3: accept queue 1, backlog 128 — established connections waiting for accept();"
                + " Linux lets backlog + 1 wait",
                MarkdownTranscript.plainLine(new Event(2, 2, "server", new Payload.Queue(3, 1, 128)), en, listeners));
    }

    @Test
    void aTimeWaitLineSaysLinuxKeepsItSixtySecondsWhereTheRfcSaysTwoMsl() {
        var events = List.of(new Event(1, 1, "client",
                new Payload.State(5, "FIN_WAIT_2", "TIME_WAIT", "sock_diag", 60_000L)));
        String es = MarkdownTranscript.render(events, Lang.ES, "t");
        Assertions.assertTrue(es.contains(
                "**Cliente** fd 5 TIME_WAIT 60 s — estaba en FIN_WAIT_2; según sock_diag; Linux la mantiene 60 s fijos,"
                        + " mientras que la RFC 9293 dice 2 MSL"),
                es);
    }

    @Test
    void aBindLineShowsTheSockaddrBytesWithThePortInNetworkOrder() {
        var bind = new Payload.Call("bind", 3, Map.of("addr", "127.0.0.1:5000"), 0, null,
                null, null, 0);
        String md = MarkdownTranscript.render(List.of(new Event(1, 1, "server", bind)),
                Lang.EN, "t");
        String family = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "02 00" : "00 02";
        Assertions.assertTrue(md.contains("sockaddr_in as the kernel got it: `" + family
                + " 13 88 7f 00 00 01 00 00 00 00 00 00 00 00` (port `13 88` = `htons(5000)`, network byte order)"),
                md);
    }

    /**
     * A tcp_info reading alone is no moment of the story on one machine: its terminal line tells its figures instead of
     * failing (serve's journal subscriber threw NoSuchElementException on every reading, seen in a whole CI run).
     */
    @Test
    void aTcpInfoReadingIsToldInOneLineOfItsOwn() {
        Event reading = new Event(7, 1_000, "client", new Payload.TcpInfo(3, null, 40, 20, 200_000, 10, null, 32768, 4,
                1, 65536L, Payload.TcpInfo.FROM_TCP_INFO, 0));
        String en = MarkdownTranscript.plainLine(reading, Messages.of(Lang.EN), new ListeningSockets());
        String es = MarkdownTranscript.plainLine(reading, Messages.of(Lang.ES), new ListeningSockets());
        assertTrue(en.contains("10") && en.contains("65536"), en);
        assertTrue(es.contains("10") && es.contains("65536") && !es.equals(en), es);
    }
}

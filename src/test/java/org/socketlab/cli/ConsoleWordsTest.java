package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonLoader;

/** What the console says is true of the lesson it runs (issue 20 §2): no port, no wire, no cancelled call that was not. */
class ConsoleWordsTest {
    @Test
    void anAfUnixLessonNamesNoPortAndNoCapturedWire() {
        for (String id : new String[]{"unix-domain", "seqpacket"}) {
            CliTest.Outcome run = CliTest.cli("run", id, "--lang", "en");
            assertEquals(0, run.exit(), run.out() + run.err());
            String first = run.out().lines().findFirst().orElseThrow();
            assertFalse(first.contains("(port"), first);
            assertTrue(run.out().contains("Wire: none. AF_UNIX sockets put nothing on a network"), run.out());
            assertFalse(run.out().contains("Wire: captured"), run.out());
        }
        CliTest.Outcome unix = CliTest.cli("run", "unix-domain", "--lang", "en");
        assertTrue(unix.out().contains("An AF_UNIX address has no port"), unix.out());
        assertFalse(unix.out().contains("its old connection is still in TIME_WAIT"), unix.out());
        CliTest.Outcome seq = CliTest.cli("run", "seqpacket", "--lang", "en");
        assertTrue(seq.out().contains("made with MSG_DONTWAIT"), seq.out());
        assertFalse(seq.out().contains("the socket is non-blocking"), seq.out());
    }

    @Test
    void aRawSocketLessonNamesNoPortAndItsResetCancelsNothing() {
        CliTest.Outcome run = CliTest.cli("run", "raw-socket", "--lang", "en");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertFalse(run.out().lines().findFirst().orElseThrow().contains("(port"), run.out());
        assertFalse(run.out().contains("waiting call given up"), run.out());
        CliTest.Outcome tcp = CliTest.cli("run", "connection-refused", "--lang", "en");
        assertTrue(tcp.out().lines().findFirst().orElseThrow().contains("(port"), tcp.out());
    }

    @Test
    void errnoIsExplainedAsItAppliesToTheCall() {
        Messages en = Messages.of(Lang.EN);
        Payload.Call unixBind = new Payload.Call("bind", 3, Map.of("addr", "/tmp/socketlab-5.sock"), -1, 98,
                "EADDRINUSE", null, 0);
        assertTrue(CallFormat.explain(unixBind, en).contains("An AF_UNIX address has no port"),
                CallFormat.explain(unixBind, en));
        assertFalse(CallFormat.explain(unixBind, en).contains("its old connection is still in TIME_WAIT"));
        Payload.Call inetBind = new Payload.Call("bind", 3, Map.of("addr", "127.0.0.1:5000"), -1, 98, "EADDRINUSE",
                null, 0);
        assertTrue(CallFormat.explain(inetBind, en).contains("TIME_WAIT"));
        Payload.Call dontWait = new Payload.Call("recv", 3, Map.of("len", "1024", "flags", "MSG_DONTWAIT"), -1, 11,
                "EAGAIN", null, 0);
        assertTrue(CallFormat.explain(dontWait, en).contains("MSG_DONTWAIT"), CallFormat.explain(dontWait, en));
        assertFalse(CallFormat.explain(dontWait, en).contains("the socket is non-blocking"));
        Payload.Call nonBlocking = new Payload.Call("recv", 3, Map.of("len", "1024", "flags", "0"), -1, 11, "EAGAIN",
                null, 0);
        assertTrue(CallFormat.explain(nonBlocking, en).contains("non-blocking"));
    }

    @Test
    void spanishSaysOneWordPerIdea() {
        Messages es = Messages.of(Lang.ES);
        assertEquals("CERRADO", Names.state("CLOSED", "BOUND", es), "no ASOCIADO -> CLOSED");
        assertEquals("CLOSED", Names.state("CLOSED", "ESTABLISHED", es), "TCP keeps RFC names");
        for (String id : LessonCatalog.IDS) {
            var lesson = LessonLoader.load(id);
            StringBuilder text = new StringBuilder(lesson.title().es()).append(' ').append(lesson.summary().es());
            for (var step : lesson.steps()) text.append(' ').append(step.narration().es());
            assertFalse(Pattern.compile("(?<![_\\w])flags?\\b").matcher(text).find(),
                    id + ": «indicador», never «flag»");
            assertFalse(text.toString().contains("socket crudo"), id + ": «socket raw», as the notes say");
        }
    }
}

package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.journal.JournalViewModel;

class JournalLineTest {
    private static final Messages EN = Messages.of(Lang.EN);
    private static final Messages ES = Messages.of(Lang.ES);

    static Event refusedConnect(long seq) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("addr", "127.0.0.1:5000");
        return new Event(seq, 0, "client", new Payload.Call("connect", 5, args, -1, 111, "ECONNREFUSED", null, 0));
    }

    @Test
    void aRefusedConnectReadsLikeStraceWithTheErrnoExplained() {
        JournalLine en = JournalLine.of(refusedConnect(1), EN);
        assertEquals(JournalLine.Kind.ERROR, en.kind());
        assertEquals("Client", en.who());
        assertEquals("connect(5, 127.0.0.1:5000) = -1 ECONNREFUSED (" + EN.get("errno.ECONNREFUSED") + ")", en.text());
        assertTrue(en.text().startsWith("connect(5, 127.0.0.1:5000) = -1 ECONNREFUSED (Connection refused"));

        JournalLine es = JournalLine.of(refusedConnect(1), ES);
        assertEquals("Cliente", es.who());
        assertEquals("connect(5, 127.0.0.1:5000) = -1 ECONNREFUSED (" + ES.get("errno.ECONNREFUSED") + ")", es.text());
    }

    @Test
    void aSuccessfulRecvShowsTheBytes() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("len", "1024");
        args.put("flags", "0");
        byte[] hola = "hola".getBytes(StandardCharsets.UTF_8);
        JournalLine line = JournalLine
                .of(new Event(8, 0, "server", new Payload.Call("recv", 6, args, 4, null, null, hola, 0)), EN);
        assertEquals(JournalLine.Kind.CALL, line.kind());
        assertEquals("Server", line.who());
        assertEquals("recv(6, \"hola\", 1024, 0) = 4", line.text());
    }

    @Test
    void blockedCancelledKernelAndNoteEventsHaveTheirOwnLines() {
        assertEquals("accept(3) ... blocked, waiting for a finished connection in the accept queue",
                JournalLine.of(new Event(1, 0, "server", new Payload.Blocked("accept", 3)), EN).text());
        assertEquals("accept(3) ... bloqueada, esperando una conexión establecida en la cola de aceptación",
                JournalLine.of(new Event(1, 0, "server", new Payload.Blocked("accept", 3)), ES).text());
        JournalLine cancelled = JournalLine
                .of(new Event(2, 0, "server", new Payload.Cancelled("accept", 3, 250_000_000L)), EN);
        assertEquals(JournalLine.Kind.CANCELLED, cancelled.kind());
        assertEquals("accept(3) cancelled after 250 ms — the endpoint was reset", cancelled.text());
        assertEquals("fd 4 ESTABLISHED — was SYN_SENT; reported by tcp_info",
                JournalLine
                        .of(new Event(3, 0, "client", new Payload.State(4, "SYN_SENT", "ESTABLISHED", "tcp_info")), EN)
                        .text());
        assertEquals("Cliente → Servidor [SYN, ACK] seq ? len 0 (deducido)",
                JournalLine.of(new Event(4, 0, "external", new Payload.Segment("client", "server", "tcp",
                        List.of("SYN", "ACK"), 1000L, 1L, 0, "inferred")), ES).text());
        JournalLine note = JournalLine
                .of(new Event(5, 0, "server", new Payload.Note(Map.of("es", "Hola", "en", "Hello"))), ES);
        assertEquals(JournalLine.Kind.NOTE, note.kind());
        assertEquals("Hola", note.text());
        assertEquals("Client 2", JournalLine.of(new Event(6, 0, "client-2", new Payload.Blocked("recv", 7)), EN).who());
        assertEquals("Cliente 2",
                JournalLine.of(new Event(6, 0, "client-2", new Payload.Blocked("recv", 7)), ES).who());
        assertEquals("Laboratorio",
                JournalLine
                        .of(new Event(7, 0, "lab",
                                new Payload.Capture("started", "tcpdump on loopback", "loopback", List.of())), ES)
                        .who());
        assertEquals(ES.get("cli.transcript.capture.started", "tcpdump en la interfaz de loopback de este ordenador"),
                JournalLine
                        .of(new Event(7, 0, "lab",
                                new Payload.Capture("started", "tcpdump on loopback", "loopback", List.of())), ES)
                        .text());
        assertEquals("fd 4 ASOCIADO — estaba en SIN ASOCIAR; según proc",
                JournalLine.of(new Event(8, 0, "client", new Payload.State(4, "UNBOUND", "BOUND", "proc")), ES).text());
    }

    @Test
    void theJournalViewModelRendersAgainWhenTheLanguageChanges() {
        Texts texts = new Texts(Lang.EN);
        JournalViewModel vm = new JournalViewModel(texts);
        vm.onEvents(List.of(refusedConnect(1), new Event(2, 0, "server", new Payload.Blocked("accept", 3))));
        assertEquals(2, vm.lines().size());
        assertTrue(vm.lines().get(0).text().contains("Connection refused"));
        assertEquals("accept(3) ... blocked, waiting for a finished connection in the accept queue",
                vm.lines().get(1).text());

        texts.langProperty().set(Lang.ES);
        assertEquals(2, vm.lines().size());
        assertEquals(JournalLine.of(refusedConnect(1), ES), vm.lines().get(0));
        assertEquals("accept(3) ... bloqueada, esperando una conexión establecida en la cola de aceptación",
                vm.lines().get(1).text());
    }
}

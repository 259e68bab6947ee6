package org.socketlab.ui.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.freePort;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.predict.FreeLabQuiz;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.endpoint.SocketCall;
import org.socketlab.ui.shell.JournalBridge;

/**
 * Predict mode in the free lab on a real Lab, no toolkit: the panes' call buttons ask first, the real call is made after
 * the answer, and the kernel's result in the journal judges it. The test thread drains the bridge as the FX thread would.
 */
class FreeLabPredictViewModelTest {
    private final Lab lab = Lab.onThisMachine();
    private final Texts texts = new Texts(Lang.EN);
    private final PredictViewModel predict = new PredictViewModel(texts, new FreeLabQuiz(lab.journal()));
    private final EndpointViewModel server = new EndpointViewModel(Lab.SERVER, lab.server(), lab.addressPolicy(),
            texts);
    private final EndpointViewModel client = new EndpointViewModel(Lab.CLIENT, lab.client(), lab.addressPolicy(),
            texts);
    private final JournalBridge bridge = new JournalBridge(lab.journal());

    FreeLabPredictViewModelTest() {
        bridge.addSink(predict::onEvents);
        bridge.addSink(server::onEvents);
        bridge.addSink(client::onEvents);
        server.setGate(predict.gate());
        client.setGate(predict.gate());
    }

    @AfterEach
    void tearDown() {
        bridge.close();
        lab.close();
    }

    /** Waits (margin for a loaded 2-core box) until the journal holds a matching event, then drains the bridge. */
    private Event await(Predicate<Event> matches) throws Exception {
        CompletableFuture<Event> seen = new CompletableFuture<>();
        try (Subscription s = lab.journal().subscribe(e -> {
            if (matches.test(e)) seen.complete(e);
        })) {
            lab.journal().snapshot().stream().filter(matches).findFirst().ifPresent(seen::complete);
            Event e = seen.get(60, TimeUnit.SECONDS);
            bridge.drain();
            return e;
        }
    }

    /** Presses a button without predict mode and waits for the call's result. */
    private Payload.Call press(EndpointViewModel pane, SocketCall call) throws Exception {
        long before = lab.journal().size();
        pane.run(call);
        assertEquals("", pane.messageProperty().get(), "the pane refused " + call);
        Event e = await(
                ev -> ev.seq() > before && ev.endpoint().equals(pane.name()) && ev.payload() instanceof Payload.Call c
                        && c.call().equals(call.cName()));
        return (Payload.Call) e.payload();
    }

    /** Without predict mode: a server listening on a free port, and a client socket to connect to it. */
    private void listeningServerAndAClientSocket() throws Exception {
        int port = freePort();
        server.portProperty().set(String.valueOf(port));
        client.portProperty().set(String.valueOf(port));
        press(server, SocketCall.SOCKET);
        press(server, SocketCall.BIND);
        press(server, SocketCall.LISTEN);
        press(client, SocketCall.SOCKET);
    }

    private static int option(Question q, String claim) {
        for (int i = 0; i < q.options().size(); i++) if (q.options().get(i).claim().text().equals(claim)) return i + 1;
        throw new AssertionError("no option claims " + claim + ": " + q.options());
    }

    /** Answers the question on screen and waits for its verdict in the journal. */
    private Payload.Quiz.Answer answer(int choice) throws Exception {
        long before = lab.journal().size();
        predict.answer(choice);
        assertNull(predict.questionProperty().get(), "answered: the question goes");
        Event e = await(ev -> ev.seq() > before && ev.payload() instanceof Payload.Note n
                && n.quiz() instanceof Payload.Quiz.Answer);
        await(ev -> ev.seq() > e.seq() && ev.payload() instanceof Payload.Note n
                && n.quiz() instanceof Payload.Quiz.Score);
        return (Payload.Quiz.Answer) ((Payload.Note) e.payload()).quiz();
    }

    private List<Event> notes(Class<? extends Payload.Quiz> kind) {
        return lab.journal().snapshot().stream()
                .filter(e -> e.payload() instanceof Payload.Note n && kind.isInstance(n.quiz())).toList();
    }

    @Test
    void aConnectToAClosedPortIsAskedFirstAndJudgedByTheKernelNotByTheAnswer() throws Exception {
        int port = freePort();
        predict.freeLabEnabledProperty().set(true);
        press(client, SocketCall.SOCKET); // socket() asks nothing: it is made at once
        assertNull(predict.questionProperty().get());
        client.portProperty().set(String.valueOf(port));

        long before = lab.journal().size();
        client.run(SocketCall.CONNECT);
        Question q = predict.questionProperty().get();
        assertNotNull(q, "connect() asks before it is made");
        assertEquals(before, lab.journal().size(), "nothing is called or journaled before the answer");
        assertTrue(predict.cancellableProperty().get());
        assertEquals("Predict: connect() is called now. What happens?", predict.prompt().get());
        List<String> claims = q.options().stream().map(o -> o.claim().text()).toList();
        assertTrue(claims.containsAll(List.of("0", "-1 ECONNREFUSED", "blocked")), "options from the call: " + claims);
        assertTrue(q.options().stream()
                .anyMatch(o -> o.label().in(texts.messages()).equals("It waits: connect() does not return yet")));

        // Another press while the question waits makes no call.
        client.run(SocketCall.CLOSE);
        assertEquals(texts.messages().get("predict.ui.answerFirst"), client.messageProperty().get());
        assertEquals(before, lab.journal().size());

        Payload.Quiz.Answer a = answer(option(q, "blocked"));
        assertEquals(FreeLabQuiz.LESSON, a.lesson());
        assertEquals("-1 ECONNREFUSED", a.kernel(), "the kernel answered, not the student");
        assertEquals(List.of(option(q, "-1 ECONNREFUSED")), a.right());
        assertEquals(option(q, "blocked"), a.chosen());
        assertTrue(predict.result().get().startsWith(
                "Prediction 1: Not this time. You said \"It waits: connect() does not return yet\"; the kernel: It returns -1 ECONNREFUSED."),
                predict.result().get());
        assertTrue(predict.result().get().endsWith("Predict mode, free lab: 0 of 1 right."), predict.result().get());

        // In the journal: the question, then the real call, then the verdict and the score.
        List<Event> all = lab.journal().after(before);
        int asked = indexOf(all, e -> e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Asked);
        int call = indexOf(all, e -> e.payload() instanceof Payload.Call c && c.call().equals("connect") && c.failed());
        int verdict = indexOf(all,
                e -> e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer);
        assertTrue(asked >= 0 && asked < call && call < verdict, "question, call, verdict: " + all);
    }

    @Test
    void theObviousAnswersAreWrongConnectDoesNotWaitForAcceptAndCloseWithUnreadDataSendsRst() throws Exception {
        listeningServerAndAClientSocket();
        predict.freeLabEnabledProperty().set(true);

        client.run(SocketCall.CONNECT);
        Question connect = predict.questionProperty().get();
        Payload.Quiz.Answer waitsForAccept = answer(option(connect, "blocked"));
        assertEquals("0", waitsForAccept.kernel(),
                "connect() returns once the kernel did the handshake, before any accept()");
        assertEquals(List.of(option(connect, "0")), waitsForAccept.right());

        server.run(SocketCall.ACCEPT);
        Payload.Quiz.Answer accepted = answer(option(predict.questionProperty().get(), "fd"));
        assertTrue(accepted.right().contains(accepted.chosen()),
                "accept() of a queued connection returns at once: " + accepted);

        client.run(SocketCall.SEND);
        Question send = predict.questionProperty().get();
        assertEquals(">= 1", send.options().get(option(send, ">= 1") - 1).claim().text());
        answer(option(send, ">= 1"));

        // The server closes the connection with the client's bytes unread: not a FIN.
        server.run(SocketCall.CLOSE);
        Question close = predict.questionProperty().get();
        assertEquals(Question.Topic.WIRE, close.topic());
        assertEquals("Predict: what will close() put on the wire?", predict.prompt().get());
        Payload.Quiz.Answer fin = answer(option(close, "FIN"));
        assertEquals("RST", fin.kernel(), "close() with unread data aborts the connection");
        assertFalse(fin.right().contains(fin.chosen()));

        // recv() on the client: its peer reset the connection, so it does not wait.
        client.run(SocketCall.RECV);
        Question recv = predict.questionProperty().get();
        Payload.Quiz.Answer waits = answer(option(recv, "blocked"));
        assertEquals("-1 ECONNRESET", waits.kernel());
        assertEquals(List.of(option(recv, "-1 ECONNRESET")), waits.right(),
                "recv() on a connected TCP socket offers ECONNRESET (what it can really return), so the question counts");

        Payload.Quiz.Score last = (Payload.Quiz.Score) ((Payload.Note) notes(Payload.Quiz.Score.class).getLast()
                .payload()).quiz();
        assertEquals(new Payload.Quiz.Score(FreeLabQuiz.LESSON, 2, 5, true), last, "the running score of the session");
    }

    @Test
    void recvWithNoDataIsJudgedWhenTheKernelMakesItWaitAndCancelMakesNoCall() throws Exception {
        listeningServerAndAClientSocket();
        press(client, SocketCall.CONNECT);
        press(server, SocketCall.ACCEPT);
        predict.freeLabEnabledProperty().set(true);

        long before = lab.journal().size();
        client.run(SocketCall.SHUTDOWN);
        assertNotNull(predict.questionProperty().get());
        predict.cancel();
        assertNull(predict.questionProperty().get());
        assertFalse(predict.cancellableProperty().get());
        client.run(SocketCall.GETSOCKNAME); // asks nothing: made at once, and shows nothing was made for the cancelled one
        await(e -> e.seq() > before && e.payload() instanceof Payload.Call c && c.call().equals("getsockname"));
        assertTrue(lab.journal().after(before).stream()
                .noneMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("shutdown")
                        || e.payload() instanceof Payload.Note),
                "Cancel: no call, no note");

        client.run(SocketCall.RECV);
        Question recv = predict.questionProperty().get();
        Payload.Quiz.Answer a = answer(option(recv, "blocked"));
        assertEquals("blocked", a.kernel());
        assertEquals(List.of(option(recv, "blocked")), a.right());
        assertEquals(
                "Prediction 1: Right! The kernel: It waits until data arrives.\nPredict mode, free lab: 1 of 1 right.",
                predict.result().get());
        texts.langProperty().set(Lang.ES);
        assertEquals(
                "Predicción 1: ¡Correcto! El núcleo: Se bloquea hasta que lleguen datos.\nModo predicción, laboratorio libre: 1 de 1 correctas.",
                predict.result().get());
    }

    @Test
    void theScoreGoesToTheJournalFileAndComesBackTheSame() throws Exception {
        predict.freeLabEnabledProperty().set(true);
        press(client, SocketCall.SOCKET);
        client.portProperty().set(String.valueOf(freePort()));
        client.run(SocketCall.CONNECT);
        answer(option(predict.questionProperty().get(), "-1 ECONNREFUSED"));

        StringWriter file = new StringWriter();
        JournalJsonl.write(lab.journal().snapshot(), file);
        List<Event> read = JournalJsonl.read(new StringReader(file.toString()));
        List<Payload.Quiz> quiz = read.stream().filter(e -> e.payload() instanceof Payload.Note n && n.quiz() != null)
                .map(e -> ((Payload.Note) e.payload()).quiz()).toList();
        assertEquals(3, quiz.size(), "question, verdict, score: " + quiz);
        assertEquals(new Payload.Quiz.Score(FreeLabQuiz.LESSON, 1, 1, true), quiz.get(2));
        Payload.Quiz.Answer a = (Payload.Quiz.Answer) quiz.get(1);
        assertEquals("-1 ECONNREFUSED", a.kernel());
        assertEquals("-", a.expected(), "the free lab has no lesson to expect anything");
        assertEquals(notes(Payload.Quiz.Answer.class).getFirst().payload(), read.stream()
                .filter(e -> e.payload() instanceof Payload.Note n && n.quiz() instanceof Payload.Quiz.Answer)
                .findFirst().orElseThrow().payload());

        // A new session starts the score again.
        predict.sessionStarted();
        assertEquals("", predict.result().get());
    }

    private static int indexOf(List<Event> events, Predicate<Event> p) {
        for (int i = 0; i < events.size(); i++) if (p.test(events.get(i))) return i;
        return -1;
    }
}

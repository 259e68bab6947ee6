package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.testing.Await;

/**
 * The facts the narration states, in both languages, and, where the lab can make the call, the kernel doing what
 * the narration says (the lessons' own expectations check the rest when LessonsTest runs them).
 */
class NarrationFactsTest {

    @Test
    void everyFactIsToldInBothLanguages() {
        says("half-close", "RFC 1945", "7.2.2", "Content-Length");
        says("half-close", "SIGPIPE", "MSG_NOSIGNAL", "EPIPE");
        says("address-in-use", "SO_REUSEADDR");
        says("udp-truncation", "MSG_TRUNC", "FIONREAD");
        says("nonblocking", "EISCONN", "BSD", "macOS", "SO_ERROR");
        says("udp-port-unreachable", "IP_RECVERR");
        says("unix-domain", "EPIPE", "ECONNRESET", "SIGPIPE");
        says("reset-on-unread-close", "RFC 9293", "3.6.1", "RFC 1122", "4.2.2.13");
        says("time-wait", "2 MSL", "60");
        says("iterative-server", "TIME_WAIT", "LAST_ACK", "2 MSL"); // why the iterative server's side ends in TIME_WAIT
        says("flow-control", "FIN", "RFC 9293", "3.4");
        // Issue 41 item 7: Rust's std sets SO_REUSEADDR and sends with MSG_NOSIGNAL; F_GETFL before F_SETFL; the
        // length prefix is in network byte order; strace names send/recv sendto/recvfrom.
        says("rust-std-net", "SO_REUSEADDR", "MSG_NOSIGNAL", "BrokenPipe");
        says("write-to-closed-peer", "MSG_NOSIGNAL", "rust-std-net");
        says("nonblocking", "F_GETFL");
        says("tcp-framing", "htons", "ntohs");
        says("read-write", "sendto", "recvfrom");
        says("byte-order", "htons", "ntohs", "inet_pton", "inet_ntop", "ECONNREFUSED");
        says("backlog-across-systems", "backlog + 1", "somaxconn", "WSAECONNREFUSED", "tcp_abort_on_overflow",
                "3 × backlog / 2");
        for (Lang lang : Lang.values()) {
            // Queue sizes depend on when they are read: the narration states none as a fact (issue 20 §2).
            String flow = text(LessonLoader.load("flow-control"), lang);
            for (String measured : List.of("12288", "8193", "= 4096", "6144"))
                assertFalse(flow.contains(measured), lang.code() + ": flow-control states " + measured);
        }
        for (String id : List.of("backlog-full", "multiple-clients", "tcp-basics"))
            says(id, "backlog + 1", "somaxconn");
        for (String id : List.of("backlog-full", "connection-refused", "nonblocking")) says(id, "RST");
        for (Lang lang : Lang.values()) {
            String all = String.join("\n",
                    LessonCatalog.IDS.stream().map(id -> text(LessonLoader.load(id), lang)).toList());
            assertFalse(all.contains("RFC 2525"), "RST on unread data is RFC 9293 3.6.1 / RFC 1122, not RFC 2525");
            // "up to backlog" contradicts backlog-full, where a backlog of 1 holds 2 connections.
            assertFalse(Pattern.compile("(?i)up to (5|backlog) connections|hasta (5|backlog) conexiones").matcher(all)
                    .find(), lang.code());
        }
        String es = String.join("\n",
                LessonCatalog.IDS.stream().map(id -> text(LessonLoader.load(id), Lang.ES)).toList());
        assertFalse(Pattern.compile("(?i)reinicia(da|do)? por el otro|inferid|diario").matcher(es).find(),
                "one Spanish word per idea: RST aborts (the Reset button is Reiniciar), deducido, registro");
        for (String key : List.of("ui.call.listen.doc", "story.queue.listener.meaning"))
            for (Lang lang : Lang.values())
                assertTrue(Messages.of(lang).get(key, "3", "1", "5").contains("backlog + 1"), key);
        for (Lang lang : Lang.values()) {
            String epipe = Messages.of(lang).get("errno.EPIPE");
            assertTrue(epipe.contains("SIGPIPE") && epipe.contains("MSG_NOSIGNAL"), epipe);
        }
    }

    @Test
    void aBlockedCallSaysWhatItWaitsFor() {
        Messages en = Messages.of(Lang.EN), es = Messages.of(Lang.ES);
        assertTrue(en.get(CallFormat.waitsForKey("connect")).contains("SYN-ACK"));
        assertTrue(es.get(CallFormat.waitsForKey("connect")).contains("SYN-ACK"));
        assertTrue(en.get(CallFormat.waitsForKey("send")).contains("send buffer"));
        assertTrue(es.get(CallFormat.waitsForKey("send")).contains("búfer de envío"));
        for (String call : List.of("accept", "connect", "send", "sendto", "recv", "recvfrom"))
            assertFalse(en.get(CallFormat.waitsForKey(call)).contains("nothing for it"), call);
    }

    @Test
    void theFinTakesOneByteOfSendQueueBehindTheDataTheReaderLeft() throws InterruptedException {
        // The lesson up to the client's close (step 11): the connection stays in FIN_WAIT_1 while the lab is open.
        Lesson whole = LessonLoader.load("flow-control");
        Lesson untilFinWait = new Lesson(whole.id(), whole.title(), whole.summary(), whole.steps().subList(0, 11));
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(untilFinWait, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            // The send that was given up returned how many bytes the kernel took; the reader kept some in its recv-q.
            long sent = calls(lab.journal().snapshot(), "client", "send").getLast().result();
            // The receiver's ACK may be delayed (up to 200 ms on Linux): the identity holds once it has arrived.
            long[] unread = new long[1], finWait = new long[1];
            Await.untilJournaled(lab.journal(), Duration.ofSeconds(10), () -> {
                List<Event> journal = lab.journal().snapshot();
                unread[0] = lastQueue(journal, "server", q -> q.sendQ() == 0 && q.recvQ() > 0).recvQ(); // not the listener
                finWait[0] = lastQueue(journal, "client", q -> q.sendQ() > 0).sendQ();
                return finWait[0] == sent - unread[0] + 1;
            }, () -> "send-q in FIN_WAIT_1 = bytes not yet acknowledged + 1 for the FIN (" + sent + " sent, "
                    + unread[0] + " unread, " + finWait[0] + " in FIN_WAIT_1)");
            assertTrue(sent > unread[0] && unread[0] > 0, sent + " sent, " + unread[0] + " unread");
        }
    }

    @Test
    void theKernelDoesWhatTheNarrationSays() {
        // Each of these steps would fail its lesson if the kernel did otherwise; here they are named one by one.
        step("nonblocking", "connect", -1, "EISCONN");
        step("udp-port-unreachable", "send", -1, "ECONNREFUSED");
        step("half-close", "send", -1, "EPIPE");
        step("unix-domain", "recv", -1, "ECONNRESET");
        step("unix-domain", "send", -1, "EPIPE");
        List<Payload.Call> binds = calls(run("address-in-use"), "server", "bind");
        assertEquals(0, binds.getLast().result(), "two SO_REUSEADDR sockets share an address while neither listens");
        List<Payload.Call> listens = calls(run("address-in-use"), "server", "listen");
        assertEquals("EADDRINUSE", listens.getLast().errnoName(), "until one of them listens");
    }

    private static void step(String lesson, String call, long result, String errno) {
        Lesson l = LessonLoader.load(lesson);
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(l, lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            assertTrue(report.steps().stream().anyMatch(s -> s.step().call() != null && s.step().call().equals(call)
                    && s.step().expect().result() instanceof Expect.Result.Exact x && x.value() == result
                    && errno.equals(x.errno())),
                    lesson + " has a " + call + " step expecting " + result + " " + errno);
        }
    }

    private static void says(String id, String... facts) {
        Lesson lesson = LessonLoader.load(id);
        for (Lang lang : Lang.values()) {
            String text = text(lesson, lang);
            for (String fact : facts) assertTrue(text.contains(fact), id + " (" + lang.code() + ") says " + fact);
        }
    }

    private static String text(Lesson lesson, Lang lang) {
        List<String> all = new ArrayList<>(
                List.of(lesson.title().byCode().get(lang.code()), lesson.summary().byCode().get(lang.code())));
        for (Step s : lesson.steps()) all.add(s.narration().byCode().get(lang.code()));
        return String.join("\n", all);
    }

    private static List<Event> run(String id) {
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            return lab.journal().snapshot();
        }
    }

    private static List<Payload.Call> calls(List<Event> journal, String endpoint, String call) {
        return journal.stream().filter(
                e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c && c.call().equals(call))
                .map(e -> (Payload.Call) e.payload()).toList();
    }

    private static Payload.Queue lastQueue(List<Event> journal, String endpoint,
            Function<Payload.Queue, Boolean> which) {
        Payload.Queue last = null;
        for (Event e : journal)
            if (e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Queue q && which.apply(q)) last = q;
        assertTrue(last != null, "no queue of " + endpoint);
        return last;
    }
}

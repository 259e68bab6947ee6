package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.TcpFlag;

/**
 * The truth of the link lessons' sentences (issue 76 item 3), computed here from the run's journal without
 * {@link RunFacts}, each the way the review measured it, and held against what the lesson said of that run in English and
 * in Spanish: round-trip's "other N ms" and the server's ACK delay, a transfer's time from its first segment out to its
 * last in, slow-start's peak against its threshold, loss-burst's closing from what its run did, udp-jitter's order.
 * Used on saved runs ({@link LinkSentencesTest}) and on real ones ({@link LinkLessonsTest}).
 */
final class LinkSentenceTruths {
    private LinkSentenceTruths() {
    }

    static List<String> said(List<Event> events, String lang) {
        return events.stream().filter(e -> e.endpoint().equals("lab") && e.payload() instanceof Payload.Note)
                .map(e -> ((Payload.Note) e.payload()).text().get(lang)).toList();
    }

    private static String sentence(List<Event> events, String lang, String start, String how) {
        return said(events, lang).stream().filter(t -> t != null && t.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError(how + ": no sentence starting " + start + ": "
                        + said(events, lang)));
    }

    static List<Payload.Segment> captured(List<Event> events, String from) {
        return events.stream().map(Event::payload).filter(p -> p instanceof Payload.Segment s && s.captured()
                && s.from().equals(from)).map(p -> (Payload.Segment) p).toList();
    }

    private static Payload.Call call(List<Event> events, String endpoint, String name, int nth) {
        return events.stream().filter(e -> e.endpoint().equals(endpoint) && e.payload() instanceof Payload.Call c
                && c.call().equals(name)).map(e -> (Payload.Call) e.payload()).toList().get(nth);
    }

    /** A number as the sentences write it, in that language (one decimal under 10, a comma in Spanish). */
    static String number(double v, String lang) {
        return RunExpr.format(v, "es".equals(lang) ? Lang.ES : Lang.EN);
    }

    /** The figure after {@code before} in the text, read back (a Spanish comma too). */
    static double figureAfter(String text, String before, String how) {
        Matcher m = Pattern.compile(Pattern.quote(before) + "(-?\\d+(?:[.,]\\d+)?)").matcher(text);
        assertTrue(m.find(), how + ": no figure after \"" + before + "\" in: " + text);
        return Double.parseDouble(m.group(1).replace(',', '.'));
    }

    /**
     * round-trip: the handshake's round trip is the SYN's crossing plus the SYN-ACK's; what connect() waited beyond it is
     * said as "the other N ms" (connect's wait minus the RTT); the server's ACK left N ms after the data arrived at h2.
     */
    static void roundTrip(List<Event> events, String how) {
        Payload.Segment syn = captured(events, "client").stream().filter(s -> s.has(TcpFlag.SYN)).findFirst()
                .orElseThrow();
        Payload.Segment synAck = captured(events, "server").stream().filter(s -> s.has(TcpFlag.SYN)).findFirst()
                .orElseThrow();
        double rtt = (syn.arrivalNs() - syn.wireNs() + synAck.arrivalNs() - synAck.wireNs()) / 1e6;
        double waited = call(events, "client", "connect", 0).blockedNs() / 1e6;
        for (String lang : List.of("en", "es")) {
            String connect = sentence(events, lang, "es".equals(lang) ? "connect() volvió" : "connect() returned", how);
            if (connect.contains("es".equals(lang) ? "los otros " : "the other ")) {
                double other = figureAfter(connect, "es".equals(lang) ? "los otros " : "the other ", how);
                assertEquals(waited - rtt, other, 1.0, how + ": connect waited " + waited + " ms, RTT " + rtt
                        + ": " + connect);
            } else
                assertTrue(waited <= rtt + 16, how + ": " + waited + " ms against an RTT of " + rtt + ": " + connect);
        }
        Payload.Segment data = captured(events, "client").stream().filter(s -> s.len() == 4).findFirst()
                .orElseThrow();
        Payload.Segment ack = captured(events, "server").stream().filter(s -> s.ackNo() != null
                && s.ackNo() == data.seqNo() + 4).findFirst().orElseThrow();
        double held = (ack.departureNs() - data.arrivalNs()) / 1e6;
        assertTrue(held >= 0, how + ": the ACK left before the data came: " + held);
        for (String lang : List.of("en", "es")) {
            String send = sentence(events, lang, "es".equals(lang) ? "send() devolvió" : "send() returned", how);
            String before = "es".equals(lang)
                    ? "el núcleo del servidor envió su ACK "
                    : "the server's kernel sent its ACK ";
            if (send.contains(before))
                assertEquals(held, figureAfter(send, before, how), Math.max(0.1, held * 0.05),
                        how + ": the ACK left " + held + " ms after the data arrived: " + send);
        }
    }

    /** From the first data segment {@code from} sent leaving its machine to the last data segment arriving, in ms. */
    static double transferMs(List<Event> events, String from) {
        List<Payload.Segment> data = captured(events, from).stream().filter(s -> s.len() > 0).toList();
        long last = data.stream().filter(s -> !s.neverArrived()).mapToLong(Payload.Segment::arrivalNs).max()
                .orElseThrow();
        return (last - data.getFirst().wireNs()) / 1e6;
    }

    /** A transfer's "took N ms" within 15 % of the transfer as captured, and shorter than the server's recv() waited. */
    static void transfer(List<Event> events, String startEn, String startEs, String how) {
        double truth = transferMs(events, "client");
        double recv = call(events, "server", "recv", 0).blockedNs() / 1e6;
        for (String lang : List.of("en", "es")) {
            String text = sentence(events, lang, "es".equals(lang) ? startEs : startEn, how);
            double said = figureAfter(text, "es".equals(lang) ? " bytes tardaron " : " bytes took ", how);
            assertEquals(truth, said, truth * 0.15, how + ": the transfer took " + truth + " ms: " + text);
            assertTrue(said < recv, how + ": " + said + " ms is not recv()'s wait (" + recv + " ms): " + text);
        }
    }

    /**
     * slow-start: the peak it states is at least twice the threshold it states, less 2 (Reno halves the window; the
     * lab's TCP here), and no less than the most unacknowledged segments tcp_info showed.
     */
    static void slowStart(List<Event> events, String how) {
        long unacked = events.stream().filter(e -> e.endpoint().equals("client")
                && e.payload() instanceof Payload.TcpInfo).mapToLong(e -> ((Payload.TcpInfo) e.payload()).unacked())
                .max().orElseThrow();
        for (String lang : List.of("en", "es")) {
            String text = sentence(events, lang, "es".equals(lang)
                    ? "La ventana de congestión empezó"
                    : "The congestion window started", how);
            boolean peak = text.contains("es".equals(lang) ? "la captura vio hasta " : "the capture saw up to ");
            double stated = peak
                    ? figureAfter(text, "es".equals(lang) ? "la captura vio hasta " : "the capture saw up to ", how)
                    : figureAfter(text, "es".equals(lang) ? "hasta al menos " : "to at least ", how);
            if (text.contains("ssthresh")) {
                double threshold = figureAfter(text, "es".equals(lang) ? "aquí hasta " : "here down to ", how);
                // The peak said: the capture's, or, where the samples miss it, the one Reno's halving tells.
                String told = "es".equals(lang) ? "había llegado al menos a " : "had reached at least ";
                double top = text.contains(told) ? figureAfter(text, told, how) : stated;
                assertTrue(top >= 2 * threshold - 2, how + ": a peak of " + top + " under a threshold of " + threshold
                        + " (Reno halves): " + text);
                if (text.contains(told)) assertEquals(2 * threshold, top, 0.0, how + ": " + text);
            }
            if (peak) assertTrue(stated + 1 >= unacked, how + ": tcp_info saw " + unacked + " unacked: " + text);
        }
        if (said(events, "en").stream().anyMatch(t -> t != null && t.contains(" bytes took ")))
            transfer(events, "The congestion window", "La ventana de congestión", how);
    }

    /**
     * loss-burst: the middle burst's round trips, whether the tail's probe arrived and whether a timer sent the rest are
     * said as the capture shows them; no general claim ("recovered in one RTT", "RTO only if the probe is lost").
     */
    static void lossBurst(List<Event> events, String how) {
        double rtt = handshakeRttMs(events, "client");
        double middle = resentAfterFirstCopyMs(captured(events, "client")).stream().mapToDouble(d -> d).max()
                .orElseThrow();
        long rounds = Math.max(1, Math.round(middle / rtt));
        List<Payload.Segment> tail = captured(events, "client-2").stream().filter(s -> s.len() > 0).toList();
        boolean wholeFlight = tail.get(0).neverArrived() && tail.get(1).neverArrived();
        for (String lang : List.of("en", "es")) {
            boolean es = "es".equals(lang);
            String one = sentence(events, lang, es ? "Primera conexión: " : "First connection: ", how);
            if (rounds == 1)
                assertTrue(one.contains(es ? "en un viaje de ida y vuelta" : "within one round trip")
                        || !one.contains(es ? "Todas esas copias" : "Every one of those"), how + ": " + one);
            else
                assertFalse(one.contains(es ? "en un viaje de ida y vuelta" : "within one round trip"),
                        how + ": " + middle + " ms, " + rounds + " round trips: " + one);
            String two = sentence(events, lang, es ? "Segunda conexión: " : "Second connection: ", how);
            for (String general : List.of("is recovered in one RTT", "if that is lost too", "se recupera en un RTT",
                    "si también se pierde"))
                assertFalse(two.contains(general), how + ": " + two);
            if (!wholeFlight) continue;
            assertEquals(rounds, figureAfter(two, es ? "primeras copias, " : "first copies, ", how), 0.0,
                    how + ": " + two);
            Payload.Segment probe = firstResent(tail);
            boolean arrived = !probe.neverArrived();
            if (two.contains(es ? "sonda de pérdida de cola" : "tail loss probe")) {
                assertEquals(arrived, two.contains(es ? "la sonda llegó" : "the probe arrived"), how + ": " + two);
                assertEquals(!arrived, two.contains(es ? "perdió también la sonda" : "lost the probe too"),
                        how + ": " + two);
            }
        }
    }

    private static double handshakeRttMs(List<Event> events, String from) {
        Payload.Segment syn = captured(events, from).stream().filter(s -> s.has(TcpFlag.SYN)).toList().getLast();
        Payload.Segment synAck = events.stream().map(Event::payload).filter(p -> p instanceof Payload.Segment s
                && s.captured() && s.to().equals(from) && s.has(TcpFlag.SYN)).map(p -> (Payload.Segment) p)
                .findFirst().orElseThrow();
        return (synAck.arrivalNs() - syn.wireNs()) / 1e6;
    }

    private static List<Double> resentAfterFirstCopyMs(List<Payload.Segment> sent) {
        Map<Long, Long> first = new HashMap<>();
        List<Double> after = new ArrayList<>();
        for (Payload.Segment s : sent) {
            if (s.len() == 0) continue;
            Long was = first.putIfAbsent(s.seqNo(), s.wireNs());
            if (was != null) after.add((s.wireNs() - was) / 1e6);
        }
        return after;
    }

    private static Payload.Segment firstResent(List<Payload.Segment> data) {
        List<Long> seen = new ArrayList<>();
        for (Payload.Segment s : data) {
            if (seen.contains(s.seqNo())) return s;
            seen.add(s.seqNo());
        }
        throw new AssertionError("nothing sent again: " + data);
    }

    /** udp-jitter: the order told is the order recvfrom() returned, and "UDP keeps the order" is never the right answer. */
    static void udpJitter(Lesson lesson, List<Event> events, String how) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            got.add(new String(call(events, "server", "recvfrom", i).data(), StandardCharsets.UTF_8).substring(0, 1));
        String order = String.join(", ", got);
        assertTrue(sentence(events, "en", "recvfrom() returned", how).contains(order), how + ": " + order);
        assertTrue(sentence(events, "es", "recvfrom() devolvió", how).contains(order), how + ": " + order);
        for (String lang : List.of("en", "es"))
            for (String t : said(events, lang))
                assertFalse(t != null && (t.contains("does not reorder") || t.contains("no los reordena")), t);
        assertEquals(List.of(got.equals(got.stream().sorted().toList()) ? 3 : 2), rightOptions(lesson, events), how);
    }

    /** The options of udp-jitter's step-10 question the run makes right (1-based). */
    static List<Integer> rightOptions(Lesson lesson, List<Event> events) {
        Question q = lesson.questions().get(10).getFirst();
        RunFacts facts = RunFacts.of(lesson, events).asOf(q.judgedAfter());
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < q.options().size(); i++)
            if (q.options().get(i).claim() instanceof Claim.Run r && r.condition().holds(facts, q.judgedAfter()))
                right.add(i + 1);
        return right;
    }
}

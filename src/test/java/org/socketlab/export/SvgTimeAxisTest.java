package org.socketlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The SVG drawn to the link's time (issue 60): a segment's arrow lands as far below where it left as the crossing took
 * on the ruler's scale, a call that waited a round trip returns that far below where it started, a long quiet gap is
 * folded and says so, and a journal of one machine keeps its rows.
 */
class SvgTimeAxisTest {
    private static final long MS = 1_000_000, T = 5_000 * MS;
    private final List<Event> events = new ArrayList<>();

    private void add(long atNs, String endpoint, Payload payload) {
        events.add(new Event(events.size() + 1, atNs, endpoint, payload));
    }

    private static Payload.Segment segment(String from, String to, List<String> flags, long seq, Long ack,
            long leftNs) {
        String client = "10.77.0.1:40000", server = "10.77.0.2:5000";
        boolean toServer = from.equals("client");
        return new Payload.Segment(from, to, "tcp", flags, seq, ack, 0, "captured", 64240, toServer ? client : server,
                toServer ? server : client, leftNs);
    }

    /** A connect over a link of 50 ms each way: SYN, SYN-ACK, ACK, the connect() returning after one round trip. */
    private void handshake(long delayNs) {
        add(T - 10 * MS, "lab", new Payload.Capture("started", "tcpdump"));
        add(T - 5 * MS, "client", new Payload.Call("socket", null, Map.of("domain", "AF_INET", "type", "SOCK_STREAM"),
                3, null, null, null, 0, T - 5 * MS - 20_000));
        add(T + MS / 2, "client", new Payload.Blocked("connect", 3));
        Payload.Segment syn = segment("client", "server", List.of("SYN"), 1000, null, T + 50_000);
        add(T + MS, "client", delayNs > 0 ? syn.withArrival(T + 50_000 + delayNs) : syn);
        long synAckLeft = T + 50_000 + delayNs + 100_000;
        Payload.Segment synAck = segment("server", "client", List.of("SYN", "ACK"), 7000, 1001L, synAckLeft);
        add(synAckLeft + delayNs + MS, "server", delayNs > 0 ? synAck.withArrival(synAckLeft + delayNs) : synAck);
        long ackLeft = synAckLeft + delayNs + 80_000;
        Payload.Segment ack = segment("client", "server", List.of("ACK"), 1001, 7001L, ackLeft);
        add(ackLeft + MS, "client", delayNs > 0 ? ack.withArrival(ackLeft + delayNs) : ack);
        add(ackLeft + 2 * MS, "client", new Payload.Call("connect", 3, Map.of("addr", "10.77.0.2:5000"), 0, null, null,
                null, ackLeft + 150_000 - T, T));
    }

    private static double number(String svg, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(svg);
        assertTrue(m.find(), pattern + " in\n" + svg);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void arrowsLandAsLongAfterTheyLeftAsTheCrossingTookOnTheRulersScale() {
        handshake(50 * MS);
        String svg = SvgDiagram.render(events, Lang.EN, "tcp-basics");
        double pxPerMs = number(svg, "class=\"ruler\" data-px-per-ms=\"([0-9.]+)\"");
        double left = number(svg, "data-event=\"4\" data-left-y=\"([0-9.]+)\""),
                arrived = number(svg, "data-event=\"4\" data-left-y=\"[0-9.]+\" data-arrived-y=\"([0-9.]+)\"");
        assertEquals(50, (arrived - left) / pxPerMs, 2, "the SYN crosses in 50 ms on the ruler's scale");
        // connect() waited from its start (the blocked bar's top) to its return, the arrow back to the program.
        double waitTop = number(svg, "<rect class=\"blocked\" x=\"[0-9.]+\" y=\"([0-9.]+)\"");
        double returned = number(svg,
                "id=\"event-7\" data-number=\"\\d+\">\\n(?:.*\\n)*?<line class=\"return\" x1=\"[0-9.]+\" y1=\"([0-9.]+)\"");
        assertEquals(100.3, (returned - waitTop) / pxPerMs, 2, "connect() returns one round trip below its start");
        assertTrue(svg.contains("ruler on the left counts milliseconds"), "the scale is said in the header");
        assertTrue(svg.contains(">10 ms</text>") || svg.contains(">20 ms</text>"), "the ruler is labelled");
        assertTrue(SvgDiagram.render(events, Lang.ES, "tcp-basics").contains("la regla de la izquierda cuenta"),
                "the scale is said in Spanish too");
    }

    @Test
    void aLongQuietGapIsFoldedAndSaysHowLong() {
        handshake(50 * MS);
        long later = T + 3_000 * MS;
        add(later, "client", new Payload.Call("close", 3, Map.of(), 0, null, null, null, 0, later - 20_000));
        String svg = SvgDiagram.render(events, Lang.EN, "tcp-basics");
        assertTrue(svg.contains("class=\"fold\""), "a 3 s gap is folded");
        assertTrue(svg.contains("left out, not to scale"), svg);
        double pxPerMs = number(svg, "class=\"ruler\" data-px-per-ms=\"([0-9.]+)\"");
        double height = number(svg, "<svg [^>]*height=\"([0-9.]+)\"");
        assertTrue(height < 1_000 * pxPerMs, "3 s are not drawn to scale: " + height + " px at " + pxPerMs);
    }

    /**
     * On a loaded machine a plain link's crossings may take a millisecond or two, which pulls the link's median down
     * (ci16: a 39.7 ms fold inside a 50 ms crossing at load 15): a gap an arrow crosses is never folded under a
     * second, so the arrow spans its crossing on the ruler whatever the median says.
     */
    @Test
    void noGapInsideACrossingIsFolded() {
        for (int i = 0; i < 5; i++) {
            long left = T - 900 * MS + i * 100 * MS;
            add(left + MS, "client", segment("client", "server", List.of("ACK"), 1, 1L, left)
                    .withArrival(left + MS + i * 20_000));
        }
        handshake(50 * MS);
        // something happens while the SYN crosses: the server's side journals a reading 20 ms after it left
        add(T + 20 * MS, "server", new Payload.Queue(4, 0, 0, null));
        events.sort(Comparator.comparingLong(Event::atNs));
        List<Event> renumbered = new ArrayList<>();
        for (Event e : events) renumbered.add(new Event(renumbered.size() + 1, e.atNs(), e.endpoint(), e.payload()));
        String svg = SvgDiagram.render(renumbered, Lang.EN, "tcp-basics");
        double pxPerMs = number(svg, "class=\"ruler\" data-px-per-ms=\"([0-9.]+)\"");
        int syn = 0;
        for (Event e : renumbered)
            if (e.payload() instanceof Payload.Segment s && s.flags().equals(List.of("SYN"))) syn = (int) e.seq();
        double left = number(svg, "data-event=\"" + syn + "\" data-left-y=\"([0-9.]+)\""),
                arrived = number(svg,
                        "data-event=\"" + syn + "\" data-left-y=\"[0-9.]+\" data-arrived-y=\"([0-9.]+)\"");
        assertEquals(50, (arrived - left) / pxPerMs, 2, "the SYN crosses in 50 ms on the ruler's scale");
    }

    @Test
    void oneMachineKeepsItsRows() {
        handshake(0);
        String svg = SvgDiagram.render(events, Lang.EN, "tcp-basics");
        assertFalse(svg.contains("class=\"ruler\""), "no ruler where nothing takes time");
        assertFalse(svg.contains("slanted"), "flat arrows");
    }
}

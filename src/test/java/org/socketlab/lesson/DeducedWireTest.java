package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lab.UncountedSegments;

/**
 * With capture off the deduced wire tells no lies where lessons depend on it: a listener closed with connections in its
 * queue resets each of them (as the captured run shows), and sends Nagle may join are not drawn as segments of their own
 * but marked once as not counted.
 */
class DeducedWireTest {
    /** The events of each step (1-based; index 0 holds what came before the first narration). */
    private static List<List<Event>> bySteps(String id, boolean capture) {
        try (Lab lab = capture ? Lab.onThisMachine() : Lab.withoutCapture()) {
            if (capture) CiRules.requireCapture(lab);
            LessonReport report = new LessonRunner().run(LessonLoader.load(id), lab);
            assertTrue(report.passed(), () -> id + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
            lab.close();
            List<List<Event>> steps = new ArrayList<>();
            steps.add(new ArrayList<>());
            for (Event e : lab.journal().snapshot()) {
                // A step begins with its narration, journaled under its endpoint; the lab's own notes (what a step
                // said of its run, the quiz's) belong to the step they follow.
                if (e.payload() instanceof Payload.Note && !e.endpoint().equals(Lab.ITSELF)
                        && !e.endpoint().equals(Lab.ITSELF))
                    steps.add(new ArrayList<>());
                steps.getLast().add(e);
            }
            return steps;
        }
    }

    private static List<String> segments(List<Event> events, String origin) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Segment s && s.origin().equals(origin))
                .map(e -> (Payload.Segment) e.payload())
                .map(s -> s.from() + ">" + s.to() + " " + String.join("+", s.flags()) + " " + s.len()).sorted()
                .toList();
    }

    private static List<String> withoutPureAcks(List<String> segments) {
        return segments.stream().filter(s -> !s.endsWith(" ACK 0")).toList();
    }

    @Test
    void closingAListenerWithQueuedConnectionsResetsEachOfThem() {
        assertEquals(List.of("server>client RST+ACK 0"),
                segments(bySteps("connection-refused", false).get(13), Payload.Segment.INFERRED));
        assertEquals(List.of("server>client-2 RST+ACK 0", "server>client-3 RST+ACK 0"),
                segments(bySteps("backlog-full", false).get(13), Payload.Segment.INFERRED));
    }

    @Test
    void theDeducedResetsAreTheCapturedOnes() {
        // Pure ACKs left out: the kernel times them (a delayed ACK of an earlier step was once captured in this one, on a
        // loaded CI machine), and the deduced wire does not claim them.
        for (String id : List.of("connection-refused", "backlog-full")) {
            List<Event> step = bySteps(id, true).get(13);
            assertEquals(withoutPureAcks(segments(step, Payload.Segment.CAPTURED)),
                    withoutPureAcks(segments(step, Payload.Segment.INFERRED)), id);
        }
    }

    @Test
    void sendsNagleMayJoinAreMarkedOnceAndNotDrawn() {
        List<List<Event>> steps = bySteps("nagle", false);
        List<Event> joined = steps.subList(12, 15).stream().flatMap(List::stream).toList();
        assertEquals(List.of("client>server PSH+ACK 1", "server>client ACK 0"),
                segments(joined, Payload.Segment.INFERRED), "only \"a\", sent with nothing unacknowledged, is drawn");
        assertEquals(1, joined.stream()
                .filter(e -> e.payload() instanceof Payload.Note n && UncountedSegments.is(n)).count(),
                "one mark for the sends Nagle may join");
        // With TCP_NODELAY each send leaves at once: each is drawn.
        List<Event> alone = steps.subList(18, 21).stream().flatMap(List::stream).toList();
        assertEquals(3, segments(alone, Payload.Segment.INFERRED).stream().filter(s -> s.startsWith("client>server"))
                .count());
        assertTrue(alone.stream().noneMatch(e -> e.payload() instanceof Payload.Note n && UncountedSegments.is(n)));
    }

    @Test
    void withCaptureNoMarkIsJournaled() {
        List<List<Event>> steps = bySteps("nagle", true);
        assertTrue(steps.stream().flatMap(List::stream)
                .noneMatch(e -> e.payload() instanceof Payload.Note n && UncountedSegments.is(n)));
    }
}

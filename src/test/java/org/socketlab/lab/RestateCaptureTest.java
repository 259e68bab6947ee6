package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockType;

/**
 * A new session (Reset all, a lesson) starts with the capture's status (issue 42 item 2): its views hide the deduced
 * twins of captured segments only when they know the wire is captured. After a session longer than the journal keeps
 * in memory the status event is no longer among the events held, and the window then drew every segment twice
 * (captured, and dashed to an "Other kernel"). The capture's own last status is restated, whatever the journal holds.
 */
class RestateCaptureTest {
    @Test
    void aNewSessionAfterALongOneStillStartsWithTheCapturesStatus() throws Exception {
        Journal journal = new Journal(new Journal.Retention(20, 4096, 1 << 20));
        try (Lab lab = new Lab(Libc.forThisMachine(), journal, false)) {
            lab.awaitCapture();
            Payload.Capture status = journal.snapshot().stream().map(Event::payload)
                    .filter(Payload.Capture.class::isInstance).map(Payload.Capture.class::cast).findFirst()
                    .orElseThrow();
            for (int i = 0; i < 15; i++) {
                Payload.Call made = (Payload.Call) lab.client()
                        .call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get().payload();
                lab.client().call(new Request.Close((int) made.result())).get();
            }
            List<Event> held = journal.snapshot();
            assertTrue(held.stream().noneMatch(e -> e.payload() instanceof Payload.Capture),
                    "the status has left the events held");

            lab.restateCapture();

            Event restated = journal.snapshot().getLast();
            assertEquals(status, assertInstanceOf(Payload.Capture.class, restated.payload()));
            assertEquals("lab", restated.endpoint());
        }
    }
}

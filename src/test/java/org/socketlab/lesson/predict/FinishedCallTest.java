package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Step;

/**
 * A step that finishes a waiting call is judged by that call's event, even when the call returned during an earlier
 * step and the journal holds its payload cut to a preview (a new object): bottleneck's step 11, whose recv() of 200,000
 * bytes came back while step 10's send() was being checked, was judged "-" under load (CI, 2026-11-26).
 */
class FinishedCallTest {
    @Test
    void aFinishedCallThatReturnedInAnEarlierStepIsFoundThoughItsHeldPayloadIsAPreview() {
        Step finish = LessonLoader.load("bottleneck").steps().get(10);
        assertEquals(Step.Kind.FINISH, finish.kind());
        Journal journal = new Journal(new Journal.Retention(100, 16, 1 << 20));
        byte[] data = new byte[1000];
        Arrays.fill(data, (byte) 'x');
        Event returned = journal.append(finish.endpoint(), new Payload.Call("recv", 5,
                Map.of("len", "1000", "flags", "MSG_WAITALL"), data.length, null, null, data, 900_000L, null, 42L));
        long mark = journal.size(); // the finish step begins after the call returned
        journal.append(finish.endpoint(), new Payload.Call("getsockopt", 5, Map.of(), 0, null, null, null, 0));
        Payload.Call whole = (Payload.Call) returned.payload();
        assertNotSame(whole, journal.snapshot().get(0).payload(), "the journal holds a preview");

        Event made = Quiz.madeBy(finish, whole, journal.after(mark), journal.snapshot());

        assertNotNull(made, "the finished call's event");
        assertEquals(returned.seq(), made.seq());
        assertEquals(1000, ((Payload.Call) made.payload()).dataLength());
    }
}

package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a verdict points when the program left nothing in the journal (found by NullAway: it was an unboxed null). */
class EvidenceTest {
    @Test
    void aRunWithNoEventOfTheProgramPointsNowhereAndDoesNotThrow() {
        Evidence nothing = new Evidence(CheckLoader.load(CheckLoader.IDS.getFirst()), List.of(), new LabResult(),
                new Judge.Outcome(false, null, false, null, false));
        assertNull(nothing.lastSeq());
        assertNull(nothing.lastCallSeq());
        assertNull(nothing.seqFor(new LabResult.Client(0, 1, 0, 0, 0, false, "refused", 0)));
    }
}

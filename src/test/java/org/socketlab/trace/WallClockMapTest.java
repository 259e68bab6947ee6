package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * strace's wall-clock stamps on the journal's clock when the wall clock steps between a stamp and its reading, forward
 * (the soak run that put a forking server's calls 12 s before its socket()) and back, and while it drifts.
 */
class WallClockMapTest {
    private static final long S = 1_000_000_000L, MS = 1_000_000L;
    /** The wall clock minus the journal's before any step: the journal's clock starts near 0, the epoch is far. */
    private static final long OFFSET = 1_795_000_000L * S;

    @Test
    void withoutAStepEachStampMovesByTheOffset() {
        WallClockMap map = new WallClockMap();
        map.sample(10 * S, OFFSET);
        assertEquals(10 * S - 5 * MS, map.toJournal(OFFSET + 10 * S - 5 * MS, 10 * S));
    }

    @Test
    void aStampWrittenBeforeAForwardStepKeepsTheOffsetOfItsTime() {
        WallClockMap map = new WallClockMap();
        map.sample(100 * S, OFFSET); // socket() read at 100 s
        // setsockopt() entered at 100.010 s (wall stamp with the old offset); the wall clock jumps 12 s forward at
        // 100.020 s; its line is read at 100.030 s, when the offset is 12 s larger.
        long stamp = OFFSET + 100 * S + 10 * MS;
        map.sample(100 * S + 30 * MS, OFFSET + 12 * S);
        assertEquals(100 * S + 10 * MS, map.toJournal(stamp, 100 * S + 30 * MS));
        // bind(), entered after the step at 100.040 s, stamped with the new offset
        assertEquals(100 * S + 40 * MS, map.toJournal(OFFSET + 12 * S + 100 * S + 40 * MS, 100 * S + 50 * MS));
    }

    @Test
    void aStampWrittenBeforeABackwardStepIsNotPutInTheFuture() {
        WallClockMap map = new WallClockMap();
        map.sample(100 * S, OFFSET);
        long stamp = OFFSET + 100 * S + 10 * MS; // entered at 100.010 s; the clock goes 12 s back at 100.020 s
        map.sample(100 * S + 30 * MS, OFFSET - 12 * S);
        assertEquals(100 * S + 10 * MS, map.toJournal(stamp, 100 * S + 30 * MS));
        assertEquals(100 * S + 40 * MS, map.toJournal(OFFSET - 12 * S + 100 * S + 40 * MS, 100 * S + 50 * MS));
    }

    @Test
    void driftIsFollowedWithoutTakingItForAStep() {
        WallClockMap map = new WallClockMap();
        map.sample(0, OFFSET);
        // 0.5 % faster for 60 s: 300 ms, in samples a second apart (5 ms each)
        for (int i = 1; i <= 60; i++) map.sample(i * S, OFFSET + i * 5 * MS);
        assertEquals(60 * S - 2 * MS, map.toJournal(OFFSET + 300 * MS + 60 * S - 2 * MS, 60 * S));
    }

    @Test
    void aBlockedCallsEntryBeforeAStepIsMovedWithTheOffsetOfItsEntry() {
        WallClockMap map = new WallClockMap();
        map.sample(10 * S, OFFSET);
        long accept = OFFSET + 10 * S + 1 * MS; // accept() entered at 10.001 s, blocks
        map.sample(15 * S, OFFSET); // other lines meanwhile
        map.sample(20 * S, OFFSET + 12 * S); // the clock stepped forward between 15 s and 20 s
        map.sample(25 * S, OFFSET + 12 * S);
        assertEquals(10 * S + 1 * MS, map.toJournal(accept, 25 * S), "its return, read at 25 s");
    }
}

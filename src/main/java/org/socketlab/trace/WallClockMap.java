package org.socketlab.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves strace's wall-clock stamps onto the journal's clock across steps of the wall clock. Each line read samples
 * the offset (the wall clock minus the journal's clock, read now); a change of more than {@value #STEP_NS} ns since the
 * sample before is a step (the clock set by hand or by time synchronisation; drift between two lines is microseconds),
 * and the offsets before and after it are both kept. A stamp is moved with the offset of its own time: the newest one
 * that puts it neither after now nor before that offset's step could have happened (the sample before its
 * detection). With the offset read only when a line is handled, a step between strace's stamp and its reading moves
 * the calls by the step: a soak run's journal showed a forking server's calls 12 s before the {@code socket()} that
 * came before them, as such a step would (not proven: a monitor of the offset saw no step in 75 minutes on that
 * machine, whose wall clock runs 0.5 % ahead of its monotonic clock).
 */
final class WallClockMap {
    /** A change of the offset larger than this between two samples is a step of the wall clock. */
    static final long STEP_NS = 50_000_000L;
    /** At most this many offsets are kept, oldest dropped. */
    private static final int KEPT = 16;

    /** An offset in force from a step on: it happened after {@code notBeforeNs} (journal clock). */
    private record Offset(long notBeforeNs, long wallMinusJournalNs) {
    }

    private final List<Offset> offsets = new ArrayList<>();
    private long lastSampleNs = Long.MIN_VALUE;

    /** A sample, taken as a line is read: {@code nowNs} on the journal's clock, the offset read at that moment. */
    void sample(long nowNs, long wallMinusJournalNs) {
        Offset newest = offsets.isEmpty() ? null : offsets.getLast();
        if (newest == null || Math.abs(wallMinusJournalNs - newest.wallMinusJournalNs()) > STEP_NS) {
            offsets.add(new Offset(newest == null ? Long.MIN_VALUE : lastSampleNs, wallMinusJournalNs));
            if (offsets.size() > KEPT) offsets.removeFirst();
        } else offsets.set(offsets.size() - 1, new Offset(newest.notBeforeNs(), wallMinusJournalNs)); // drift
        lastSampleNs = nowNs;
    }

    /**
     * A wall-clock stamp (ns since the epoch) on the journal's clock, {@code nowNs} being the journal's time now: with
     * the newest offset that puts it at or before now (a little slack: the offset is read to a few hundred ns) and not
     * before its step; with the oldest kept when none does.
     */
    long toJournal(long wallNs, long nowNs) {
        for (int k = offsets.size() - 1; k >= 0; k--) {
            Offset o = offsets.get(k);
            long mapped = wallNs - o.wallMinusJournalNs();
            if (mapped <= nowNs + 1_000_000L && mapped >= o.notBeforeNs()) return mapped;
        }
        return wallNs - (offsets.isEmpty() ? 0 : offsets.getFirst().wallMinusJournalNs());
    }
}

package org.socketlab.lesson;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * A step's wait that lasts as long as TCP's own timers (issue 76 item 4): a step waits its own timeout (the step timeout
 * for a call, the kernel timeout for a state or queue), and when the link lost a segment TCP will send again, until that
 * retry and its own timeout after it ({@link TcpRetries}). Each retry the step waits for is said once, in both languages,
 * as a note of the lab ("the SYN was lost; TCP tries again after 1 s") and to {@code told} (the console). No wait lasts
 * longer than its own timeout plus the time TCP takes to give up a connection ({@link TcpTimers#synGiveUp}): a
 * retry the journal keeps promising (a clock gone wrong, a sender that no longer sends) cannot hold a step for ever.
 */
final class TcpWait {
    /** How a wait ended: whether its condition came, how long it took, and whether TCP's limit ended it. */
    record Waited(boolean done, Duration took, boolean extended, boolean capped, Duration own, Duration cap) {
        /**
         * What a timeout message says, in whole seconds (at least 1): the wait's own timeout, or, when TCP's retries
         * made it longer, how long it waited.
         */
        long seconds() {
            return Math.max(1, extended ? (took.toMillis() + 999) / 1000 : own.toSeconds());
        }
    }

    /** How often, at most, a wait reads the journal again for losses while events keep coming. */
    private static final long REREAD_NS = 20_000_000L;

    private final Journal journal;
    private final long sinceSeq;
    private final TcpTimers timers;
    private final Set<Long> said = new HashSet<>();
    /** Per kind of segment and sender, when the retry last said is due. */
    private final Map<String, Long> saidTimers = new HashMap<>();
    private Consumer<Text> told = text -> {
    };
    private @Nullable Waited last;

    /** @param sinceSeq the journal's size when the run began: its losses are those after it */
    TcpWait(Journal journal, long sinceSeq, TcpTimers timers) {
        this.journal = journal;
        this.sinceSeq = sinceSeq;
        this.timers = timers;
    }

    /** Where each reason to wait is told besides the journal (the console prints it). */
    void tellTo(Consumer<Text> told) {
        this.told = told;
    }

    /** Forgets how the last wait ended: a new step has not waited yet. */
    void newStep() {
        last = null;
    }

    /** How the last wait of this step ended, or null before any. */
    @Nullable
    Waited last() {
        return last;
    }

    /** The longest any wait of {@code own} lasts: TCP's give-up time beyond it. */
    Duration cap(Duration own) {
        return own.plus(timers.synGiveUp());
    }

    /**
     * Waits until {@code condition} holds (true), or until {@code own} has passed since the wait began and since TCP's
     * last owed retry (false); each wake-up (an event, a watched call's return) re-checks.
     */
    boolean until(Duration own, List<CompletableFuture<?>> alsoWakeOn, BooleanSupplier condition)
            throws InterruptedException {
        long start = System.nanoTime();
        long ownNs = own.toNanos(), capNs = cap(own).toNanos();
        long[] deadline = {start + ownNs};
        boolean[] capped = {false};
        int[] seen = {-1};
        long[] readAt = {start - REREAD_NS};
        boolean done = JournalWait.until(journal, () -> deadline[0], REREAD_NS, alsoWakeOn, () -> {
            if (condition.getAsBoolean()) return true;
            int size = journal.size();
            long now = System.nanoTime();
            // A new event may be a loss, or a retry's reading: read at most every 20 ms (a bulk transfer journals
            // thousands), the wait checking again that often, and always as the deadline comes.
            if (size != seen[0] && (now - readAt[0] >= REREAD_NS || now >= deadline[0] - REREAD_NS)) {
                seen[0] = size;
                readAt[0] = now;
                TcpRetries.Retry latest = follow(now);
                long wanted = latest == null ? start + ownNs : Math.max(start + ownNs, latest.retryAtNs() + ownNs);
                capped[0] = wanted > start + capNs;
                deadline[0] = Math.min(wanted, start + capNs);
            }
            return false;
        });
        last = new Waited(done, Duration.ofNanos(System.nanoTime() - start), deadline[0] > start + ownNs,
                !done && capped[0], own, cap(own));
        return done;
    }

    /** The latest retry TCP owes; each one still to come that was not said yet is said now. */
    private TcpRetries.@Nullable Retry follow(long now) {
        List<Event> events = journal.after(sinceSeq);
        TcpRetries.Retry latest = null;
        for (TcpRetries.Retry r : TcpRetries.owed(events, timers)) {
            if (latest == null || r.retryAtNs() >= latest.retryAtNs()) latest = r;
            if (r.retryAtNs() <= now || r.what() == TcpRetries.What.ACK || !said.add(r.lostSeq())) continue;
            // Segments lost from one flight wait for one timer of their sender: said once.
            String timer = r.what() + " " + r.from();
            Long pending = saidTimers.get(timer);
            if (pending == null || pending <= now) {
                saidTimers.put(timer, r.retryAtNs());
                Text text = r.said();
                journal.append(Lab.ITSELF, new Payload.Note(text.byCode()));
                told.accept(text);
            }
        }
        return latest;
    }
}

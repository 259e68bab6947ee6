package org.socketlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.story.RecordedRuns;
import org.socketlab.story.Story;

/**
 * What telling the story costs: the window re-tells the whole journal's story for each batch the bridge delivers
 * (at most once per frame), so one {@link Story#of} of a long journal must fit well inside a 60 Hz frame (16.7 ms).
 * The journal is a real tcp-basics run with capture, repeated to 10,000 events (times shifted, as a long session).
 * Not part of the test run: {@code mvn -B test -Dtest=StoryBenchmark}, then read the printed figures.
 */
class StoryBenchmark {
    private static final int EVENTS = 10_000;

    @Test
    void storyOfATenThousandEventJournal() {
        List<Event> run = RecordedRuns.captured("tcp-basics");
        long span = run.getLast().atNs() - run.getFirst().atNs() + 1_000_000;
        List<Event> journal = new ArrayList<>();
        for (int copy = 0; journal.size() < EVENTS; copy++) {
            for (Event e : run) {
                if (journal.size() == EVENTS) break;
                journal.add(
                        new Event(journal.size() + 1, e.atNs() + copy * span, e.endpoint(), shifted(e, copy * span)));
            }
        }
        for (int i = 0; i < 20; i++) Story.of(journal); // warm-up
        // On a shared, loaded machine wall time mostly measures the wait for a core: this thread's own CPU time
        // (Linux /proc/thread-self/schedstat, nanoseconds on a CPU) is the cost.
        long[] ns = new long[40], cpu = new long[40];
        int beats = 0;
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime(), c0 = cpuNs();
            beats = Story.of(journal).beats().size();
            cpu[i] = cpuNs() - c0;
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        System.out.printf(
                "Story.of(%d events) -> %d moments: CPU median %.2f ms (best %.2f), wall median %.2f ms (frame budget 16.7 ms)%n",
                journal.size(), beats, cpu[cpu.length / 2] / 1e6, cpu[0] / 1e6, ns[ns.length / 2] / 1e6);
    }

    private static long cpuNs() {
        try {
            return Long.parseLong(
                    Files.readString(Path.of("/proc/thread-self/schedstat")).split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Payload shifted(Event e, long by) {
        return switch (e.payload()) {
            case Payload.Call c ->
                new Payload.Call(c.call(), c.fd(), c.args(), c.result(), c.errno(),
                        c.errnoName(), c.data(), c.blockedNs(), c.entryKnown() ? c.enteredNs() + by : 0);
            case Payload.Segment s ->
                new Payload.Segment(s.from(), s.to(), s.proto(), s.flags(), s.seqNo(),
                        s.ackNo(), s.len(), s.origin(), s.window(), s.src(), s.dst(),
                        s.wireNs() == null ? null : s.wireNs() + by);
            default -> e.payload();
        };
    }
}

package org.socketlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.ui.RealLifecycle;
import org.socketlab.ui.diagram.DiagramModel;
import org.socketlab.ui.playback.PlaybackModel;

/**
 * How far live mode lags behind a student pressing as fast as they can (issue 9: at 1x the diagram was still 7 events
 * behind 4 s after 11 quick presses). The journal of a real lifecycle on loopback is cut into presses (a call with
 * the kernel events after it); the first 11 arrive 180 ms apart on a 60 Hz frame clock, as a quick student makes
 * them, and the figure is how many rows the diagram still has to draw after the last press. Not part of the test
 * run: {@code mvn -B test -Dtest=LivePlaybackBenchmark}.
 */
class LivePlaybackBenchmark {
    private static final long MS = 1_000_000L, FRAME = 16_666_667L;

    @Test
    void rowsBehindAfterElevenQuickPresses() {
        List<List<Event>> presses = new ArrayList<>();
        try (Lab lab = Lab.onThisMachine()) {
            RealLifecycle.run(lab);
            lab.observeKernelNow();
            for (Event e : lab.journal().snapshot()) {
                if (e.payload() instanceof Payload.Call || presses.isEmpty()) presses.add(new ArrayList<>());
                presses.getLast().add(e);
            }
        }
        List<List<Event>> eleven = presses.subList(0, Math.min(11, presses.size()));
        AtomicLong now = new AtomicLong(0);
        DiagramModel model = new DiagramModel();
        PlaybackModel playback = PlaybackModel.live(now::get);
        long lastPress = 0;
        for (List<Event> press : eleven) {
            model.append(press);
            playback.setTotal(model.rowCount());
            lastPress = now.get();
            for (long t = 0; t < 180 * MS; t += FRAME) {
                now.addAndGet(FRAME);
                playback.tick();
            }
        }
        System.out.printf(Locale.ROOT, "live playback: %d presses, %d rows%n", eleven.size(), model.rowCount());
        long[] after = {0, 500, 1000, 2000, 3000, 4000};
        int i = 0;
        while (i < after.length) {
            if (now.get() - lastPress >= after[i] * MS) {
                System.out.printf(Locale.ROOT, "  %4d ms after the last press: %.1f rows behind%n", after[i],
                        model.rowCount() - playback.position());
                i++;
            } else {
                now.addAndGet(FRAME);
                playback.tick();
            }
        }
        // The same rows replayed from the start at 1x keep the readable pace.
        playback.jumpToStart();
        playback.play();
        for (long t = 0; t < 4000 * MS; t += FRAME) {
            now.addAndGet(FRAME);
            playback.tick();
        }
        System.out.printf(Locale.ROOT, "  replay at 1x: %.1f rows in 4 s (600 ms a row)%n", playback.position());
    }
}

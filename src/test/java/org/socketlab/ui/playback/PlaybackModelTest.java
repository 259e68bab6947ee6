package org.socketlab.ui.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Playback on a fake clock: no toolkit, no sleeps, and no Lab at all (replay only re-reads recorded events). */
class PlaybackModelTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final PlaybackModel p = new PlaybackModel(now::get);

    /** Advances the clock in 20 ms frames (so figures come out exact), ticking each frame as the AnimationTimer does. */
    private void frames(long ms) {
        for (long t = 0; t < ms; t += 20) {
            now.addAndGet(20 * MS);
            p.tick();
        }
    }

    @Test
    void stepsForwardAndBackOneWholeEventAtATime() {
        p.setTotal(5);
        assertEquals(0, p.position());
        p.stepForward();
        p.stepForward();
        assertEquals(2, p.position());
        p.stepBack();
        assertEquals(1, p.position());
        p.stepBack();
        p.stepBack();
        assertEquals(0, p.position(), "never before the start");
        for (int i = 0; i < 9; i++) p.stepForward();
        assertEquals(5, p.position(), "never past the newest event");
    }

    @Test
    void stepBackFromTheMiddleOfAnAnimationShowsThePreviousWholeEvent() {
        p.setTotal(5);
        p.play();
        frames(900); // 1.5 events at 1x
        assertEquals(1.5, p.position(), 0.03);
        p.stepBack();
        assertEquals(1, p.position());
        assertFalse(p.playingProperty().get());
    }

    @Test
    void jumpsToStartAndEnd() {
        p.setTotal(12);
        p.jumpToEnd();
        assertEquals(12, p.position());
        p.jumpToStart();
        assertEquals(0, p.position());
        p.seek(7.4);
        assertEquals(7, p.position(), "the scrubber shows whole events");
        p.seek(99);
        assertEquals(12, p.position());
    }

    @Test
    void playsAtSixHundredMillisecondsPerEventDividedBySpeed() {
        p.setTotal(10);
        p.play();
        frames(1200);
        assertEquals(2, p.position(), 0.05);
        p.setSpeed(4);
        frames(600);
        assertEquals(6, p.position(), 0.1);
        p.setSpeed(0.1);
        frames(600);
        assertEquals(6.1, p.position(), 0.01);
    }

    @Test
    void speedIsKeptBetweenATenthAndFourTimes() {
        p.setSpeed(0.01);
        assertEquals(PlaybackModel.MIN_SPEED, p.speedProperty().get());
        p.setSpeed(50);
        assertEquals(PlaybackModel.MAX_SPEED, p.speedProperty().get());
        p.setSpeed(Double.NaN);
        assertEquals(1.0, p.speedProperty().get());
        p.setSpeed(2);
        assertEquals(2.0, p.speedProperty().get());
    }

    @Test
    void playStopsAtTheEndAndPlayingAgainReplaysFromTheStart() {
        p.setTotal(2);
        p.play();
        frames(2000);
        assertEquals(2, p.position());
        assertFalse(p.playingProperty().get());
        p.play();
        assertEquals(0, p.position());
        assertTrue(p.playingProperty().get());
    }

    @Test
    void liveFollowsNewEventsAtTheChosenSpeed() {
        p.setLive(true);
        p.setTotal(1);
        frames(700);
        assertEquals(1, p.position());
        assertTrue(p.playingProperty().get(), "live keeps waiting for the next event");
        p.setTotal(3);
        frames(600);
        assertEquals(2, p.position(), 0.05);
        frames(1000);
        assertEquals(3, p.position());
    }

    @Test
    void liveKeepsUpWithElevenQuickPressesWhileReplayKeepsItsPace() {
        p.setLive(true);
        // Eleven presses in two seconds, five rows each (call, state, queue, segments), as the journal grows.
        for (int press = 1; press <= 11; press++) {
            p.setTotal(press * 5);
            frames(180);
        }
        frames(4000);
        assertEquals(55, p.position(), "four seconds after the last press live shows everything");
        // A single press after that still animates at the chosen pace (600 ms a row at 1x).
        p.setTotal(58);
        frames(300);
        assertEquals(55.5, p.position(), 0.05);
        // Replay of the same journal: the slow, readable pace, whatever the backlog.
        p.jumpToStart();
        p.play();
        frames(3000);
        assertEquals(5, p.position(), 0.05);
    }

    @Test
    void liveWithInstantAnimationShowsEachEventTheMomentItArrives() {
        p.instantProperty().set(true);
        p.setLive(true);
        p.setTotal(4);
        assertEquals(4, p.position(), "no frame needed");
        p.setTotal(9);
        assertEquals(9, p.position());
    }

    @Test
    void takingControlStopsLive() {
        p.setLive(true);
        p.setTotal(4);
        frames(3000);
        p.stepBack();
        assertFalse(p.liveProperty().get());
        p.setTotal(6);
        frames(3000);
        assertEquals(3, p.position(), "no longer following");
        p.setLive(true);
        frames(3000);
        assertEquals(6, p.position());
    }

    @Test
    void pausingKeepsThePlaceAndTheClockDoesNotRunAhead() {
        p.setTotal(10);
        p.play();
        frames(600);
        p.pause();
        double at = p.position();
        now.addAndGet(60_000 * MS); // a minute passes while paused
        p.tick();
        assertEquals(at, p.position());
        p.play();
        frames(16);
        assertTrue(p.position() - at < 0.05, "resuming does not jump by the paused time");
    }

    @Test
    void aShorterJournalPullsTheCursorBack() {
        p.setTotal(10);
        p.jumpToEnd();
        p.setTotal(3);
        assertEquals(3, p.position());
        assertEquals(3, p.visibleRows());
    }

    @Test
    void liveAtTheEndNeedsNoFrameAndARowArrivingAfterAnIdleSpellStartsMovingFromItsArrival() {
        PlaybackModel live = PlaybackModel.live(now::get);
        assertFalse(live.needsFrames(), "caught up: the window's frame timer stops");
        now.addAndGet(60_000 * MS); // a minute with no frame at all (an idle window runs no pulse)
        live.setTotal(1);
        assertTrue(live.needsFrames());
        now.addAndGet(300 * MS);
        live.tick();
        assertEquals(0.5, live.position(), 1e-9, "half a row in 300 ms at 1x: the idle minute is not counted");
        now.addAndGet(300 * MS);
        live.tick();
        assertEquals(1, live.position(), 1e-9);
        assertFalse(live.needsFrames(), "drawn: no more frames");
        assertTrue(live.playingProperty().get(), "still following the journal");
    }

    @Test
    void aPausedOrFinishedReplayNeedsNoFrame() {
        p.setTotal(2);
        assertFalse(p.needsFrames(), "not playing");
        p.play();
        assertTrue(p.needsFrames());
        frames(1_400);
        assertEquals(2, p.position());
        assertFalse(p.needsFrames(), "at the end");
    }
}

package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 23, "a frame behind at most": when the resting pulse timer ticks, on a clock of whole milliseconds. */
class PulseCadenceTest {
    private static final long PERIOD = 16;

    @Test
    void ticksEveryPeriodWhileNothingIsAskedFor() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        assertEquals(100, cadence.next(), "the first tick at once");
        cadence.ticked(100, false);
        assertEquals(116, cadence.next());
        cadence.ticked(117, false); // a tick a little late keeps the phase
        assertEquals(132, cadence.next());
    }

    @Test
    void pulsesThatFollowOneAnotherKeepThePeriod() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        cadence.ticked(100, true); // an animation's frame, or a burst's
        cadence.pulseWanted(); // asked again in that pulse
        assertEquals(116, cadence.next(), "60 Hz, not twice as fast");
        cadence.ticked(116, true);
        cadence.pulseWanted();
        assertEquals(132, cadence.next());
    }

    @Test
    void aPulseAskedForJustAfterATickWaitsHalfAPeriodNotAWholeOne() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        cadence.ticked(100, false);
        cadence.pulseWanted(); // at 101
        assertEquals(108, cadence.next(), "half a period after the last tick");
        cadence.ticked(108, true);
        assertEquals(124, cadence.next(), "then a period after the hurried tick");
    }

    @Test
    void aPulseAskedForLateInThePeriodIsTickedAtOnce() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        cadence.ticked(100, false);
        cadence.pulseWanted(); // at 112: more than half a period since the tick
        assertEquals(108, cadence.next(), "already due: the timer ticks as soon as it looks");
    }

    @Test
    void askingAgainNeverDelaysNorHurriesTheTickAfterADrawingOne() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        cadence.ticked(100, false);
        cadence.pulseWanted();
        cadence.pulseWanted();
        assertEquals(108, cadence.next());
        cadence.ticked(108, true);
        cadence.pulseWanted(); // at 109, asked again in the pulse just ticked
        assertEquals(124, cadence.next(), "the hurried tick drew: the next keeps the period");
    }

    @Test
    void aResumeTicksAtOnceAndAFarLateTickDoesNotBurst() {
        PulseCadence cadence = new PulseCadence(PERIOD, 100);
        cadence.ticked(100, false);
        cadence.resumed(500);
        assertEquals(500, cadence.next());
        cadence.ticked(5_000, false); // a suspended laptop
        assertEquals(5_000, cadence.next(), "one tick now, not the hundreds missed");
    }
}

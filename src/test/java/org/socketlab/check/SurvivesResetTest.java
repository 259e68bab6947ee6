package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * survives-reset judges surviving, not echoing: a later client the program accepted was served, even when the RST of
 * the program's close (a greeting server that never reads) destroyed its answer before the client read it. A client
 * the program never accepted after the reset was not served. A lane-1 run of 2026-11-27 judged greeting_server.py
 * "no longer answered" while its journal showed it accepting and writing to every later client.
 */
class SurvivesResetTest {
    private static final int RESET_PORT = 40_001, LATER_PORT = 40_002;

    private static Event accept(long seq, int peerPort) {
        return new Event(seq, seq, Evidence.ROOT, new Payload.Call("accept4", 3,
                Map.of("peer", "127.0.0.1:" + peerPort), 4, null, null, null, 0));
    }

    /** The verdict on a run where the client after the reset got nothing back (its connection reset). */
    private static Verdict judged(boolean laterAccepted) {
        List<Event> events = new ArrayList<>(List.of(accept(1, 40_000), accept(2, RESET_PORT)));
        if (laterAccepted) events.add(accept(3, LATER_PORT));
        LabResult lab = new LabResult();
        lab.resetPort = RESET_PORT;
        lab.aliveAfterReset = true;
        lab.add(new LabResult.Client(0, 1, 40_000, 100, 14, false, null, 0));
        lab.add(new LabResult.Client(3, 1, LATER_PORT, 50, 0, false, "reset", 2));
        Evidence run = new Evidence(CheckLoader.load("tcp-echo-server"), events, lab,
                new Judge.Outcome(true, null, false, null, false));
        return new ExchangeRules(run).survivesReset();
    }

    @Test
    void aLaterClientTheProgramAcceptedWasServedThoughItsAnswerWasLostToAnRst() {
        Verdict v = judged(true);
        assertTrue(v.passed(), v.toString());
        assertEquals("check.why.reset.alive", v.key());
    }

    @Test
    void aLaterClientTheProgramNeverAcceptedWasNotServed() {
        Verdict v = judged(false);
        assertFalse(v.passed(), v.toString());
        assertEquals("check.why.reset.notServed", v.key());
    }
}

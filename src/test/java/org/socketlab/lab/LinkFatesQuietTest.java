package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.WireFate;
import org.socketlab.capture.WireFate.Fate;

/**
 * The wire between the hosts is quiet only once what it lost was sent again and acknowledged: a lesson's step that lost
 * a FIN waits for its retransmission, which would otherwise be judged as the next step's wire (slow-start's close of
 * the listener "sent" the client's FIN sent again, a soak CI run of 2026-11-27).
 */
class LinkFatesQuietTest {
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
    private static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(20);

    /** A TCP packet's fate: client port 40000, server port 5000. */
    private static WireFate tcp(boolean toServer, Fate fate, long seq, long ack, int flags, int payload) {
        int client = 40_000, server = 5_000;
        return new WireFate(1, toServer, fate, 0, 0, 66, 6, toServer ? client : server, toServer ? server : client, 1,
                seq, ack, flags, payload, 0);
    }

    @Test
    void aLostFinIsOwedUntilTheReceiverAcknowledgesItsRetransmission() throws Exception {
        LinkFates fates = new LinkFates();
        fates.told(tcp(true, Fate.LOST, 1_000, 500, FIN | ACK, 0));
        assertEquals(1, fates.owed());
        assertFalse(fates.awaitQuiet(QUIET_NS, TimeUnit.MILLISECONDS.toNanos(150)), "owed: not quiet");
        // An ACK from the receiver that does not reach past the FIN, and the sender's own packets, end nothing.
        fates.told(tcp(false, Fate.DELIVERED, 500, 1_000, ACK, 0));
        fates.told(tcp(true, Fate.DELIVERED, 1_000, 500, ACK, 0));
        assertEquals(1, fates.owed());
        CompletableFuture<Boolean> quiet = CompletableFuture.supplyAsync(() -> {
            try {
                return fates.awaitQuiet(QUIET_NS, TimeUnit.SECONDS.toNanos(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Not done within 100 ms (a timed wait on the future itself: a slow machine can only make it later).
        assertThrows(TimeoutException.class, () -> quiet.get(100, TimeUnit.MILLISECONDS),
                "quiet while the FIN was still owed");
        fates.told(tcp(true, Fate.DELIVERED, 1_000, 500, FIN | ACK, 0)); // sent again
        fates.told(tcp(false, Fate.DELIVERED, 500, 1_001, ACK, 0)); // and acknowledged
        assertTrue(quiet.get(5, TimeUnit.SECONDS));
        assertEquals(0, fates.owed());
    }

    @Test
    void lostDataIsOwedUpToItsLastByteAndAnRstEndsTheWait() throws Exception {
        LinkFates fates = new LinkFates();
        fates.told(tcp(true, Fate.LOST, 0xFFFF_FF00L, 1, ACK, 1_448)); // wraps past 2^32
        fates.told(tcp(false, Fate.DELIVERED, 1, 0xFFFF_FF00L + 1_000, ACK, 0));
        assertEquals(1, fates.owed(), "a partial ACK covers part of it only");
        fates.told(tcp(false, Fate.DELIVERED, 1, (0xFFFF_FF00L + 1_448) & 0xFFFF_FFFFL, ACK, 0));
        assertEquals(0, fates.owed(), "an ACK past its last byte, across the wrap");
        fates.told(tcp(false, Fate.DROPPED, 7, 9, SYN | ACK, 0));
        fates.told(tcp(true, Fate.DELIVERED, 9, 0, RST, 0));
        assertEquals(0, fates.owed(), "an RST on the connection ends it");
    }

    @Test
    void aLostSegmentTheReceiverHadAlreadyAcknowledgedOwesNothing() {
        LinkFates fates = new LinkFates();
        fates.told(tcp(false, Fate.DELIVERED, 500, 3_000, ACK, 0));
        fates.told(tcp(true, Fate.LOST, 1_000, 500, ACK, 1_000)); // sent again too early: the receiver has it
        fates.told(tcp(true, Fate.LOST, 2_999, 500, ACK, 0)); // a keepalive probe
        fates.told(tcp(true, Fate.LOST, 2_999, 500, ACK, 1)); // the same with its one byte
        assertEquals(0, fates.owed());
        fates.told(tcp(true, Fate.LOST, 3_000, 500, ACK, 10));
        assertEquals(1, fates.owed(), "new bytes are owed");
    }

    @Test
    void aLostBareAckIsNotSentAgainAndOwesNothing() throws Exception {
        LinkFates fates = new LinkFates();
        fates.told(tcp(false, Fate.LOST, 500, 1_001, ACK, 0));
        assertEquals(0, fates.owed());
        assertTrue(fates.awaitQuiet(QUIET_NS, TimeUnit.SECONDS.toNanos(5)));
    }
}

package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.capture.SecondHost;
import org.socketlab.capture.WireFate;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.SockAddr;

/**
 * The wire's word put on each captured packet (issue 76 item 1): a packet to the server arrives when the wire's later
 * line says it sent it on, never when it planned; it goes on at once as a crossing, so nothing captured after it waits
 * for the link's delay; a lost one settles at once; a duplicated one waits for both copies; one the wire never tells of
 * again settles without a word. Lines and captures are given here as the wire and tcpdump give them (the journal's clock
 * is the capture's: offset 0), so each order of their coming is tried.
 */
class LinkPassagesTest {
    private final List<CapturedPacket> handedOn = new CopyOnWriteArrayList<>();
    private final AtomicInteger settledCalls = new AtomicInteger();
    private LinkPassages passages;

    @BeforeEach
    void open() {
        passages = new LinkPassages(handedOn::add, settledCalls::incrementAndGet, () -> 0L);
        passages.active(true);
    }

    @AfterEach
    void close() {
        passages.close();
    }

    private static final int CLIENT_PORT = 40_000, SERVER_PORT = 5_000;

    private static SockAddr.Inet4 at(String host, int port) {
        String[] p = host.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) b[i] = (byte) Integer.parseInt(p[i]);
        return new SockAddr.Inet4(b, port);
    }

    /** A TCP data segment as the client's host captures it, at {@code atNs}. */
    private static CapturedPacket captured(boolean toServer, int ipId, long seq, long atNs) {
        byte[] ip = new byte[40];
        ip[0] = 0x45;
        ip[4] = (byte) (ipId >> 8);
        ip[5] = (byte) ipId;
        SockAddr client = at(SecondHost.CLIENT_ADDRESS, CLIENT_PORT),
                server = at(SecondHost.SERVER_ADDRESS, SERVER_PORT);
        return new CapturedPacket(atNs, toServer ? client : server, toServer ? server : client,
                CapturedPacket.Proto.TCP, List.of("ACK", "PSH"), seq, 1, 100, 512, null, ip);
    }

    private static WireFate line(long n, boolean toServer, WireFate.Fate fate, long inNs, long outNs, int ipId,
            long seq) {
        return new WireFate(n, toServer, fate, inNs, outNs, 154, 6, toServer ? CLIENT_PORT : SERVER_PORT,
                toServer ? SERVER_PORT : CLIENT_PORT, ipId, seq, 1, 0x18, 100, 1);
    }

    /** A packet that never crossed the link (loopback: the lab's markers). */
    private static CapturedPacket onLoopback(long atNs) {
        SockAddr a = at("127.0.0.1", 9), b = at("127.0.0.1", 9);
        return new CapturedPacket(atNs, a, b, CapturedPacket.Proto.UDP, List.of(), 0, 0, 8, 0, null, new byte[28]);
    }

    @Test
    void aPacketToTheServerArrivesWhenTheWireSentItOnNotWhenItPlanned() {
        CapturedPacket p = captured(true, 7, 1_000, 1_000_000L);
        passages.captured(p);
        passages.told(line(1, true, WireFate.Fate.QUEUED, 1_100_000L, 21_100_000L, 7, 1_000));
        assertEquals(List.of(p), handedOn, "it goes on as soon as the wire planned it");
        LinkPassages.Crossing crossing = passages.crossingOf(p);
        assertNotNull(crossing);
        assertFalse(crossing.settled(), "its arrival is not known yet");
        assertNull(passages.passageOf(p), "its plan is never its passage");

        CapturedPacket marker = onLoopback(2_000_000L);
        passages.captured(marker);
        assertEquals(List.of(p, marker), handedOn, "what comes after it does not wait for its crossing");

        // The wire was late: it sent it on 40 ms after it planned.
        passages.told(line(1, true, WireFate.Fate.DELIVERED, 1_100_000L, 61_100_000L, 7, 1_000));
        assertTrue(crossing.settled());
        assertEquals(1, settledCalls.get(), "the capture is told to journal it");
        Payload.Passage passage = crossing.passage();
        assertNotNull(passage);
        assertEquals(Payload.Passage.DELIVERED, passage.fate());
        assertEquals(1_000_000L, passage.departedNs());
        assertEquals(List.of(61_100_000L), passage.arrivedNs());
        assertEquals(60_100_000L - 20_000_000L, passage.wireLateNs(), "late: its real crossing less the planned");
    }

    @Test
    void theArrivalToldBeforeTheCaptureCameSettlesItAtOnce() {
        passages.told(line(3, true, WireFate.Fate.QUEUED, 5_000_000L, 5_000_000L, 9, 2_000));
        passages.told(line(3, true, WireFate.Fate.REORDERED, 5_000_000L, 5_300_000L, 9, 2_000));
        CapturedPacket p = captured(true, 9, 2_000, 4_900_000L);
        passages.captured(p);
        Payload.Passage passage = settledPassage(p);
        assertEquals(Payload.Passage.REORDERED, passage.fate(), "the wire's later line says it overtook");
        assertEquals(List.of(5_300_000L), passage.arrivedNs());
    }

    @Test
    void aDuplicatedPacketSettlesWithBothCopiesRealArrivals() {
        CapturedPacket p = captured(true, 11, 3_000, 10_000_000L);
        passages.captured(p);
        passages.told(line(4, true, WireFate.Fate.QUEUED_TWICE, 10_050_000L, 30_050_000L, 11, 3_000));
        LinkPassages.Crossing crossing = passages.crossingOf(p);
        assertNotNull(crossing);
        passages.told(line(4, true, WireFate.Fate.DELIVERED, 10_050_000L, 30_400_000L, 11, 3_000));
        assertFalse(crossing.settled(), "its copy has not been sent on yet");
        passages.told(line(4, true, WireFate.Fate.DUPLICATED, 10_050_000L, 30_900_000L, 11, 3_000));
        assertTrue(crossing.settled());
        Payload.Passage passage = crossing.passage();
        assertNotNull(passage);
        assertEquals(Payload.Passage.DUPLICATED, passage.fate());
        assertEquals(List.of(30_400_000L, 30_900_000L), passage.arrivedNs());
    }

    @Test
    void aLostPacketToTheServerSettlesAtOnce() {
        passages.told(line(5, true, WireFate.Fate.LOST, 1_000_000L, 0, 12, 4_000));
        CapturedPacket p = captured(true, 12, 4_000, 990_000L);
        passages.captured(p);
        Payload.Passage passage = settledPassage(p);
        assertEquals(Payload.Passage.LOST, passage.fate());
        assertFalse(passage.arrived());
    }

    @Test
    void oneTheMiddleEndRefusedAtItsReleaseNeverArrived() {
        CapturedPacket p = captured(true, 13, 5_000, 1_000_000L);
        passages.captured(p);
        passages.told(line(6, true, WireFate.Fate.QUEUED, 1_000_000L, 2_000_000L, 13, 5_000));
        passages.told(line(6, true, WireFate.Fate.DROPPED, 1_000_000L, 0, 13, 5_000));
        Payload.Passage passage = settledPassage(p);
        assertEquals(Payload.Passage.DROPPED, passage.fate());
        assertFalse(passage.arrived());
    }

    @Test
    void aCrossingTheWireNeverToldOfAgainSettlesWithoutAWord() throws Exception {
        long now = System.nanoTime();
        CapturedPacket p = captured(true, 14, 6_000, now);
        passages.captured(p);
        // Due two seconds ago: it waits the shortest time, WAIT_MS, for a word that never comes.
        passages.told(line(7, true, WireFate.Fate.QUEUED, now, now - 2_000_000_000L, 14, 6_000));
        LinkPassages.Crossing crossing = passages.crossingOf(p);
        assertNotNull(crossing);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!crossing.settled() && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(10);
        assertTrue(crossing.settled(), "settled by the timer");
        assertNull(crossing.passage(), "no word: the capture's own moment is all that is known");
        assertEquals(1, settledCalls.get());
    }

    @Test
    void aPacketFromTheServerLeftWhenTheWireReadItAndArrivedWhenCaptured() {
        passages.told(line(8, false, WireFate.Fate.QUEUED, 7_000_000L, 27_000_000L, 15, 9_000));
        CapturedPacket p = captured(false, 15, 9_000, 27_500_000L);
        passages.captured(p);
        assertEquals(List.of(p), handedOn);
        assertNull(passages.crossingOf(p), "captured as it arrived: nothing to wait for");
        Payload.Passage passage = passages.passageOf(p);
        assertNotNull(passage);
        assertEquals(7_000_000L, passage.departedNs());
        assertEquals(List.of(27_500_000L), passage.arrivedNs());
        assertEquals(500_000L, passage.wireLateNs());
    }

    @Test
    void aDuplicatedPacketFromTheServerArrivedAtEachCopysCapture() {
        passages.told(line(10, false, WireFate.Fate.QUEUED_TWICE, 7_000_000L, 27_000_000L, 17, 9_500));
        CapturedPacket first = captured(false, 17, 9_500, 27_100_000L);
        passages.captured(first);
        assertEquals(List.of(), handedOn, "its copy is just behind it");
        CapturedPacket second = captured(false, 17, 9_500, 27_180_000L);
        passages.captured(second);
        assertEquals(List.of(first), handedOn, "one packet, one segment");
        Payload.Passage passage = passages.passageOf(first);
        assertNotNull(passage);
        assertEquals(Payload.Passage.DUPLICATED, passage.fate());
        assertEquals(List.of(27_100_000L, 27_180_000L), passage.arrivedNs());
    }

    /**
     * The wire's word on another packet between a duplicated packet's two captures (OwnCaptureTest, tcp-basics with
     * --duplicate 100: the server's SYN-ACK, ACK and RST lost their passage): the first copy, still waiting for its
     * second, is not matched again as that second copy.
     */
    @Test
    void aWordBetweenTheTwoCopiesLeavesTheFirstCopyItsPassage() {
        passages.told(line(10, false, WireFate.Fate.QUEUED_TWICE, 7_000_000L, 27_000_000L, 17, 9_500));
        CapturedPacket first = captured(false, 17, 9_500, 27_100_000L);
        passages.captured(first);
        passages.told(line(11, false, WireFate.Fate.QUEUED, 8_000_000L, 28_000_000L, 18, 9_600));
        CapturedPacket second = captured(false, 17, 9_500, 27_180_000L);
        passages.captured(second);
        assertEquals(List.of(first), handedOn, "one packet, one segment");
        Payload.Passage passage = passages.passageOf(first);
        assertNotNull(passage, "the first copy keeps the wire's word");
        assertEquals(List.of(27_100_000L, 27_180_000L), passage.arrivedNs());
    }

    @Test
    void closingSettlesWhatIsStillCrossing() {
        CapturedPacket p = captured(true, 16, 7_000, 1_000_000L);
        passages.captured(p);
        passages.told(line(9, true, WireFate.Fate.QUEUED, 1_000_000L, System.nanoTime() + 60_000_000_000L, 16, 7_000));
        LinkPassages.Crossing crossing = passages.crossingOf(p);
        assertNotNull(crossing);
        passages.close();
        assertTrue(crossing.settled());
        assertNull(crossing.passage());
    }

    /** The passage of a crossing that has settled with the wire's word on it. */
    private Payload.Passage settledPassage(CapturedPacket p) {
        LinkPassages.Crossing crossing = passages.crossingOf(p);
        assertNotNull(crossing);
        assertTrue(crossing.settled());
        Payload.Passage passage = crossing.passage();
        assertNotNull(passage);
        return passage;
    }
}

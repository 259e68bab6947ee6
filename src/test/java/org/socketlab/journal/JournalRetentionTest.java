package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory journal stays bounded for any session length; recorders still get every event whole. */
class JournalRetentionTest {

    private static Payload.Call send(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return new Payload.Call("send", 3, Map.of("len", String.valueOf(data.length)), data.length, null, null, data,
                0);
    }

    @Test
    void holdsTheNewestEventsAndCountsThemAll() {
        Journal journal = new Journal(new Journal.Retention(5, 4, 100));
        for (int i = 0; i < 8; i++) journal.append("client", new Payload.Queue(3, i, 0));
        assertEquals(8, journal.size(), "the seq of the newest");
        assertEquals(4, journal.firstHeldSeq());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), journal.snapshot().stream().map(Event::seq).toList());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), journal.after(2).stream().map(Event::seq).toList());
        assertEquals(List.of(7L, 8L), journal.after(6).stream().map(Event::seq).toList());
        assertEquals(List.of(), journal.after(8));
    }

    @Test
    void aLongPayloadIsHeldAsAPreviewWithItsLengthAndDigestButRecordedWhole() {
        Journal journal = new Journal(new Journal.Retention(100, 4, 100));
        List<Event> recorded = new ArrayList<>(), told = new ArrayList<>();
        journal.record(recorded::add);
        journal.subscribe(told::add);
        Event returned = journal.append("client", send("0123456789"));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), ((Payload.Call) returned.payload()).data(),
                "the caller gets it whole");
        assertEquals(returned, recorded.getFirst(), "the recorder (the file) gets it whole");
        Payload.Call held = (Payload.Call) journal.snapshot().getFirst().payload();
        assertArrayEquals("0123".getBytes(StandardCharsets.UTF_8), held.data());
        assertEquals(10, held.dataLength());
        // sha256 of "0123456789", as `printf 0123456789 | sha256sum` prints it
        assertEquals(new Payload.Elided(10, "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882"),
                held.elided());
        assertEquals(held, told.getFirst().payload(), "subscribers get what is held");
        assertNull(((Payload.Call) journal.append("client", send("abc")).payload()).elided(),
                "a short payload is held whole");
    }

    @Test
    void payloadBytesBeyondTheBudgetAreDroppedOldestFirst() {
        Journal journal = new Journal(new Journal.Retention(100, 4, 10));
        journal.append("client", send("aaaa"));
        journal.append("client", send("bbbb"));
        journal.append("client", send("cccc")); // 12 bytes held > 10: the oldest preview goes
        List<Payload.Call> held = journal.snapshot().stream().map(e -> (Payload.Call) e.payload()).toList();
        assertEquals(0, held.get(0).heldBytes());
        assertEquals(4, held.get(0).dataLength(), "its length and digest stay");
        assertEquals(4, held.get(1).heldBytes());
        assertEquals(4, held.get(2).heldBytes());
        for (int i = 0; i < 1000; i++) journal.append("client", send("dddddddd"));
        long bytes = journal.snapshot().stream().mapToLong(e -> ((Payload.Call) e.payload()).heldBytes()).sum();
        assertEquals(8, bytes, "two previews of 4 bytes fit in 10");
        assertEquals(100, journal.snapshot().size());
    }

    @Test
    void aRecorderAttachedLaterGetsTheHeldEventsFirst() {
        Journal journal = new Journal(new Journal.Retention(3, 4, 100));
        for (int i = 0; i < 5; i++) journal.append("client", new Payload.Queue(3, i, 0));
        List<Long> seqs = new ArrayList<>();
        Subscription s = journal.record(e -> seqs.add(e.seq()));
        journal.append("client", new Payload.Queue(3, 9, 0));
        s.close();
        journal.append("client", new Payload.Queue(3, 10, 0));
        assertEquals(List.of(3L, 4L, 5L, 6L), seqs);
    }
}

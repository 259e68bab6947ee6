package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

class JournalFileTest {

    private static Payload.Call recv(byte[] data) {
        return new Payload.Call("recv", 4, Map.of("len", "65535", "flags", "0"), data.length, null, null, data, 0);
    }

    @Test
    void everyEventIsInTheFileWholeAsSoonAsItIsJournaled(@TempDir Path dir) throws Exception {
        Journal journal = new Journal(new Journal.Retention(2, 16, 64));
        Path file = dir.resolve("j.jsonl");
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'x');
        try (JournalFile f = JournalFile.record(journal, file)) {
            journal.append("server", recv(big));
            assertEquals(1, JournalJsonl.read(file).size(), "written before append returned, without closing");
            for (int i = 0; i < 5; i++) journal.append("server", new Payload.Queue(4, i, 0));
            assertEquals(6, f.eventsWritten());
            assertEquals(6, f.lastSeqWritten());
        }
        List<Event> events = JournalJsonl.read(file);
        assertEquals(6, events.size());
        assertEquals(recv(big), events.getFirst().payload(), "the file has every byte, memory only a preview");
        assertEquals(2, journal.snapshot().size());
    }

    @Test
    void aPreviewWrittenAndReadBackKeepsItsLengthAndDigest() {
        Payload.Call held = recv("0123456789".getBytes()).elided(4);
        Event e = new Event(1, 5, "server", held);
        Event back = JournalJsonl.parseLine(JournalJsonl.line(e));
        assertEquals(e, back);
        assertTrue(JournalJsonl.line(e).contains("\"data_len\":10"), JournalJsonl.line(e));
    }

    @Test
    void aFullDiskStopsTheFileButNeverTheJournal() throws Exception {
        Journal journal = new Journal();
        try (JournalFile f = JournalFile.record(journal, Path.of("/dev/full"))) {
            journal.append("server", new Payload.Queue(4, 1, 0));
            journal.append("server", new Payload.Queue(4, 2, 0));
            assertTrue(f.failure().isPresent(), "ENOSPC is reported");
            assertEquals(0, f.eventsWritten());
        }
        assertEquals(2, journal.size());
    }

    @Test
    void aBadPathFailsWhenTheFileIsCreatedBeforeAnythingRuns(@TempDir Path dir) {
        assertTrue(Assertions.assertThrows(IOException.class,
                () -> JournalFile.create(dir.resolve("missing/j.jsonl"))) instanceof NoSuchFileException);
        assertTrue(Files.isDirectory(dir));
    }
}

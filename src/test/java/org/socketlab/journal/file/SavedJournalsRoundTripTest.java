package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The journals saved under the test resources (real runs) are read and written again byte for byte: reading states
 * and flags into the engine's types must not change a file (the order of a segment's flags, a state's name).
 */
class SavedJournalsRoundTripTest {
    @Test
    void everySavedJournalIsWrittenAgainAsItWasRead() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(Path.of("src/test/resources"))) {
            files = all.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertTrue(files.size() >= 10, () -> "the saved journals: " + files);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (i == 0) // the first line says its format, which a file is written in as this SocketLab's
                    assertEquals(line.replaceFirst("\"format\":\\d+", "\"format\":" + JournalJsonl.FORMAT),
                            JournalJsonl.firstLine(JournalJsonl.parseLine(line)), file + ":1");
                else
                    assertEquals(line, JournalJsonl.line(JournalJsonl.parseLine(line)), file + ":" + (i + 1));
            }
        }
    }
}

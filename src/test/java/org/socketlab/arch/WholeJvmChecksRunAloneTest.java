package org.socketlab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test that counts this JVM's descriptors or threads runs alone: a class marked {@code @Execution(CONCURRENT)} may run
 * beside any other (junit-platform.properties), and its sockets were counted as a leak of LessonsTest's labs (the soak
 * lane of ci10: one socket of LossLessonsTest, open while the lessons' labs were counted).
 */
class WholeJvmChecksRunAloneTest {
    // Written in two parts, so that this file does not count as one that counts.
    private static final String COUNTS_DESCRIPTORS = "OpenFds" + ".now()";
    private static final String COUNTS_THREADS = "getAllStackTraces" + "()";

    @Test
    void everyClassThatCountsDescriptorsOrThreadsIsIsolated() throws IOException {
        List<String> notAlone;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/java"))) {
            notAlone = walk.filter(p -> p.toString().endsWith("Test.java")).filter(p -> {
                String text = read(p);
                return (text.contains(COUNTS_DESCRIPTORS) || text.contains(COUNTS_THREADS))
                        && !text.contains("\n@Isolated");
            }).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(), notAlone, "counts this JVM's descriptors or threads without @Isolated");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}

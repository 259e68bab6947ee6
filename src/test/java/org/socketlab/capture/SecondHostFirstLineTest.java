package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The second host's keeper tells first whether its wire runs; a keeper that says nothing (a wire stuck starting, a
 * machine too loaded) held {@link SecondHost#make} for good: its first line is read with a time limit. Real processes
 * stand for the keeper: one that never writes, one that answers, one that ends without a word.
 */
class SecondHostFirstLineTest {
    private static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Test
    void aKeeperThatSaysNothingIsGivenUpOnAtTheLimit() throws Exception {
        Process silent = new ProcessBuilder("sleep", "120").start();
        try {
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(TimeoutException.class,
                    () -> SecondHost.firstLine(stdout(silent), Duration.ofSeconds(1))));
            assertTrue(System.nanoTime() - start >= 900_000_000L, "waited for the limit");
        } finally {
            silent.destroyForcibly().waitFor();
        }
    }

    @Test
    void aKeeperThatAnswersIsHeardAndItsNextLinesStayToBeRead() throws Exception {
        Process keeper = new ProcessBuilder("sh", "-c", "echo 'wire ready'; echo 'fate 1'; sleep 120").start();
        try {
            BufferedReader said = stdout(keeper);
            assertEquals("wire ready", SecondHost.firstLine(said, Duration.ofSeconds(30)));
            assertEquals("fate 1", said.readLine());
        } finally {
            keeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void aKeeperThatEndsWithoutAWordSaysNull() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        try {
            assertNull(SecondHost.firstLine(stdout(ended), Duration.ofSeconds(30)));
        } finally {
            ended.waitFor();
        }
    }
}

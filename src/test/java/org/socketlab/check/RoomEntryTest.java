package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.Labnet;

/**
 * Issue 54, item 2 (the audit of 2026-11-26, L1): nothing in the lab enters a checked program's room. A process of the
 * lab (no capability, labnet's filter) tries setns() into the user namespace of a program `labnet contain` runs (the
 * broker's child, owned by the same user, so it would hold every capability there): refused.
 */
class RoomEntryTest {
    @Test
    void aProcessOfTheLabCannotEnterARoom(@TempDir Path dir) throws Exception {
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "/bin/true"));
        CiRules.requireOrSkip(probe.status() == 0, "user namespaces (labnet enter: " + probe.output().strip() + ")");
        Path enter = dir.resolve("enter-room");
        Process gcc = new ProcessBuilder(ReferencePrograms.gcc().toString(), "-O1", "-o", enter.toString(),
                ReferencePrograms.source("hostile", "enter-room.c", dir).toString()).redirectErrorStream(true).start();
        String built = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, built);
        Path work = Files.createDirectory(dir.resolve("work"));
        String marker = String.valueOf(600_000 + ProcessHandle.current().pid() % 90_000);
        String labnet = Labnet.built().toString();
        // The room's program sleeps; the lab's shell finds it by its argument and tries to enter its namespaces.
        String script = labnet + " contain " + work + " -- /bin/sleep " + marker + " & room=$!; sleep 1; " + enter
                + " $(pgrep -n -f '^/bin/sleep " + marker + "'); kill $room; wait";
        Labnet.Outcome o = Labnet.run(List.of("enter", "--strict", "--", "/bin/sh", "-c", script));
        assertTrue(o.output().contains("setns user: Operation not permitted"), o.output());
        assertFalse(o.output().contains("entered") || o.output().contains("CapEff"), o.output());
    }
}

package org.socketlab.ui.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.lesson.ChildLessonRun;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * The window's live link controls (issue 60, item 3) on a real lab of two machines joined by SocketLab's wire, as
 * nobody when this test runs as root: {@link LinkControlChild} says what it checked.
 */
class LiveLinkControlsTest {
    @TempDir
    Path dir;

    @Test
    void theDelayChangesWithinASecondAndTheDropKeyLosesEveryPacket() throws Exception {
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0, "a private lab network: " + probe.output());
        assertTrue(dir.toFile().setReadable(true, false) && dir.toFile().setExecutable(true, false));
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(dir.resolve("cp")));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(ChildLessonRun.AS_NOBODY);
            command.add("--");
        }
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath),
                LinkControlChild.class.getName()));
        Labnet.Outcome ran = Labnet.runCommand(command);
        assertEquals(0, ran.status(), ran.output());
        assertTrue(ran.output().contains("link control: passed"), ran.output());
        System.out.println(ran.output().strip());
    }
}

package org.socketlab.lesson;

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
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Issue 78's walk: the presenter's drop held during a link lesson's step does not end the lesson, and released, the
 * link is the lesson's again; on the real wire of the lab network, as nobody when this test runs as root.
 * {@link HeldDropLessonChild} says what it checked.
 */
class HeldDropLessonTest {
    @TempDir
    Path dir;

    @Test
    void aDropHeldDuringAStepLetsTheLessonGoOnOnItsOwnLink() throws Exception {
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
                HeldDropLessonChild.class.getName()));
        Labnet.Outcome ran = Labnet.runCommand(command);
        assertEquals(0, ran.status(), ran.output());
        assertTrue(ran.output().contains("held drop lesson: passed"), ran.output());
        System.out.println(ran.output().strip());
    }
}

package org.socketlab.ui.shell;

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
 * Issue 78 item 1: hold-to-drop where the presenter is. The real window on two machines joined by SocketLab's wire, in
 * presenter mode, on the headless platform, as nobody when this test runs as root: F9, D and the strip's button held
 * drop every packet on the wire and released carry as before ({@link PresenterDropChild} says what it checked).
 */
class PresenterDropTest {
    @TempDir
    Path dir;

    @Test
    void f9DAndTheButtonHeldInPresenterModeDropEveryPacketOnTheWire() throws Exception {
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
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env", "HOME=" + dir,
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        // The headless platform (as the window tests run): no display in the lab network.
        command.addAll(ChildJvm.command("-Dglass.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "-cp", String.join(File.pathSeparator, classPath), PresenterDropChild.class.getName()));
        Labnet.Outcome ran = Labnet.runCommand(command);
        assertEquals(0, ran.status(), ran.output());
        assertTrue(ran.output().contains("presenter drop: passed"), ran.output());
        System.out.println(ran.output().strip());
    }
}

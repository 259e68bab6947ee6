package org.socketlab.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the window skips JavaFX's OpenGL attempt: on Linux without a GPU device, unless the user chose a renderer. */
class PrismTest {
    @Test
    void withoutAnyGpuDeviceLinuxDrawsInSoftware(@TempDir Path dev) throws Exception {
        assertTrue(Prism.softwareOnly("Linux", null, dev), "no /dev/dri at all");
        Files.createDirectories(dev.resolve("dri/by-path"));
        assertTrue(Prism.softwareOnly("Linux", null, dev), "a /dev/dri without card or render nodes");
    }

    @Test
    void aGpuDeviceLeavesJavaFxItsOwnChoice(@TempDir Path dev) throws Exception {
        Files.createDirectories(dev.resolve("dri"));
        Files.createFile(dev.resolve("dri/renderD128"));
        assertFalse(Prism.softwareOnly("Linux", null, dev));
        Files.delete(dev.resolve("dri/renderD128"));
        Files.createFile(dev.resolve("dri/card0"));
        assertFalse(Prism.softwareOnly("Linux", null, dev));
    }

    @Test
    void nvidiasOwnDriverCounts(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("nvidia0"));
        assertFalse(Prism.softwareOnly("Linux", null, dev));
    }

    @Test
    void theUsersChoiceAndOtherSystemsAreLeftAlone(@TempDir Path dev) {
        assertFalse(Prism.softwareOnly("Linux", "es2", dev), "-Dprism.order given");
        assertFalse(Prism.softwareOnly("Mac OS X", null, dev));
        assertFalse(Prism.softwareOnly("Windows 11", null, dev));
    }
}

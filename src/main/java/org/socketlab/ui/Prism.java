package org.socketlab.ui;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which JavaFX renderer to try. JavaFX tries OpenGL (es2) first and falls back to its software renderer; on Linux it
 * refuses OpenGL without a hardware driver anyway ("Failed Graphics Hardware Qualifier check"), but only after
 * initialising Mesa's software OpenGL, which costs 130 ms of CPU at start (under Xvfb, in a VM without a GPU). Where no
 * GPU device exists the software renderer is chosen at once; a {@code -Dprism.order} given by the user always wins.
 */
final class Prism {
    /** The device nodes a hardware OpenGL driver opens: Mesa's DRM drivers, and NVIDIA's own. */
    private static final List<String> GPU_DEVICE_PREFIXES = List.of("card", "renderD");

    private Prism() {
    }

    static void chooseSoftwareWithoutGpu() {
        if (softwareOnly(System.getProperty("os.name", ""), System.getProperty("prism.order"), Path.of("/dev"))) {
            System.setProperty("prism.order", "sw");
        }
    }

    /** Whether to skip OpenGL: on Linux, when the user chose no order and {@code dev} holds no GPU device. */
    static boolean softwareOnly(String osName, String prismOrder, Path dev) {
        if (!osName.startsWith("Linux") || prismOrder != null) return false;
        return !hasGpu(dev);
    }

    private static boolean hasGpu(Path dev) {
        if (Files.exists(dev.resolve("nvidia0"))) return true;
        try (var nodes = Files.list(dev.resolve("dri"))) {
            return nodes.map(p -> p.getFileName().toString())
                    .anyMatch(n -> GPU_DEVICE_PREFIXES.stream().anyMatch(n::startsWith));
        } catch (IOException | SecurityException e) {
            return false; // no /dev/dri: no DRM driver, so no hardware OpenGL
        }
    }
}

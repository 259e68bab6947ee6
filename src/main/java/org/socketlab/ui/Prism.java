package org.socketlab.ui;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which JavaFX renderer to try. JavaFX tries OpenGL (es2) first and falls back to its software renderer; on Linux it
 * refuses OpenGL without a hardware driver anyway ("Failed Graphics Hardware Qualifier check"), but only after
 * initialising Mesa's software OpenGL, which costs 130 ms of CPU at start (under Xvfb, in a VM without a GPU). Where no
 * GPU device exists the software renderer is chosen at once; a {@code -Dprism.order} given by the user always wins.
 * <p>
 * With the software renderer chosen here, JavaFX's cache of region backgrounds is turned off too: in software its
 * atlas is a 2048x1024 int[] in the Java heap, 8 MB of the idle window's memory (issue 62), for backgrounds that the
 * renderer draws again quickly enough (docs/performance.md measures both). A {@code -Dprism.disableRegionCaching} given
 * by the user wins as well.
 */
final class Prism {
    /** The device nodes a hardware OpenGL driver opens: Mesa's DRM drivers, and NVIDIA's own. */
    private static final List<String> GPU_DEVICE_PREFIXES = List.of("card", "renderD");
    static final String ORDER = "prism.order";
    static final String NO_REGION_CACHE = "prism.disableRegionCaching";

    private Prism() {
    }

    static void chooseSoftwareWithoutGpu() {
        choices(System.getProperty("os.name", ""), System.getProperty(ORDER), System.getProperty(NO_REGION_CACHE),
                Path.of("/dev")).forEach(System::setProperty);
    }

    /**
     * The system properties to set before the toolkit starts: on Linux without a GPU device and without the user's
     * {@code prism.order}, the software renderer, and its region cache off unless the user said otherwise.
     */
    static Map<String, String> choices(String osName, String prismOrder, String regionCaching, Path dev) {
        if (!softwareOnly(osName, prismOrder, dev)) return Map.of();
        if (regionCaching != null) return Map.of(ORDER, "sw");
        return Map.of(ORDER, "sw", NO_REGION_CACHE, "true");
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

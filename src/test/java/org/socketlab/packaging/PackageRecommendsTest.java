package org.socketlab.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.MissingTool;
import org.socketlab.testing.ChildJvm;

/**
 * Issue 77: the packages bring what the product needs. packaging/Bundle.java's own control file and spec (printed by
 * {@code java packaging/Bundle.java --print deb|rpm VERSION}, the text the installers are built from): the .deb
 * recommends tcpdump and strace (apt installs Recommends by default, so {@code apt install ./socketlab_*.deb} brings
 * them) and suggests nothing; the .rpm the same as weak dependencies. Every tool the program says how to install is one
 * of them. The built .deb itself is read by StockInstallContainerTest ({@code dpkg-deb -f}).
 */
class PackageRecommendsTest {
    @Test
    void theDebAndTheRpmRecommendTcpdumpAndStrace() throws Exception {
        String control = print("deb");
        assertTrue(control.lines().anyMatch("Recommends: tcpdump, strace"::equals), control);
        assertTrue(control.lines().noneMatch(l -> l.startsWith("Suggests:")), control);
        assertTrue(control.lines().anyMatch(l -> l.startsWith("Depends: libc6, libgtk-3-0")), control);
        String spec = print("rpm");
        assertTrue(spec.lines().anyMatch("Recommends: tcpdump, strace"::equals), spec);
        assertTrue(spec.lines().noneMatch(l -> l.startsWith("Suggests:")), spec);
        assertEquals(List.of("tcpdump", "strace"),
                Arrays.stream(MissingTool.values()).map(MissingTool::program).toList(),
                "the tools the program names are the ones the packages recommend");
    }

    private static String print(String kind) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.java(), "packaging/Bundle.java", "--print", kind, "0.1.0")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Bundle.java ended");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

package org.socketlab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The engine packages NullAway checks stay checked (docs/contributing.md, "Null checking"): each of them and every
 * package under them is {@code @NullMarked} in the compiled classes, and the build keeps NullAway an error there.
 */
class NullMarkedPackagesTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    static final List<String> NULL_MARKED = List.of("org.socketlab.syscall", "org.socketlab.kernel",
            "org.socketlab.capture", "org.socketlab.journal", "org.socketlab.story", "org.socketlab.lesson",
            "org.socketlab.check", "org.socketlab.export", "org.socketlab.trace",
            "org.socketlab.lab");

    @Test
    void theEnginePackagesAreNullMarked() throws IOException {
        List<String> packages = new ArrayList<>();
        for (String root : NULL_MARKED) {
            try (Stream<Path> dirs = Files.walk(MAIN.resolve(root.replace('.', '/')))) {
                dirs.filter(Files::isDirectory).map(d -> MAIN.relativize(d).toString().replace('/', '.'))
                        .forEach(packages::add);
            }
        }
        assertTrue(packages.containsAll(NULL_MARKED), "the packages were found: " + packages);
        List<String> unmarked = new ArrayList<>();
        for (String name : packages) {
            try {
                if (!Class.forName(name + ".package-info").isAnnotationPresent(NullMarked.class)) unmarked.add(name);
            } catch (ClassNotFoundException e) {
                unmarked.add(name + " (its package-info carries no annotation)");
            }
        }
        assertEquals(List.of(), unmarked);
    }

    @Test
    void theBuildMakesNullAwayAnError() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        for (String option : List.of("-Xplugin:ErrorProne", "-Xep:NullAway:ERROR",
                "-XepOpt:NullAway:OnlyNullMarked=true"))
            assertTrue(pom.contains(option), "pom.xml passes " + option + " to javac");
    }
}

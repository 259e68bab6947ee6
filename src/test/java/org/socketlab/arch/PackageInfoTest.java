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
import org.junit.jupiter.api.Test;

/** Every package of src/main has a package-info.java saying what lives there and what may not (docs/contributing.md). */
class PackageInfoTest {
    private static final Path MAIN = Path.of("src", "main", "java");

    @Test
    void everyPackageSaysWhatLivesThere() throws IOException {
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            packages = dirs.filter(Files::isDirectory).filter(PackageInfoTest::holdsClasses).toList();
        }
        assertTrue(packages.size() >= 20, "the packages were found: " + packages);
        List<String> missing = new ArrayList<>();
        for (Path dir : packages) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                missing.add(dir + ": no package-info.java");
                continue;
            }
            String text = Files.readString(info, StandardCharsets.UTF_8);
            String name = MAIN.relativize(dir).toString().replace('/', '.');
            if (!text.contains("/**") || !text.contains("package " + name + ";"))
                missing.add(info + ": a Javadoc sentence, then package " + name);
        }
        assertEquals(List.of(), missing);
    }

    private static boolean holdsClasses(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")
                    && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.testing.ChildJvm;

/** {@code socketlab run LESSON --lang en} in a child JVM started through a privilege-changing prefix (setpriv ...). */
public final class ChildLessonRun {
    private ChildLessonRun() {
    }

    /**
     * Runs the lesson with {@code prefix} before the java command and {@code classPath} as its class path, in
     * {@code dir}; asserts it ended with exit 0 (every step as expected) and returns what it printed.
     */
    static String passes(List<String> prefix, List<String> classPath, Path dir, String lesson) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add("--");
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main", "run",
                lesson, "--lang", "en"));
        Process child = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child run ended");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), out);
        return out;
    }

    /**
     * This JVM's class path copied into {@code dir} and made readable by everyone, for a child run as another user
     * (the Maven repository under /root is not readable by nobody).
     */
    public static List<String> readableCopyOfClassPath(Path dir) throws IOException {
        List<String> classPath = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = dir.resolve("cp" + i++ + (Files.isDirectory(from) ? "" : ".jar"));
            if (Files.isDirectory(from)) {
                try (var walk = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(target);
                        else Files.copy(p, target);
                    }
                }
            } else {
                Files.copy(from, to);
            }
            classPath.add(to.toString());
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                File f = p.toFile();
                assertTrue(f.setReadable(true, false), "made readable: " + p);
                if (f.isDirectory()) assertTrue(f.setExecutable(true, false), "made searchable: " + p);
            }
        }
        return classPath;
    }

    /** setpriv's arguments that make the child nobody (uid and gid 65534, nogroup on Debian) with no capabilities. */
    public static final List<String> AS_NOBODY = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all");
}

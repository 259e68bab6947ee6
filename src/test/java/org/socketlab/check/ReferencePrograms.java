package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.CiRules;
import org.socketlab.trace.Strace;

/**
 * The reference submissions under {@code src/test/resources/org/socketlab/check/CHECK/}: C programs compiled here with
 * gcc, Python programs run by the real interpreter. On CI a missing gcc, python3 or strace fails the test
 * ({@link CiRules}); elsewhere the test is reported skipped, never passed quietly.
 */
public final class ReferencePrograms {
    static final String DIR = "/org/socketlab/check/";

    private ReferencePrograms() {
    }

    public static Strace strace() {
        CiRules.requireOrSkip(Strace.installed(), "strace");
        return Strace.find();
    }

    public static Path gcc() {
        Path cc = Sandbox.program("gcc", Path.of("/")).orElse(null);
        CiRules.requireOrSkip(cc != null, "gcc");
        return cc;
    }

    /** The real python3 binary (not a version manager's shell script in front of it). */
    public static Path python() throws IOException, InterruptedException {
        Path shim = Sandbox.program("python3", Path.of("/")).orElse(null);
        CiRules.requireOrSkip(shim != null, "python3");
        Process p = new ProcessBuilder(shim.toString(), "-c", "import os, sys; print(os.path.realpath(sys.executable))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        Path real = Path.of(out);
        CiRules.requireOrSkip(Files.isExecutable(real), "python3 (" + out + ")");
        return real;
    }

    /** Copies a reference source out of the test resources into {@code dir}. */
    public static Path source(String check, String file, Path dir) throws IOException {
        try (InputStream in = ReferencePrograms.class.getResourceAsStream(DIR + check + "/" + file)) {
            assertNotNull(in, "no reference program " + check + "/" + file);
            Path to = dir.resolve(file);
            Files.write(to, in.readAllBytes());
            return to;
        }
    }

    /** Compiles {@code check/name.c} with gcc into {@code dir/name}. */
    public static Path compile(String check, String name, Path dir) throws IOException, InterruptedException {
        Path cc = gcc();
        Path src = source(check, name + ".c", dir);
        Path bin = dir.resolve(name);
        Process p = new ProcessBuilder(cc.toString(), "-O1", "-pthread", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "gcc " + check + "/" + name + ".c: " + out);
        return bin;
    }

    /** The command that runs reference {@code file} ({@code name.c} compiled, or {@code name.py} with python3). */
    public static List<String> command(String check, String file, Path dir) throws IOException, InterruptedException {
        if (file.endsWith(".py")) return List.of(python().toString(), source(check, file, dir).toString());
        return List.of(compile(check, file.substring(0, file.length() - 2), dir).toString());
    }
}

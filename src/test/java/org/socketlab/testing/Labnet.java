package org.socketlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.CiRules;
import org.socketlab.syscall.TrustedPrograms;

/**
 * packaging/linux/labnet.c built for tests as the app-image builds it (statically linked, packaging/Bundle.java), once
 * per test JVM, into a folder every user may read: tests run it as nobody too.
 */
public final class Labnet {
    private static Path built;

    private Labnet() {
    }

    /** The built labnet; skipped (failed on CI) without gcc and a static C library. */
    public static synchronized Path built() throws IOException, InterruptedException {
        if (built != null) return built;
        Path gcc = Path.of("/usr/bin/gcc");
        CiRules.requireOrSkip(Files.isExecutable(gcc), "gcc (to build packaging/linux/labnet.c)");
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "labnet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dir.toFile().deleteOnExit();
        Path out = dir.resolve("labnet");
        Process cc = new ProcessBuilder(gcc.toString(), "-static", "-O2", "-s", "-Wall", "-Wextra", "-Werror", "-o",
                out.toString(), Path.of("packaging/linux/labnet.c").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String said = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, "labnet.c compiles: " + said);
        assertTrue(out.toFile().setReadable(true, false) && out.toFile().setExecutable(true, false));
        out.toFile().deleteOnExit();
        // The broker starts an endpoint on a second host from the program beside labnet (as in the app-image's lib/).
        Path endpoint = Path.of("target/native/socketlab-endpoint");
        if (Files.isExecutable(endpoint)) {
            Path beside = Files.copy(endpoint, dir.resolve("socketlab-endpoint"));
            assertTrue(beside.toFile().setReadable(true, false) && beside.toFile().setExecutable(true, false));
            beside.toFile().deleteOnExit();
        }
        return built = out;
    }

    /**
     * For a test that needs the lab network's capture (the broker starts tcpdump inside it): skipped, naming tcpdump,
     * where it is not installed; failed on CI ({@link CiRules#requireOrSkip}).
     */
    public static void requireTcpdump() {
        CiRules.requireOrSkip(TrustedPrograms.find("tcpdump").isPresent(),
                "tcpdump (apt install tcpdump; the lab network captures the wire with it)");
    }

    /** What a command printed (stdout and stderr together) and its exit status. */
    public record Outcome(int status, String output) {
    }

    /** Runs labnet with {@code arguments}, at most 60 s. */
    public static Outcome run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(built().toString()));
        command.addAll(arguments);
        return runCommand(command);
    }

    public static Outcome runCommand(List<String> command) throws IOException, InterruptedException {
        // Its output goes to a file: a pipe would keep the read waiting while anything it started still held it.
        Path output = Files.createTempFile("labnet-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("did not end in 60 s: " + command + "\n" + Files.readString(output));
            }
            return new Outcome(p.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

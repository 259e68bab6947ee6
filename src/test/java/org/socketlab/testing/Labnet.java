package org.socketlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.socketlab.CiRules;
import org.socketlab.syscall.TrustedPrograms;

/**
 * labnet as Maven's compile phase builds it (packaging/linux/build-native.sh, the one place that says how: statically
 * linked, as the app-image's), with the endpoint program beside it (the broker starts a second host's endpoint from
 * there, as in the app-image's lib/), copied once per test JVM into a folder every user may read: tests run it as
 * nobody too, who may not enter this checkout.
 */
public final class Labnet {
    /** Where the compile phase puts the native programs (pom.xml, execution "native"). */
    public static final Path NATIVE = Path.of("target/native");
    private static Path built;

    private Labnet() {
    }

    /** The built labnet; skipped (failed on CI) when the compile phase has not built it. */
    public static synchronized Path built() throws IOException {
        if (built != null) return built;
        requireNative(NATIVE);
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "labnet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dir.toFile().deleteOnExit();
        for (String program : List.of("socketlab-endpoint", "labnet", "socketlab-wire")) {
            Path copy = Files.copy(NATIVE.resolve(program), dir.resolve(program));
            assertTrue(copy.toFile().setReadable(true, false) && copy.toFile().setExecutable(true, false));
            copy.toFile().deleteOnExit();
        }
        return built = dir.resolve("labnet");
    }

    /**
     * Skipped (failed on CI, {@link CiRules#requireOrSkip}) unless {@code folder} holds labnet and socketlab-endpoint,
     * naming the command that builds them.
     */
    public static void requireNative(Path folder) {
        boolean present = Files.isExecutable(folder.resolve("labnet"))
                && Files.isExecutable(folder.resolve("socketlab-endpoint"))
                && Files.isExecutable(folder.resolve("socketlab-wire"));
        CiRules.requireOrSkip(present, folder + "/labnet and " + folder + "/socketlab-endpoint (Maven's compile phase"
                + " builds them, and socketlab-wire, with packaging/linux/build-native.sh: mvn -B compile)");
    }

    /**
     * For a test that runs tcpdump itself (to read a file it wrote, as an outside referee): skipped, naming tcpdump,
     * where it is not installed; failed on CI ({@link CiRules#requireOrSkip}). The lab's own capture needs none.
     */
    public static void requireTcpdump() {
        CiRules.requireOrSkip(TrustedPrograms.find("tcpdump").isPresent(), "tcpdump (apt install tcpdump)");
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

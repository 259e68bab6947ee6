package org.socketlab.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a test starts a JVM of its own java as a child process (SocketLab's {@code Main}, or a class of the
 * tests): the command's start, to which the test adds its class path, properties, main class and arguments, and before
 * which it may put a wrapper (setpriv, labnet, strace, env...).
 */
public final class ChildJvm {
    /**
     * A test's child JVM lives seconds, so its startup is most of its cost, and a whole run starts hundreds of them on
     * two cores: C1 alone and Serial GC (no compiler or GC threads to start) cut {@code socketlab run read-write}'s user
     * CPU from 1.13 s to about 0.6 s (root, two cores, load 4-5).
     */
    private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");

    private ChildJvm() {
    }

    /** This test JVM's own java binary. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A short-lived child JVM: java, native access (the lab's calls are FFM), the flags above, then {@code rest}. */
    public static List<String> command(String... rest) {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(SHORT_LIVED);
        command.addAll(List.of(rest));
        return command;
    }

    /**
     * A child JVM that computes for minutes (rounds of lessons, a batch of checks): the JVM's default compilers and GC,
     * whose C2 pays for itself there; then {@code rest}.
     */
    public static List<String> computing(String... rest) {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xshare:auto"));
        command.addAll(List.of(rest));
        return command;
    }
}

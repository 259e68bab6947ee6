package org.socketlab.capture;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Os;

/**
 * The window started from source ({@code mvn -q compile exec:exec}, which runs java itself and marks it with
 * {@value #VARIABLE}) enters the private lab network as the app-image's launcher would: the same program is started
 * again under {@code labnet enter}, the labnet the compile phase built into target/native. labnet runs it without the
 * lab network when the system refuses one, and says why ({@link LabNetwork#ERROR_VARIABLE}), as it does for the
 * launcher; the window then shows that reason.
 */
public final class SourceLaunch {
    public static final String VARIABLE = "SOCKETLAB_FROM_SOURCE";
    static final String LABNET = "labnet";

    private SourceLaunch() {
    }

    /**
     * The command that starts this program again inside the lab network; empty when it was not started from source,
     * is in a lab network already (or was refused one), the user chose this computer's network, or labnet was not
     * built.
     */
    static Optional<List<String>> again(Map<String, String> env, Optional<Path> labnet, Optional<String> java,
            List<String> arguments, Optional<String> preference) {
        if (!"1".equals(env.get(VARIABLE)) || Os.current() != Os.LINUX) return Optional.empty();
        if (present(env.get(LabNetwork.BROKER_VARIABLE)) || present(env.get(LabNetwork.ERROR_VARIABLE)))
            return Optional.empty();
        if ("host".equals(env.get(NetworkChoice.NETWORK_VARIABLE))
                || preference.map(String::strip).filter("host"::equals).isPresent())
            return Optional.empty();
        if (labnet.isEmpty() || java.isEmpty()) return Optional.empty();
        List<String> command = new ArrayList<>(List.of(labnet.get().toString(), "enter", "--", java.get()));
        command.addAll(arguments);
        return Optional.of(List.copyOf(command));
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Runs this program again inside the lab network when {@link #again} says so, and returns its exit code; empty
     * when this process goes on itself.
     */
    public static OptionalInt relaunch() {
        // Asked first: the app-image's launcher never sets it, and what follows (the lab network's descriptors through
        // the JDK's foreign linker, this process's command line) took the window's start about 25 ms (issue 62).
        if (!"1".equals(System.getenv(VARIABLE))) return OptionalInt.empty();
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<List<String>> command = again(System.getenv(), built(), self.command(),
                self.arguments().map(List::of).orElse(List.of()), preference());
        if (command.isEmpty()) return OptionalInt.empty();
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().remove(VARIABLE);
        try {
            // This process ends with the window's, however often it is interrupted meanwhile.
            return OptionalInt
                    .of(ChildProcesses.exitOf(ChildProcesses.startDyingWithParent(builder, "window").process()));
        } catch (IOException e) {
            return OptionalInt.empty(); // labnet would not start: the window opens here, on this computer's network
        }
    }

    /** labnet beside the running classes (target/classes → target/native/labnet), when it was built. */
    static Optional<Path> built() {
        try {
            var source = SourceLaunch.class.getProtectionDomain().getCodeSource();
            if (source == null || !"file".equals(source.getLocation().getProtocol())) return Optional.empty();
            Path labnet = Path.of(source.getLocation().toURI()).resolveSibling("native").resolve(LABNET);
            return Files.isExecutable(labnet) ? Optional.of(labnet) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> preference() {
        Path file = NetworkChoice.ofThisProcess().preference();
        try {
            return file != null && Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

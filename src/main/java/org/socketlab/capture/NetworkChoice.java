package org.socketlab.capture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.ProcessStarts;

/**
 * The window's choice of network: the private lab network (wire captured) or this computer's loopback (reach programs
 * in the user's terminals). A process cannot leave or enter a network namespace once running, so a change starts the
 * window again through its launcher: into the lab network by starting the launcher anew; out of it by asking labnet,
 * which waits outside, to start the program again on the host ({@link LabNetwork}'s leave pipe). The choice is kept
 * in {@code $XDG_CONFIG_HOME/socketlab/network} (the word {@code host}), which the launcher reads.
 *
 * @param network    the network this process is in
 * @param launcher   the launcher that started it (bin/socketlab), if any: without one nothing can be changed
 * @param leave      labnet's leave pipe ({@code /proc/self/fd/N}), inside a private lab network
 * @param preference the file that keeps the choice
 */
public record NetworkChoice(LabNetwork network, @Nullable Path launcher, @Nullable Path leave,
        @Nullable Path preference) {
    public static final String LAUNCHER_VARIABLE = "SOCKETLAB_LAUNCHER", LEAVE_VARIABLE = LabNetwork.LEAVE_VARIABLE,
            NETWORK_VARIABLE = "SOCKETLAB_NETWORK";
    /** The terminal opened in the lab network: xterm runs its shell as its own child (some terminals hand the window to
     * a server started elsewhere, whose shells would be on this computer's network). */
    static final List<Path> TERMINALS = List.of(Path.of("/usr/bin/xterm"));

    /** This process's choice, from its environment. */
    public static NetworkChoice ofThisProcess() {
        return fromEnvironment(System.getenv(), LabNetwork.current());
    }

    static NetworkChoice fromEnvironment(Map<String, String> env, LabNetwork network) {
        String launcher = env.get(LAUNCHER_VARIABLE), leave = env.get(LEAVE_VARIABLE);
        Path pipe = leave != null && leave.matches("[0-9]{1,4}") ? Path.of("/proc/self/fd", leave) : null;
        String config = env.get("XDG_CONFIG_HOME"), home = env.get("HOME");
        // The XDG spec: a relative path is invalid and ignored (as the window's layout and the launcher do).
        Path folder = config != null && config.startsWith("/")
                ? Path.of(config)
                : home != null && home.startsWith("/") ? Path.of(home, ".config") : null;
        return new NetworkChoice(network,
                launcher == null || launcher.isBlank() ? null : Path.of(launcher), pipe,
                folder == null ? null : folder.resolve("socketlab").resolve("network"));
    }

    /** Whether the other network can be chosen from here (started by the launcher, with somewhere to keep it). */
    public boolean canSwitch() {
        if (launcher == null || preference == null || !Files.isExecutable(launcher)) return false;
        return !network.isPrivate() || leave != null;
    }

    /**
     * Keeps {@code privateNetwork} as the choice and prepares the start in it: the caller then ends this program.
     * Nothing happens when it is the network already in use.
     *
     * @return whether the program must now end (a new one starts in the chosen network)
     */
    public boolean switchTo(boolean privateNetwork) throws IOException {
        Path launcher = this.launcher, preference = this.preference; // canSwitch() says neither is null
        if (privateNetwork == network.isPrivate() || !canSwitch() || launcher == null || preference == null)
            return false;
        Files.createDirectories(preference.getParent());
        if (privateNetwork) {
            Files.deleteIfExists(preference);
            ProcessBuilder again = new ProcessBuilder(launcher.toString()).inheritIO();
            Map<String, String> env = again.environment();
            env.remove(NETWORK_VARIABLE);
            env.remove(LabNetwork.ERROR_VARIABLE);
            LabNetwork.withoutBroker(env);
            ProcessStarts.start(again);
        } else {
            Files.writeString(preference, "host\n", StandardCharsets.UTF_8);
            // labnet, outside the namespace, starts the program again on this computer's network once this one ends
            Files.writeString(leave, "host\n", StandardCharsets.UTF_8);
        }
        return true;
    }

    /** The terminal program to open in the lab network, if one is installed. */
    public static Optional<Path> terminal() {
        return TERMINALS.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Opens a terminal whose shell is in the lab network: {@code nc 127.0.0.1 5000} there reaches the lab's server.
     * The shell gets the user's environment without the broker's name.
     */
    public Process openTerminal(Path terminal, String title) throws IOException {
        if (!network.isPrivate()) throw new IllegalStateException("not in a private lab network");
        ProcessBuilder builder = new ProcessBuilder(terminal.toString(), "-title", title)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        LabNetwork.withoutBroker(env);
        return ProcessStarts.start(builder);
    }
}

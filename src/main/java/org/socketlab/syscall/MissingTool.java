package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A program SocketLab uses but does not ship, which the .deb and the .rpm recommend (issue 77): whether it is here,
 * and the one command that installs it on this system, chosen from /etc/os-release (its ID, then its ID_LIKE).
 */
public enum MissingTool {
    /** Captures the wire on this computer's own network: {@code serve}, {@code trace} without {@code --lab-network}. */
    TCPDUMP("tcpdump"),
    /** Watches a program's calls: {@code trace}, {@code check}, the window's Watch a program and Check. */
    STRACE("strace");

    /** Where the system says what it is (os-release(5)); /usr/lib/os-release is the fallback it names. */
    static final List<Path> OS_RELEASE = List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"));

    /**
     * The package managers SocketLab's packages are made for (the enum's name, lower case, is the program), and the
     * distributions that use them.
     */
    enum PackageManager {
        APT(List.of("debian", "ubuntu")), DNF(List.of("fedora", "rhel", "centos"));

        final List<String> families;

        PackageManager(List<String> families) {
            this.families = families;
        }

        /** A command line, not a sentence: the same in every language. */
        String install(String program) {
            return String.join(" ", List.of("sudo", name().toLowerCase(Locale.ROOT), "install", program));
        }
    }

    private final String program;

    MissingTool(String program) {
        this.program = program;
    }

    /** The program's name, which is also its package's on Debian, Ubuntu and Fedora. */
    public String program() {
        return program;
    }

    /** Whether the program is where SocketLab looks for it ({@link TrustedPrograms}). */
    public boolean installed() {
        return TrustedPrograms.find(program).isPresent();
    }

    /** The one command that installs it here, e.g. {@code sudo apt install strace}; both on an unknown system. */
    public String installCommand() {
        return installCommand(readOsRelease());
    }

    /** As {@link #installCommand()} for the fields of an os-release file (tests). */
    String installCommand(Map<String, String> osRelease) {
        return packageManager(osRelease)
                .map(pm -> pm.install(program))
                .orElse(PackageManager.APT.install(program) + " / " + PackageManager.DNF.install(program));
    }

    /** APT or DNF from ID, then from each word of ID_LIKE in order; empty when neither names a known family. */
    static Optional<PackageManager> packageManager(Map<String, String> osRelease) {
        String id = osRelease.getOrDefault("ID", "");
        List<String> ids = new ArrayList<>(List.of(id));
        ids.addAll(Arrays.asList(osRelease.getOrDefault("ID_LIKE", "").split("\\s+")));
        for (String word : ids) {
            String w = word.toLowerCase(Locale.ROOT);
            for (PackageManager pm : PackageManager.values())
                if (pm.families.contains(w)) return Optional.of(pm);
        }
        return Optional.empty();
    }

    /** The first os-release file's KEY=value lines, quotes taken off; empty when none can be read. */
    static Map<String, String> readOsRelease() {
        for (Path file : OS_RELEASE) {
            try {
                return parseOsRelease(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                // the next file, then none: the command for both families is still right
            }
        }
        return Map.of();
    }

    static Map<String, String> parseOsRelease(String text) {
        return text.lines()
                .map(String::strip)
                .filter(l -> !l.startsWith("#") && l.indexOf('=') > 0)
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
                        l -> unquote(l.substring(l.indexOf('=') + 1)), (first, later) -> first));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'")))
            return value.substring(1, value.length() - 1);
        return value;
    }

    /** Every tool of this list that is not installed. */
    public static List<MissingTool> absent() {
        return Arrays.stream(values()).filter(t -> !t.installed()).toList();
    }
}

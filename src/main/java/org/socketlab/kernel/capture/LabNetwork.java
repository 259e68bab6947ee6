package org.socketlab.kernel.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which network this SocketLab runs in, as its launcher left it in the environment.
 *
 * <p>The launcher ({@code bin/socketlab}) starts the window, {@code run}, {@code quiz} and the lessons inside a
 * <b>private lab network</b> made by {@code labnet} (packaging/linux/labnet.c): a user + network namespace of its own,
 * with its own loopback. There, a broker that kept the namespace's network capabilities runs tcpdump (and nft) for
 * the lab, so an ordinary user's wire is captured, while the lab's own calls run without any capability. Only the
 * lab's traffic is on that loopback. {@code serve} and {@code trace} run on this computer's network, where their peers
 * are.
 *
 * @param kind    which case applies
 * @param broker  the broker's name (PRIVATE only)
 * @param helper  the labnet program that asks the broker (PRIVATE only)
 * @param why     why the private network could not be made (UNAVAILABLE only): a code ({@code apparmor},
 *                {@code max_user_namespaces}, {@code unprivileged_userns_clone}, {@code not_permitted},
 *                {@code failed})
 * @param detail  the system's own words for it (UNAVAILABLE only), e.g. "Operation not permitted"
 */
public record LabNetwork(Kind kind, String broker, Path helper, String why, String detail) {
    public static final String BROKER_VARIABLE = "SOCKETLAB_LABNET", HELPER_VARIABLE = "SOCKETLAB_LABNET_HELPER",
            ERROR_VARIABLE = "SOCKETLAB_LABNET_ERROR", LEAVE_VARIABLE = "SOCKETLAB_LABNET_LEAVE";

    public enum Kind {
        /** A private lab network: the wire is captured without root, only the lab's traffic is on it. */
        PRIVATE,
        /** This computer's own network: started without the lab network (serve, trace, or on purpose). */
        HOST,
        /** The private network was wanted but the system refused it; this computer's network is used instead. */
        UNAVAILABLE
    }

    public LabNetwork {
        if (kind == Kind.PRIVATE && (broker == null || helper == null))
            throw new IllegalArgumentException("a private lab network needs its broker and helper");
    }

    /** This process's network, from its environment. */
    public static LabNetwork current() {
        return fromEnvironment(System.getenv());
    }

    static LabNetwork fromEnvironment(Map<String, String> env) {
        String broker = env.get(BROKER_VARIABLE), helper = env.get(HELPER_VARIABLE), error = env.get(ERROR_VARIABLE);
        if (broker != null && !broker.isBlank() && helper != null && !helper.isBlank()
                && Files.isExecutable(Path.of(helper)))
            return new LabNetwork(Kind.PRIVATE, broker, Path.of(helper), null, null);
        if (error != null && !error.isBlank()) {
            int colon = error.indexOf(':');
            String why = colon < 0 ? error : error.substring(0, colon);
            String detail = colon < 0 ? "" : error.substring(colon + 1);
            return new LabNetwork(Kind.UNAVAILABLE, null, null, why.strip(), detail.strip());
        }
        return host();
    }

    /** This computer's network, on purpose. */
    public static LabNetwork host() {
        return new LabNetwork(Kind.HOST, null, null, null, null);
    }

    public boolean isPrivate() {
        return kind == Kind.PRIVATE;
    }

    /**
     * {@code command} (a program of {@link #PRIVILEGED} and its arguments) as run with the lab network's capture and
     * network rights: the broker runs it from a system folder. Only in a private lab network.
     */
    public List<String> privileged(String program, List<String> arguments) {
        if (!isPrivate()) throw new IllegalStateException("not in a private lab network");
        if (!PRIVILEGED.contains(program)) throw new IllegalArgumentException("not a lab network program: " + program);
        List<String> command = new ArrayList<>(List.of(helper.toString(), "run", "--", program));
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** The only programs the broker runs with the lab network's rights. */
    public static final List<String> PRIVILEGED = List.of("tcpdump", "nft");

    /**
     * The environment of a program the student runs (Watch, check): it is in the same network, but has no business
     * with the broker.
     */
    public static void withoutBroker(Map<String, String> environment) {
        environment.remove(BROKER_VARIABLE);
        environment.remove(HELPER_VARIABLE);
        environment.remove(LEAVE_VARIABLE);
    }

    /** Why this is not a private lab network (null when it is). */
    public CaptureReason whyNotPrivate() {
        return switch (kind) {
            case PRIVATE -> null;
            case UNAVAILABLE -> unavailableReason("lo");
            case HOST -> CaptureReason.of(CaptureReason.LAB_NETWORK_NOT_ENTERED);
        };
    }

    /** Why capture is off on this network when tcpdump was refused (null in a private lab network). */
    public CaptureReason unavailableReason(String device) {
        return switch (kind) {
            case PRIVATE -> null;
            case UNAVAILABLE -> CaptureReason.of(CaptureReason.labNetworkRefused(why), device,
                    detail == null || detail.isBlank() ? "-" : detail);
            case HOST -> CaptureReason.of(CaptureReason.NO_PERMISSION, device);
        };
    }
}

package org.socketlab.capture;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.ProcessStarts;

/**
 * Which network this SocketLab runs in, as its launcher left it.
 *
 * <p>The launcher ({@code bin/socketlab}) starts the window, {@code run}, {@code quiz} and the lessons inside a
 * <b>private lab network</b> made by {@code labnet} (packaging/linux/labnet/): a user + network namespace of its own,
 * with its own loopback. There, a broker that kept the namespace's network capabilities captures the wire (and applies
 * the lab's drop rules) for this program only, through a socketpair labnet handed to it ({@link Broker}); this
 * program and everything it starts run without any capability and cannot make a user namespace. Only the lab's traffic
 * is on that loopback. {@code serve} and {@code trace} run on this computer's network, where their peers are.
 *
 * @param kind    which case applies
 * @param broker  the broker (PRIVATE only)
 * @param why     why the private network could not be made (UNAVAILABLE only): a code ({@code apparmor},
 *                {@code max_user_namespaces}, {@code unprivileged_userns_clone}, {@code not_permitted},
 *                {@code seccomp}, {@code failed})
 * @param detail  the system's own words for it (UNAVAILABLE only), e.g. "Operation not permitted"
 */
public record LabNetwork(Kind kind, @Nullable Broker broker, @Nullable String why, @Nullable String detail) {
    public static final String BROKER_VARIABLE = Broker.VARIABLE, ERROR_VARIABLE = "SOCKETLAB_LABNET_ERROR",
            LEAVE_VARIABLE = "SOCKETLAB_LABNET_LEAVE";

    public enum Kind {
        /** A private lab network: the wire is captured without root, only the lab's traffic is on it. */
        PRIVATE,
        /** This computer's own network: started without the lab network (serve, trace, or on purpose). */
        HOST,
        /** The private network was wanted but the system refused it; this computer's network is used instead. */
        UNAVAILABLE
    }

    public LabNetwork {
        if (kind == Kind.PRIVATE && broker == null)
            throw new IllegalArgumentException("a private lab network needs its broker");
    }

    /**
     * This process's network, from its environment, read once: the environment never changes. Its broker's end is
     * marked close-on-exec before this program starts any other program (a foreign-function call, kept out of the
     * window's first frame: issue 62).
     */
    public static LabNetwork current() {
        return OfThisProcess.NETWORK;
    }

    private static final class OfThisProcess {
        static final LabNetwork NETWORK = fromEnvironment(System.getenv(), fd -> {
            // Only Linux has labnet, and the descriptor calls that mark it.
            if (Os.current() != Os.LINUX) return false;
            ProcessStarts.closeOnExecBeforeNextStart(fd);
            return true;
        });
    }

    static LabNetwork fromEnvironment(Map<String, String> env, IntPredicate keepFromChildren) {
        String value = env.get(BROKER_VARIABLE), error = env.get(ERROR_VARIABLE);
        if (value != null && !value.isBlank()) {
            Optional<Broker> broker = Broker.inherited(value, keepFromChildren);
            if (broker.isPresent()) return inside(broker.get());
            // Named but not handed over (a program started from the lab's program, or a stale variable): no broker.
            return new LabNetwork(Kind.UNAVAILABLE, null, "no_broker", "");
        }
        if (error != null && !error.isBlank()) {
            int colon = error.indexOf(':');
            String why = colon < 0 ? error : error.substring(0, colon);
            String detail = colon < 0 ? "" : error.substring(colon + 1);
            return new LabNetwork(Kind.UNAVAILABLE, null, why.strip(), detail.strip());
        }
        return host();
    }

    /** A private lab network reached through {@code broker}. */
    public static LabNetwork inside(Broker broker) {
        return new LabNetwork(Kind.PRIVATE, broker, null, null);
    }

    /** This computer's network, on purpose. */
    public static LabNetwork host() {
        return new LabNetwork(Kind.HOST, null, null, null);
    }

    public boolean isPrivate() {
        return kind == Kind.PRIVATE;
    }

    /** The broker of a private lab network (throws elsewhere). */
    public Broker requireBroker() {
        // A PRIVATE network always has its broker (the constructor says so); the null test is for the checker.
        if (!isPrivate() || broker == null) throw new IllegalStateException("not in a private lab network");
        return broker;
    }

    /**
     * The environment of a program the student runs (Watch, check, the terminal): it is in the same network, but has
     * no business with the broker (nor could it reach it: the broker's end is not inherited).
     */
    public static void withoutBroker(Map<String, String> environment) {
        environment.remove(BROKER_VARIABLE);
        environment.remove(LEAVE_VARIABLE);
    }
    /** Why this is not a private lab network (null when it is). */
    public @Nullable CaptureReason whyNotPrivate() {
        return switch (kind) {
            case PRIVATE -> null;
            case UNAVAILABLE -> unavailableReason("lo");
            case HOST -> CaptureReason.of(CaptureReason.LAB_NETWORK_NOT_ENTERED);
        };
    }

    /** Why capture is off on this network when tcpdump was refused (null in a private lab network). */
    public @Nullable CaptureReason unavailableReason(String device) {
        return switch (kind) {
            case PRIVATE -> null;
            case UNAVAILABLE -> CaptureReason.of(CaptureReason.labNetworkRefused(why), device,
                    detail == null || detail.isBlank() ? "-" : detail);
            case HOST -> CaptureReason.of(CaptureReason.NO_PERMISSION, device);
        };
    }
}

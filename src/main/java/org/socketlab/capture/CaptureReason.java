package org.socketlab.capture;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.syscall.MissingTool;

/**
 * Why capture runs, stopped or is unavailable: a stable code (the message key {@code capture.reason.CODE}) and
 * the arguments its text needs (a device, an error the system gave). The journal keeps the code, the arguments
 * and the English text; every reader shows it in its own language.
 */
public record CaptureReason(String code, List<String> args) {
    public static final String LOOPBACK = "loopback", TURNED_OFF = "turned_off", LAB_CLOSED = "lab_closed",
            NOT_SUPPORTED = "not_supported", NOT_INSTALLED = "not_installed", NO_PERMISSION = "no_permission",
            START_FAILED = "start_failed", START_TIMEOUT = "start_timeout", INTERRUPTED = "interrupted",
            REFUSED = "refused", STOPPED = "stopped", PACKET_FAILED = "packet_failed", LAB_NETWORK = "lab_network",
            LAB_NETWORK_NOT_ENTERED = "lab_network_not_entered", DROPPED = "dropped", LAB_LINK = "lab_link";
    /** Why a private lab network could not be made, as labnet says it (codes of {@code lab_network_*} reasons). */
    static final Set<String> LAB_NETWORK_REFUSALS = Set.of("apparmor", "max_user_namespaces",
            "unprivileged_userns_clone", "not_permitted", "seccomp", "no_broker", "failed");

    /** The reason code for labnet's {@code why}: {@code lab_network_apparmor}...; an unknown word is "failed". */
    public static String labNetworkRefused(@Nullable String why) {
        return "lab_network_" + (why != null && LAB_NETWORK_REFUSALS.contains(why) ? why : "failed");
    }

    public CaptureReason {
        // tcpdump missing: the reason carries the one command that brings it here (issue 77), said once where it shows
        if (NOT_INSTALLED.equals(code) && args.isEmpty()) args = List.of(MissingTool.TCPDUMP.installCommand());
        args = List.copyOf(args);
    }

    public static CaptureReason of(String code, String... args) {
        return new CaptureReason(code, List.of(args));
    }

    public String key() {
        return key(code);
    }

    public static String key(String code) {
        return "capture.reason." + code;
    }

    /** The reason in a language. */
    public String text(Messages m) {
        return args.isEmpty() ? m.get(key()) : m.get(key(), args.toArray());
    }

    /** The readable English line the journal keeps beside the code. */
    public String english() {
        return text(Messages.of(Lang.EN));
    }
}

package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Request;

/**
 * The signal steps of a lesson file (issue 39): the call {@code "signal"} ({@code "signal": "SIGALRM", "handler":
 * "on_signal", "sa_flags": "SA_RESTART"}: sigaction in the endpoint's process) and {@code "kill": "SIGALRM"} (SocketLab
 * sends the signal). Keeps each endpoint's dispositions while the file is read, so that a kill whose signal the process
 * lives through leaves its waiting call waiting (to be finished: -1 EINTR, or its result after SA_RESTART), and one that
 * ends it ends that call.
 */
final class SignalSteps {
    /** The signals a kill step sends. */
    static final List<String> KILL_SIGNALS = List.of("SIGKILL", "SIGTERM", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE");
    private static final List<String> HANDLERS = List.of("SIG_DFL", "SIG_IGN", "on_signal", "reap_one", "reap_all");
    /** SIGCHLD's handlers (issue 59's sigchld-loop), installed with SA_RESTART as a fork server's are. */
    private static final List<String> REAPERS = List.of("reap_one", "reap_all");
    private static final Set<String> KILL_FIELDS = Set.of("endpoint", "kill", "narration", "expect", "slide",
            "questions", "together", "said", "check");

    private final LessonFieldReader read;
    private final ExpectParser expects;
    /** Per endpoint, each signal's handler as set so far (absent: SIG_DFL). */
    private final Map<String, Map<String, Request.Signal.Handler>> handlers = new HashMap<>();

    SignalSteps(LessonFieldReader read, ExpectParser expects) {
        this.read = read;
        this.expects = expects;
    }

    /** A signal call's disposition: the signal's name (the step's data) and its handler (the step's value). */
    record Disposition(String signal, Request.Signal.Handler handler) {
    }

    /** Reads the fields of {@code "call": "signal"} and keeps what it sets for {@code endpoint}. */
    Disposition signal(String endpoint, JsonNode node) {
        read.at(node, "signal");
        String signal = read.string(node, "signal");
        if (!Request.Signal.SIGNALS.contains(signal))
            throw new LocalizedException("lesson.error.badSignal", "signal", signal,
                    String.join(", ", Request.Signal.SIGNALS));
        read.at(node, "handler");
        String handler = read.string(node, "handler");
        if (!HANDLERS.contains(handler))
            throw new LocalizedException("lesson.error.badSignal", "handler", handler, String.join(", ", HANDLERS));
        if (REAPERS.contains(handler) && !signal.equals("SIGCHLD"))
            throw new LocalizedException("lesson.error.badSignal", "handler", handler, "SIGCHLD: reap_one, reap_all");
        boolean restart = REAPERS.contains(handler);
        if (node.has("sa_flags")) {
            read.at(node, "sa_flags");
            if (handler.startsWith("SIG_")) throw new LocalizedException("lesson.error.saFlagsWithoutHandler");
            String flags = read.string(node, "sa_flags");
            if (!flags.equals("SA_RESTART") && (!flags.equals("0") || restart))
                throw new LocalizedException("lesson.error.badValue", "sa_flags", flags);
            restart = flags.equals("SA_RESTART");
        }
        Request.Signal.Handler h = switch (handler) {
            case "SIG_IGN" -> Request.Signal.Handler.SIG_IGN;
            case "on_signal" -> restart ? Request.Signal.Handler.ON_SIGNAL_RESTART : Request.Signal.Handler.ON_SIGNAL;
            case "reap_one" -> Request.Signal.Handler.REAP_ONE;
            case "reap_all" -> Request.Signal.Handler.REAP_ALL;
            default -> Request.Signal.Handler.SIG_DFL;
        };
        handlers.computeIfAbsent(endpoint, e -> new HashMap<>()).put(signal, h);
        read.at(node, "call");
        return new Disposition(signal, h);
    }

    /** The signal of {@code "call": "sigprocmask"} (its set holds that one). */
    String mask(JsonNode node) {
        read.at(node, "signal");
        String signal = read.string(node, "signal");
        if (!Request.Signal.SIGNALS.contains(signal))
            throw new LocalizedException("lesson.error.badSignal", "signal", signal,
                    String.join(", ", Request.Signal.SIGNALS));
        return signal;
    }

    /** Whether a sigprocmask step blocks ({@code "how": "SIG_BLOCK"}) or unblocks ({@code "SIG_UNBLOCK"}). */
    boolean blocks(JsonNode node) {
        read.at(node, "how");
        String how = read.string(node, "how");
        if (!how.equals("SIG_BLOCK") && !how.equals("SIG_UNBLOCK"))
            throw new LocalizedException("lesson.error.badValue", "how", how);
        return how.equals("SIG_BLOCK");
    }

    /** A fork's child starts with its parent's dispositions. */
    void forked(String parent, String child) {
        handlers.put(child, new HashMap<>(handlers.getOrDefault(parent, Map.of())));
    }

    /**
     * {@code "kill": "SIGALRM"}: SocketLab sends the endpoint's process the signal. When its action ends the process,
     * a call it was waiting in ends with it (and its next call starts a new process, with every disposition the
     * default); otherwise that call goes on waiting, for a later {@code "finish"}.
     */
    Step kill(int number, String endpoint, JsonNode node, boolean recorded, Map<String, Step> waiting) {
        read.onlyFields(node, KILL_FIELDS, "kill");
        read.at(node, "kill");
        String signal = read.string(node, "kill");
        if (!KILL_SIGNALS.contains(signal))
            throw new LocalizedException("lesson.error.badSignal", "kill", signal, String.join(", ", KILL_SIGNALS));
        Text narration = read.narration(node, recorded);
        Slide slide = read.slide(node);
        if (ends(endpoint, signal)) {
            waiting.remove(endpoint); // a call it waited in ends with it
            handlers.remove(endpoint);
        }
        Expect expect = node.has("expect")
                ? expects.expect(node, "kill", Step.Kind.KILL, List.of(), number)
                : new Expect(new Expect.Result.None(), null, null);
        return Step.kill(number, endpoint, signal, narration, expect, slide);
    }

    /** As the endpoint's process will take it: SIGKILL ends it, SIGCHLD never; any other while its handler is SIG_DFL. */
    private boolean ends(String endpoint, String signal) {
        if (signal.equals("SIGKILL")) return true;
        if (signal.equals("SIGCHLD")) return false;
        return handlers.getOrDefault(endpoint, Map.of()).getOrDefault(signal,
                Request.Signal.Handler.SIG_DFL) == Request.Signal.Handler.SIG_DFL;
    }
}

package org.socketlab.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 57 item 2: every call drawn as C writes it. The journal keeps waitpid's status last and the lab's sigaction
 * under the name signal; the diagram, the transcript and the console draw {@code waitpid(pid, &st, options)},
 * {@code signal()} with its two arguments, and {@code sigaction} with its sa_flags.
 */
class CFormsTest {
    private static Payload.Call call(String name, long result, String... keysAndValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) args.put(keysAndValues[i], keysAndValues[i + 1]);
        return new Payload.Call(name, null, args, result, null, null, null, 0);
    }

    @Test
    void waitpidPassesTheStatusSecondAndTheOptionsThird() {
        Payload.Call reaped = call("waitpid", 8760, "pid", "-1", "options", "0", "wstatus",
                "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
        assertEquals("waitpid(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0) = 8760", CallFormat.line(reaped));
        assertEquals("waitpid(-1, &st, 0)", CallFormat.entry(reaped));
        assertEquals("waitpid(-1, &st, WNOHANG) = 0", CallFormat.line(call("waitpid", 0, "pid", "-1", "options",
                "WNOHANG")));
    }

    @Test
    void signalHasTwoArgumentsAndAHandlersFlagsAreSigactions() {
        assertEquals("signal(SIGPIPE, SIG_IGN) = 0",
                CallFormat.line(call("signal", 0, "signum", "SIGPIPE", "handler", "SIG_IGN")));
        assertEquals("sigaction(SIGALRM, {sa_handler=on_signal, sa_flags=SA_RESTART}, NULL) = 0", CallFormat.line(
                call("signal", 0, "signum", "SIGALRM", "handler", "on_signal", "sa_flags", "SA_RESTART")));
        assertEquals("sigaction(SIGCHLD, {sa_handler=on_signal, sa_flags=0}, NULL)", CallFormat
                .entry(call("signal", 0, "signum", "SIGCHLD", "handler", "on_signal", "sa_flags", "0")));
    }

    @Test
    void aWaitingCallWhoseFirstArgumentIsNoSocketDoesNotShowOne() {
        assertEquals("…", CallFormat.waitingArguments("select", 3));
        assertEquals("…", CallFormat.waitingArguments("waitpid", -1));
        assertEquals("4", CallFormat.waitingArguments("recv", 4));
    }
}

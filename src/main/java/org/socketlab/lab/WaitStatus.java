package org.socketlab.lab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.Signals;

/**
 * A waitpid status as strace prints it ({@code [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]}, {@code [{WIFSIGNALED(s) &&
 * WTERMSIG(s) == SIGKILL}]}), the form the journal's {@code wstatus} argument keeps, and back.
 */
public final class WaitStatus {
    private static final Pattern EXITED = Pattern
            .compile("\\[\\{WIFEXITED\\(s\\) && WEXITSTATUS\\(s\\) == (\\d{1,3})\\}\\]");
    private static final Pattern SIGNALED = Pattern
            .compile(
                    "\\[\\{WIFSIGNALED\\(s\\) && WTERMSIG\\(s\\) == (SIG[A-Z0-9]{1,8})(?: && WCOREDUMP\\(s\\))?\\}\\]");

    private WaitStatus() {
    }

    /** strace's text for the status {@code status}. */
    public static String text(int status) {
        if ((status & 0x7f) == 0) return "[{WIFEXITED(s) && WEXITSTATUS(s) == " + ((status >> 8) & 0xff) + "}]";
        return "[{WIFSIGNALED(s) && WTERMSIG(s) == " + Signals.name(status & 0x7f)
                + ((status & 0x80) != 0 ? " && WCOREDUMP(s)" : "") + "}]";
    }

    /** The status the text says (without the core-dump bit), or empty when it is not one {@link #text} writes. */
    public static Optional<Integer> parse(@Nullable String text) {
        if (text == null) return Optional.empty();
        Matcher m = EXITED.matcher(text);
        if (m.matches()) {
            int code = Integer.parseInt(m.group(1));
            return code > 255 ? Optional.empty() : Optional.of(code << 8);
        }
        m = SIGNALED.matcher(text);
        if (m.matches()) {
            int number = Signals.number(m.group(1));
            return number > 0 ? Optional.of(number) : Optional.empty();
        }
        return Optional.empty();
    }
}

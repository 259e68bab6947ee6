package org.socketlab.check;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.lesson.Text;

/**
 * The judgement on one rule: passed or not, why (a message key of {@code messages_*.properties} with its
 * arguments), the journal event that shows it ({@code seq}; null when no event of the program shows it, for example a
 * program that never started), and the check file's own hint for a broken rule.
 */
public record Verdict(Rule rule, boolean passed, String key, List<String> args, @Nullable Long seq, @Nullable Text hint,
        int weight) {
    public Verdict {
        args = List.copyOf(args);
    }

    /** A verdict of weight 1. */
    public Verdict(Rule rule, boolean passed, String key, List<String> args, @Nullable Long seq, @Nullable Text hint) {
        this(rule, passed, key, args, seq, hint, 1);
    }

    /** The points it earns: its weight when passed, else none. */
    public int score() {
        return passed ? weight : 0;
    }

    /** The reason in the reader's language. */
    public String reason(Messages m) {
        // An argument "@key" is itself a message (why a lab socket stopped), said in the same language.
        return m.get(key, args.stream().map(a -> a.startsWith("@") ? m.get(a.substring(1)) : a).toArray());
    }

    /** One line: {@code ✓ echo: ...} or {@code ✗ echo: ... (seq 42)}, with the hint after a broken rule. */
    public String line(Messages m) {
        StringBuilder b = new StringBuilder(passed ? "✓ " : "✗ ").append(rule.id()).append(": ").append(reason(m));
        if (seq != null) b.append(' ').append(m.get("check.seq", String.valueOf(seq)));
        if (!passed && hint != null) b.append("\n    ").append(hint.in(m.lang()));
        return b.toString();
    }
}

package org.socketlab.lesson;

import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;

/**
 * A text given in both first-class languages. A step's narration may also carry the words it says when its lesson is
 * moved to two machines ({@code run --two-hosts}), where a sentence about one loopback would be false.
 */
public record Text(String es, String en, @Nullable Text onTwoHosts) {
    /** What a sentence written for one machine names and a two-machine run must not: its loopback, its one kernel. */
    private static final Pattern ONE_MACHINE = Pattern.compile(
            "127\\.0\\.0\\.1|\\bloopback\\b|\\bbucle local\\b|one kernel|un mismo núcleo|this very machine"
                    + "|esta misma máquina|7f 00 00 01",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public Text(String es, String en) {
        this(es, en, null);
    }

    public String in(Lang lang) {
        return lang == Lang.ES ? es : en;
    }

    /** As a journal {@code note} payload wants it: language code to text. */
    public Map<String, String> byCode() {
        return Map.of(Lang.ES.code(), es, Lang.EN.code(), en);
    }

    /** The words for two machines: its own {@code two_hosts} text where it has one, else itself. */
    public Text forTwoHosts() {
        return onTwoHosts != null ? onTwoHosts : this;
    }

    /** Whether either language speaks of one machine's loopback (false once the lesson is on two machines). */
    public boolean namesOneMachine() {
        return ONE_MACHINE.matcher(es).find() || ONE_MACHINE.matcher(en).find();
    }
}

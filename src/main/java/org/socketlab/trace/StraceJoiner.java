package org.socketlab.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts back together the calls strace printed in two halves ({@code <unfinished ...>} then {@code <... resumed>}):
 * each line goes in, and out come the lines a reader acts on, the halves replaced by the whole call at its
 * resumption (with the entry time of its first half). A resumed half without its first half, or a first half the
 * process never resumed (it ended inside the call), comes out as an {@link StraceLine.Unparsed} that says so.
 * One thread feeds it.
 */
public final class StraceJoiner {
    private final Map<Integer, StraceLine.Unfinished> open = new HashMap<>();

    /** What {@code line} completes: nothing (a first half, kept), one line, or a process end with the call it ended in. */
    public List<StraceLine> accept(StraceLine line) {
        return switch (line) {
            case StraceLine.Unfinished u -> {
                StraceLine.Unfinished before = open.put(u.pid(), u);
                yield before == null
                        ? List.of()
                        : List.of(new StraceLine.Unparsed(before.name() + "(" + before.argsSoFar(),
                                "a call never resumed"));
            }
            case StraceLine.Resumed r -> {
                StraceLine.Unfinished first = open.remove(r.pid());
                if (first == null || !first.name().equals(r.name()))
                    yield List.of(new StraceLine.Unparsed("<... " + r.name() + " resumed>" + r.rest(),
                            "resumed without its first half"));
                String whole = first.name() + "(" + first.argsSoFar() + r.rest();
                yield List.of(StraceParser.call(whole, r.pid(), first.enteredUs(), first.name(),
                        first.argsSoFar() + r.rest()));
            }
            case StraceLine.Exited e -> {
                open.remove(e.pid()); // ended inside a call (exit_group, a kill): that call never returned
                yield List.of(line);
            }
            case StraceLine.Killed k -> {
                open.remove(k.pid());
                yield List.of(line);
            }
            default -> List.of(line);
        };
    }

    /** The first halves still waiting for their second: calls blocked right now, by pid. */
    public Map<Integer, StraceLine.Unfinished> waiting() {
        return Map.copyOf(open);
    }
}

package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The story's blocked bars ({@link Bar}): where each endpoint waited in a call, and how the wait ended. */
final class WaitBars {

    private WaitBars() {
    }

    /** Bars from a call's start of waiting to its return or cancellation; one worker per endpoint, so one open at most. */
    static List<Bar> of(List<Beat> beats) {
        List<Bar> bars = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        for (int index = 0; index < beats.size(); index++) {
            Beat b = beats.get(index);
            switch (b) {
                case Beat.Blocked w -> {
                    close(bars, open, b.endpoint(), null, index, Bar.Closing.CANCELLED); // a stale bar never stays open under a new one
                    open.put(b.endpoint(), bars.size());
                    bars.add(new Bar(b.endpoint(), w.blocked().call(), w.blocked().fd(), index, -1, Bar.Closing.OPEN));
                }
                case Beat.Call c when c.moment() != Beat.Moment.ENTRY ->
                    close(bars, open, b.endpoint(), c.call().call(), index, Bar.Closing.RETURNED);
                case Beat.Cancelled c -> close(bars, open, b.endpoint(), null, index, Bar.Closing.CANCELLED);
                default -> {
                }
            }
        }
        return bars;
    }

    private static void close(List<Bar> bars, Map<String, Integer> open, String endpoint, @Nullable String call,
            int index,
            Bar.Closing how) {
        Integer i = open.get(endpoint);
        if (i == null) return;
        Bar bar = bars.get(i);
        if (call != null && !call.equals(bar.call())) return; // another call of the same endpoint cannot return first
        bars.set(i, new Bar(bar.endpoint(), bar.call(), bar.fd(), bar.openBeat(), index, how));
        open.remove(endpoint);
    }
}

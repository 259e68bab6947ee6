package org.socketlab.lab;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.capture.LinkConditions;
import org.socketlab.i18n.Messages;

/**
 * The link between the lab's machines in one short line, as the window's diagram heads it and the journal notes each
 * change (issue 60): "link: 50 ms each way, 2 % loss"; each direction named when the two differ.
 */
public final class LinkSummary {
    private LinkSummary() {
    }

    /** The line for these conditions, in the reader's language. */
    public static String of(LinkConditions c, Messages m) {
        List<String> parts = new ArrayList<>();
        if (c.toServer().equals(c.toClient())) {
            way(c.toServer(), m, parts, true);
        } else {
            List<String> there = new ArrayList<>(), back = new ArrayList<>();
            way(c.toServer(), m, there, false);
            way(c.toClient(), m, back, false);
            parts.add(m.get("link.summary.toServer", there.isEmpty()
                    ? m.get("link.summary.nothing")
                    : String.join(", ", there)));
            parts.add(m.get("link.summary.toClient", back.isEmpty()
                    ? m.get("link.summary.nothing")
                    : String.join(", ", back)));
        }
        if (c.rateKbit() > 0)
            parts.add(m.get("link.summary.rate", String.format(m.lang().locale(), "%,d",
                    c.rateKbit())));
        return m.get("link.summary", parts.isEmpty() ? m.get("link.summary.nothing") : String.join(", ", parts));
    }

    private static void way(LinkConditions.Way w, Messages m, List<String> parts, boolean bothWays) {
        if (w.delayUs() > 0)
            parts.add(m.get(bothWays ? "link.summary.delayEachWay" : "link.summary.delay", ms(w.delayUs(), m)));
        if (w.jitterUs() > 0) parts.add(m.get("link.summary.jitter", ms(w.jitterUs(), m)));
        if (w.lossPpm() > 0) parts.add(m.get("link.summary.loss", percent(w.lossPpm(), m)));
        if (w.duplicatePpm() > 0) parts.add(m.get("link.summary.duplicate", percent(w.duplicatePpm(), m)));
        if (w.reorderPpm() > 0) parts.add(m.get("link.summary.reorder", percent(w.reorderPpm(), m)));
    }

    private static String ms(int us, Messages m) {
        return us % 1000 == 0 ? String.valueOf(us / 1000) : String.format(m.lang().locale(), "%.1f", us / 1000.0);
    }

    private static String percent(int ppm, Messages m) {
        return ppm % 10_000 == 0
                ? String.valueOf(ppm / 10_000)
                : String.format(m.lang().locale(), "%.1f", ppm / 10_000.0);
    }
}

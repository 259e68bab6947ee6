package org.socketlab.cli;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CongestionControl;
import org.socketlab.capture.LinkConditions;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * The link's conditions on the command line (issue 55): {@code --delay MS[,MS]}, {@code --jitter MS[,MS]},
 * {@code --loss PCT[:BURST][,PCT[:BURST]]}, {@code --duplicate PCT[,PCT]}, {@code --reorder PCT[,PCT]} (a first value
 * for client to server, a second for server to client, one value for both) and {@code --seed N}; with any of them
 * {@code --rate KBIT} is the wire's too. Each puts the lesson on two machines joined by SocketLab's own wire. A bad
 * value is refused in one line naming the option, before anything runs.
 */
final class LinkOptions {
    static final String DELAY = "--delay", JITTER = "--jitter", LOSS = "--loss", DUPLICATE = "--duplicate",
            REORDER = "--reorder", SEED = "--seed", CONGESTION = "--congestion";
    /** Every option of the wire (each implies two machines). */
    static final Set<String> ALL = Set.of(DELAY, JITTER, LOSS, DUPLICATE, REORDER, SEED);

    private static final Pattern MS = Pattern.compile("(0|[1-9][0-9]{0,4})(\\.[0-9]{1,3})?");
    private static final Pattern PERCENT = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.[0-9]{1,4})?");
    private static final Pattern LOSS_VALUE = Pattern.compile("(" + PERCENT.pattern() + ")(:([1-9][0-9]{0,3}))?");
    private static final Pattern CONGESTION_NAME = Pattern.compile("[a-z0-9_]{1,16}");
    private static final Pattern SEED_VALUE = Pattern.compile("0|[1-9][0-9]{0,9}");

    private LinkOptions() {
    }

    /** Whether any option of the wire was given. */
    static boolean given(Args a) {
        return ALL.stream().anyMatch(o -> a.one(o) != null);
    }

    /**
     * The conditions the options ask for, {@code rateKbit} (0: none) included; null when none of the wire's options
     * was given. A seed not given is drawn now (and journaled, so the fates can be had again).
     */
    static @Nullable LinkConditions parse(Args a, int rateKbit) {
        int[] delay = pair(a, DELAY, v -> micros(DELAY, v), 0);
        int[] jitter = pair(a, JITTER, v -> micros(JITTER, v), 0);
        long[][] loss = {{0, 1}, {0, 1}};
        String lossText = a.one(LOSS);
        if (lossText != null) {
            List<String> parts = split(LOSS, lossText);
            for (int i = 0; i < 2; i++) loss[i] = loss(parts.get(Math.min(i, parts.size() - 1)));
        }
        int[] duplicate = pair(a, DUPLICATE, v -> ppm(DUPLICATE, v), 0);
        int[] reorder = pair(a, REORDER, v -> ppm(REORDER, v), 0);
        String seedText = a.one(SEED);
        if (seedText != null && !(SEED_VALUE.matcher(seedText).matches()
                && Long.parseLong(seedText) <= LinkConditions.MAX_SEED))
            throw new LocalizedException("cli.link.badSeed", SEED, seedText, String.valueOf(LinkConditions.MAX_SEED));
        if (!given(a)) return null;
        for (int i = 0; i < 2; i++)
            if (reorder[i] > 0 && delay[i] == 0)
                throw new LocalizedException("cli.link.reorderNeedsDelay", REORDER, DELAY);
        long seed = seedText != null
                ? Long.parseLong(seedText)
                : new SecureRandom().nextInt(LinkConditions.MAX_SEED + 1);
        LinkConditions.Way[] ways = new LinkConditions.Way[2];
        for (int i = 0; i < 2; i++)
            ways[i] = new LinkConditions.Way(delay[i], jitter[i], (int) loss[i][0], (int) loss[i][1], duplicate[i],
                    reorder[i]);
        return new LinkConditions(ways[0], ways[1], rateKbit, seed);
    }

    /**
     * {@code --congestion NAME}: taken where the lab's TCP uses NAME (labnet chose it for the lab: CUBIC where this
     * system allows it, else Reno); refused in one line otherwise, before anything runs. SocketLab does not switch it
     * per socket: that would be a call the student never made.
     */
    static void congestion(Args a, CongestionControl lab) {
        String asked = a.one(CONGESTION);
        if (asked == null) return;
        if (!CONGESTION_NAME.matcher(asked).matches())
            throw new LocalizedException("cli.link.badCongestion", CONGESTION, asked);
        if (!asked.equals(lab.name()))
            throw new LocalizedException("cli.link.congestionNotHere", CONGESTION, asked, lab.name(),
                    String.join(" ", lab.allowed()));
    }

    private interface Value {
        int of(String text);
    }

    /** One or two values ("20" or "20,40"): client to server first; one is both. */
    private static int[] pair(Args a, String option, Value value, int absent) {
        String text = a.one(option);
        if (text == null) return new int[]{absent, absent};
        List<String> parts = split(option, text);
        return new int[]{value.of(parts.getFirst()), value.of(parts.getLast())};
    }

    private static List<String> split(String option, String text) {
        List<String> parts = List.of(text.split(",", -1));
        if (parts.size() > 2) throw new LocalizedException("cli.link.twoValues", option, text);
        return parts;
    }

    /** Milliseconds (up to three decimals, at most 10000) as microseconds. */
    private static int micros(String option, String text) {
        long us = MS.matcher(text).matches() ? scaled(text, 3) : -1;
        if (us < 0 || us > LinkConditions.MAX_DELAY_US)
            throw new LocalizedException("cli.link.badMs", option, text,
                    String.valueOf(LinkConditions.MAX_DELAY_US / 1000));
        return (int) us;
    }

    /** A percentage (up to four decimals, at most 100) as parts per million. */
    private static int ppm(String option, String text) {
        if (!PERCENT.matcher(text).matches()) throw new LocalizedException("cli.link.badPercent", option, text);
        long ppm = scaled(text, 4); // a percent with four decimals is parts per million
        if (ppm > LinkConditions.ALL_PPM) throw new LocalizedException("cli.link.badPercent", option, text);
        return (int) ppm;
    }

    /** PCT[:BURST]: the share lost in ppm and the average burst. */
    private static long[] loss(String text) {
        Matcher m = LOSS_VALUE.matcher(text);
        long ppm = m.matches() ? scaled(m.group(1), 4) : -1;
        long burst = ppm < 0 || m.group(5) == null ? 1 : Long.parseLong(m.group(5));
        if (ppm < 0 || ppm > LinkConditions.ALL_PPM || burst > LinkConditions.MAX_BURST)
            throw new LocalizedException("cli.link.badLoss", LOSS, text, String.valueOf(LinkConditions.MAX_BURST));
        return new long[]{ppm, burst};
    }

    /** A decimal with up to {@code places} decimals, times 10^places. */
    private static long scaled(String text, int places) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        return Long.parseLong(whole + (fraction + "0".repeat(places)).substring(0, places));
    }

    /** The conditions in one line of the reader's language (the console's, and the journal's note). */
    static String describe(LinkConditions c, Messages m) {
        String rate = c.rateKbit() == 0
                ? ""
                : m.get("cli.run.link.rate", String.valueOf(c.rateKbit()), String.valueOf(LinkConditions.QUEUE_LIMIT));
        return m.get("cli.run.link", way(c.toServer(), m), way(c.toClient(), m), rate, String.valueOf(c.seed()));
    }

    private static String way(LinkConditions.Way w, Messages m) {
        if (w.ideal()) return m.get("link.way.ideal");
        List<String> parts = new ArrayList<>();
        // A draw below zero is bound at zero (a packet cannot arrive before it left): said where it can happen.
        String jitter = w.jitterUs() > w.delayUs() ? "link.way.jitterFromZero" : "link.way.jitter";
        parts.add(w.jitterUs() > 0
                ? m.get(jitter, ms(w.delayUs()), ms(w.jitterUs()))
                : m.get("link.way.delay", ms(w.delayUs())));
        if (w.lossPpm() > 0)
            parts.add(w.burst() > 1
                    ? m.get("link.way.lossBurst", percent(w.lossPpm()), String.valueOf(w.burst()))
                    : m.get("link.way.loss", percent(w.lossPpm())));
        if (w.duplicatePpm() > 0) parts.add(m.get("link.way.duplicate", percent(w.duplicatePpm())));
        if (w.reorderPpm() > 0) parts.add(m.get("link.way.reorder", percent(w.reorderPpm())));
        return String.join(", ", parts);
    }

    private static String ms(int us) {
        return BigDecimal.valueOf(us, 3).stripTrailingZeros().toPlainString();
    }

    private static String percent(int ppm) {
        return BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString();
    }
}

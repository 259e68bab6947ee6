package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;

/**
 * A number of the run, a condition on the run, or a sentence with numbers of the run in it, as a lesson file writes
 * them ({@code "recv_q(conn, 10) + send_q(sock, 10) == result(11)"}, {@code "recv() waited {blocked_ms(9)} ms"}),
 * read from {@link RunFacts}. The functions:
 * <ul>
 * <li>{@code result(N)}, {@code blocked_ms(N)}: what step N's call returned, how long it waited;
 *     {@code returned(N, M)}: how many of steps N to M made a call that returned 0 or more (succeeded);
 *     {@code handler_runs(N)}, {@code reaped_by_handler(N)}: how many times a SIGCHLD handler ran as step N's
 *     sigprocmask unblocked it, and how many children it reaped then; {@code addrlen_out(N)},
 *     {@code addr_written(N)}: accept's addrlen as the kernel left it (the address's size) and how many bytes of the
 *     address it wrote (no more than the program gave room for);</li>
 * <li>{@code recv_q(name)}, {@code send_q(name)}: the socket's queues at the end of the step that says it;
 *     {@code recv_q(name, N)}: at the end of step N; {@code max_recv_q(name)}, {@code max_send_q(name)}: the largest
 *     in the run ({@code max_recv_q(name, N)}: since step N);</li>
 * <li>{@code segments(from, kind)}, {@code segments(from, kind, N)}: captured segments of a kind from an endpoint (in
 *     the whole run, or since step N): data, lost, reordered, duplicated, syn, fin, rst, bare_ack, zero_window, sack,
 *     dup_ack, retransmission;</li>
 * <li>{@code retransmit_ms(from)}: how long after its first copy the endpoint's first retransmission left;
 *     {@code last_retransmit_ms(from)}: its last one; {@code longest_gap_ms(from)}: the longest wait between two
 *     copies of one segment (a timer that doubles shows it growing, a linear one keeps it near the first);</li>
 * <li>{@code last_window(from)}: the window it last advertised, scaled, in bytes;</li>
 * <li>{@code in_flight_at(from, N)}: bytes unacknowledged when its first segment of new data after step N's
 *     narration left;</li>
 * <li>{@code syn_mss(from)}: the MSS its latest captured SYN offered (65495 on loopback, 1460 on a 1500-byte link);</li>
 * <li>{@code largest_segment(from)}, {@code largest_segment(from, N)}: the most data one captured segment from it
 *     carried (in the run, or since step N): the MSS less the TCP options each segment carries (timestamps: 12);</li>
 * <li>{@code addresses(N)}, {@code addresses(N, AF_INET6)}: how many addrinfo step N's getaddrinfo returned (of that
 *     family); {@code family_at(N, I)}: the family of its I-th (from 0): 2 for AF_INET, 10 for AF_INET6, 0 past the
 *     end;</li>
 * <li>between two machines joined by SocketLab's wire (issue 60): {@code call_ms(N)}, how long step N's call took
 *     from when it was made to its return; {@code cross_ms(from, kind, N)}, how long the first segment of a kind (syn,
 *     data, fin, bare_ack) from the endpoint since step N took to cross the link; {@code min_cross_ms(from, N)},
 *     {@code max_cross_ms(from, N)}, the shortest and longest crossing of its data since step N;
 *     {@code data_arrived_ms(from, N)}, how long after step N's call returned its first data since then reached the
 *     other machine (more than 0: the call returned while the bytes were on the link); {@code ack_ms(from, N)}, how
 *     long after that data left the acknowledgement of its every byte came back; {@code lost_first(from, N)}, how
 *     many of its data segments since step N never arrived the first time they were sent;</li>
 * <li>from the socket's tcp_info readings: {@code max_in_flight(name[, N])}, {@code max_peer_window(name[, N])},
 *     {@code max_cwnd(name[, N])}, the largest bytes in flight, peer window (bytes) and congestion window (segments)
 *     since step N; {@code rtt_ms(name)}, its newest smoothed round trip; {@code first_cwnd(name, N)}, its first
 *     congestion window since step N; {@code cwnd(name)}, {@code ssthresh(name)}, its newest (-1: no threshold yet);</li>
 * <li>between two machines joined by SocketLab's wire (issue 76): {@code ack_delay_ms(from, N)}, how long the peer held
 *     the first data from the endpoint since step N before its ACK left (arrival to departure, both on the link);
 *     {@code transfer_ms(from, N)}, from its first data segment since step N leaving to its last byte arriving;
 *     {@code sent_over_ms(from, N)}, from its first data since step N leaving to its last; {@code peak_flight(from, N)},
 *     the most segments it had unacknowledged at once, by the capture; {@code max_unacked(name[, N])}, the most
 *     tcp_info showed; {@code first_resend_arrived(from, N)} and {@code tail_probe(from, N)} (1 or 0), whether its first
 *     copy sent again since step N arrived and was of its last data (a tail loss probe); {@code silence_ms(from, N)},
 *     how long its last copy sent again left after the latest segment from the peer reached it (an ACK's prompt, or a
 *     timer); {@code recovery_rtts(from, N)}, in how many of its handshake's round trips its losses were sent
 *     again;</li>
 * <li>{@code seq_at(N)}: the number the data step N's call received begins with (an application's sequence number);
 *     {@code late(N, M)}: how many of steps N to M received a number lower than one received before them.</li>
 * </ul>
 * Comparisons ({@code == != < <= > >=}) are joined by {@code and}, and such groups by {@code or}.
 * A sentence (not a condition) may also hold {@code {address(N)}}: the address step N's call gave back (accept's peer,
 * getsockname's address), as journaled; {@code {peer_bytes(N)}}: the bytes accept wrote into an address too short.
 */
public sealed interface RunExpr {
    double value(RunFacts facts, int step);

    /** As the file writes it. */
    String text();

    /** A number written in the file. */
    record Constant(double number) implements RunExpr {
        @Override
        public double value(RunFacts facts, int step) {
            return number;
        }

        @Override
        public String text() {
            return format(number, Lang.EN);
        }
    }

    /** A fact of the run. */
    record Fact(String function, List<String> args) implements RunExpr {
        static final Map<String, int[]> ARITY = Map.ofEntries(Map.entry("result", new int[]{1, 1}),
                Map.entry("returned", new int[]{2, 2}),
                Map.entry("blocked_ms", new int[]{1, 1}), Map.entry("recv_q", new int[]{1, 2}),
                Map.entry("handler_runs", new int[]{1, 1}), Map.entry("reaped_by_handler", new int[]{1, 1}),
                Map.entry("addrlen_out", new int[]{1, 1}), Map.entry("addr_written", new int[]{1, 1}),
                Map.entry("send_q", new int[]{1, 2}), Map.entry("max_recv_q", new int[]{1, 2}),
                Map.entry("max_send_q", new int[]{1, 2}),
                Map.entry("segments", new int[]{2, 3}), Map.entry("retransmit_ms", new int[]{1, 1}),
                Map.entry("last_retransmit_ms", new int[]{1, 1}), Map.entry("longest_gap_ms", new int[]{1, 1}),
                Map.entry("last_window", new int[]{1, 1}), Map.entry("in_flight_at", new int[]{2, 2}),
                Map.entry("syn_mss", new int[]{1, 1}), Map.entry("largest_segment", new int[]{1, 2}),
                Map.entry("addresses", new int[]{1, 2}), Map.entry("family_at", new int[]{2, 2}),
                Map.entry("call_ms", new int[]{1, 1}), Map.entry("cross_ms", new int[]{3, 3}),
                Map.entry("min_cross_ms", new int[]{2, 2}), Map.entry("max_cross_ms", new int[]{2, 2}),
                Map.entry("data_arrived_ms", new int[]{2, 2}), Map.entry("ack_ms", new int[]{2, 2}),
                Map.entry("seq_at", new int[]{1, 1}), Map.entry("late", new int[]{2, 2}),
                Map.entry("lost_first", new int[]{2, 2}), Map.entry("max_in_flight", new int[]{1, 2}),
                Map.entry("max_peer_window", new int[]{1, 2}), Map.entry("max_cwnd", new int[]{1, 2}),
                Map.entry("rtt_ms", new int[]{1, 1}), Map.entry("first_cwnd", new int[]{2, 2}),
                Map.entry("cwnd", new int[]{1, 1}), Map.entry("ssthresh", new int[]{1, 1}),
                Map.entry("ack_delay_ms", new int[]{2, 2}), Map.entry("transfer_ms", new int[]{2, 2}),
                Map.entry("sent_over_ms", new int[]{2, 2}), Map.entry("peak_flight", new int[]{2, 2}),
                Map.entry("max_unacked", new int[]{1, 2}), Map.entry("first_resend_arrived", new int[]{2, 2}),
                Map.entry("tail_probe", new int[]{2, 2}), Map.entry("silence_ms", new int[]{2, 2}),
                Map.entry("recovery_rtts", new int[]{2, 2}));

        public Fact {
            args = List.copyOf(args);
        }

        @Override
        public double value(RunFacts facts, int step) {
            return switch (function) {
                case "result" -> facts.result(number(0));
                case "returned" -> facts.returned(number(0), number(1));
                case "blocked_ms" -> facts.blockedMs(number(0));
                case "handler_runs" -> facts.handlerRuns(number(0));
                case "reaped_by_handler" -> facts.reapedByHandler(number(0));
                case "addrlen_out" -> facts.addrlenOut(number(0));
                case "addr_written" -> facts.addrWritten(number(0));
                case "recv_q" -> facts.recvQ(args.get(0), args.size() > 1 ? number(1) : step);
                case "send_q" -> facts.sendQ(args.get(0), args.size() > 1 ? number(1) : step);
                case "max_recv_q" -> facts.maxRecvQ(args.get(0), args.size() > 1 ? number(1) : 0);
                case "max_send_q" -> facts.maxSendQ(args.get(0), args.size() > 1 ? number(1) : 0);
                case "segments" -> facts.segments(args.get(0), args.get(1), args.size() > 2 ? number(2) : 0);
                case "retransmit_ms" -> facts.retransmitMs(args.get(0));
                case "last_retransmit_ms" -> facts.lastRetransmitMs(args.get(0));
                case "longest_gap_ms" -> facts.longestGapMs(args.get(0));
                case "last_window" -> facts.lastWindow(args.get(0));
                case "in_flight_at" -> facts.inFlightAt(args.get(0), number(1));
                case "syn_mss" -> facts.synMss(args.get(0));
                case "largest_segment" -> facts.largestSegment(args.get(0), args.size() > 1 ? number(1) : 0);
                case "addresses" -> facts.addresses(number(0), args.size() > 1 ? args.get(1) : null);
                case "family_at" -> facts.familyAt(number(0), number(1));
                case "call_ms" -> facts.callMs(number(0));
                case "cross_ms" -> facts.crossMs(args.get(0), args.get(1), number(2));
                case "min_cross_ms" -> facts.dataCrossMs(args.get(0), number(1), false);
                case "max_cross_ms" -> facts.dataCrossMs(args.get(0), number(1), true);
                case "data_arrived_ms" -> facts.dataArrivedMs(args.get(0), number(1));
                case "ack_ms" -> facts.ackMs(args.get(0), number(1));
                case "seq_at" -> facts.seqAt(number(0));
                case "late" -> facts.late(number(0), number(1));
                case "lost_first" -> facts.lostFirst(args.get(0), number(1));
                case "max_in_flight" -> facts.maxInFlight(args.get(0), args.size() > 1 ? number(1) : 0);
                case "max_peer_window" -> facts.maxPeerWindow(args.get(0), args.size() > 1 ? number(1) : 0);
                case "max_cwnd" -> facts.maxCwnd(args.get(0), args.size() > 1 ? number(1) : 0);
                case "rtt_ms" -> facts.rttMs(args.get(0));
                case "first_cwnd" -> facts.cwnd(args.get(0), number(1), true);
                case "cwnd" -> facts.cwnd(args.get(0), 0, false);
                case "ssthresh" -> facts.ssthresh(args.get(0));
                case "ack_delay_ms" -> facts.ackDelayMs(args.get(0), number(1));
                case "transfer_ms" -> facts.transferMs(args.get(0), number(1));
                case "sent_over_ms" -> facts.sentOverMs(args.get(0), number(1));
                case "peak_flight" -> facts.peakFlight(args.get(0), number(1));
                case "max_unacked" -> facts.maxUnacked(args.get(0), args.size() > 1 ? number(1) : 0);
                case "first_resend_arrived" -> facts.firstResendArrived(args.get(0), number(1));
                case "tail_probe" -> facts.tailProbe(args.get(0), number(1));
                case "silence_ms" -> facts.silenceMs(args.get(0), number(1));
                case "recovery_rtts" -> facts.recoveryRtts(args.get(0), number(1));
                default -> throw new IllegalStateException(function); // the parser checks the names
            };
        }

        @Override
        public String text() {
            return function + "(" + String.join(", ", args) + ")";
        }

        private int number(int i) {
            return Integer.parseInt(args.get(i));
        }
    }

    /** A sum or difference. */
    record Sum(RunExpr left, RunExpr right, boolean minus) implements RunExpr {
        @Override
        public double value(RunFacts facts, int step) {
            double l = left.value(facts, step), r = right.value(facts, step);
            return minus ? l - r : l + r;
        }

        @Override
        public String text() {
            return left.text() + (minus ? " - " : " + ") + right.text();
        }
    }

    /**
     * Comparisons joined by "and", in groups joined by "or" ("and" binds first): true when every comparison of one group
     * holds. "or" lets a check allow each outcome the kernel may choose by timing (two segments, or each alone).
     */
    record Condition(String source, List<List<Comparison>> anyOf) {
        public Condition {
            anyOf = anyOf.stream().map(List::copyOf).toList();
        }

        /**
         * Whether it holds; {@link RunFacts.Unknown} when the journal cannot tell (no group holds and one of them
         * cannot be told).
         */
        public boolean holds(RunFacts facts, int step) {
            RunFacts.Unknown unknown = null;
            for (List<Comparison> all : anyOf) {
                try {
                    if (all.stream().allMatch(c -> c.holds(facts, step))) return true;
                } catch (RunFacts.Unknown u) {
                    unknown = u;
                }
            }
            if (unknown != null) throw unknown;
            return false;
        }

        /** The values it compared, as {@code recv_q(conn, 10) = 4096}, for a mismatch line. */
        public String values(RunFacts facts, int step) {
            List<String> out = new ArrayList<>();
            for (List<Comparison> all : anyOf)
                for (Comparison c : all)
                    for (RunExpr side : List.of(c.left(), c.right()))
                        if (!(side instanceof Constant)) {
                            String v;
                            try {
                                v = format(side.value(facts, step), Lang.EN);
                            } catch (RunFacts.Unknown u) {
                                v = "?";
                            }
                            out.add(side.text() + " = " + v);
                        }
            return String.join(", ", out.stream().distinct().toList());
        }
    }

    /** One comparison of two numbers of the run. */
    record Comparison(RunExpr left, String op, RunExpr right) {
        boolean holds(RunFacts facts, int step) {
            double l = left.value(facts, step), r = right.value(facts, step);
            return switch (op) {
                case "==" -> l == r;
                case "!=" -> l != r;
                case "<" -> l < r;
                case "<=" -> l <= r;
                case ">" -> l > r;
                case ">=" -> l >= r;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    Pattern TOKEN = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|[a-z_]+\\([^)]*\\)|==|!=|<=|>=|<|>|\\+|-|and|or)");
    Pattern PLACE = Pattern.compile("\\{([^{}]+)}");
    /** A sentence's text of the run: {@code {address(N)}}, {@code {peer_bytes(N)}}. */
    Pattern ADDRESS = Pattern.compile("\\s*(address|peer_bytes)\\(\\s*(\\d{1,4})\\s*\\)\\s*");

    /** Parses a condition; a {@link LocalizedException} names what is wrong in it. */
    static Condition condition(String text) {
        List<String> tokens = tokens(text);
        List<List<Comparison>> anyOf = new ArrayList<>();
        List<Comparison> all = new ArrayList<>();
        int[] at = {0};
        while (true) {
            RunExpr left = expr(tokens, at, text);
            String op = at[0] < tokens.size() ? tokens.get(at[0]++) : "";
            if (!List.of("==", "!=", "<", "<=", ">", ">=").contains(op))
                throw new LocalizedException("lesson.error.badRunExpr", text);
            all.add(new Comparison(left, op, expr(tokens, at, text)));
            if (at[0] == tokens.size()) {
                anyOf.add(all);
                return new Condition(text, anyOf);
            }
            switch (tokens.get(at[0]++)) {
                case "and" -> {
                }
                case "or" -> {
                    anyOf.add(all);
                    all = new ArrayList<>();
                }
                default -> throw new LocalizedException("lesson.error.badRunExpr", text);
            }
        }
    }

    /** Parses a number of the run (a placeholder's). */
    static RunExpr number(String text) {
        List<String> tokens = tokens(text);
        int[] at = {0};
        RunExpr e = expr(tokens, at, text);
        if (at[0] != tokens.size()) throw new LocalizedException("lesson.error.badRunExpr", text);
        return e;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (text.substring(at).isBlank()) break;
            if (!m.find(at) || m.start() != at) throw new LocalizedException("lesson.error.badRunExpr", text);
            tokens.add(m.group(1));
            at = m.end();
        }
        return tokens;
    }

    private static RunExpr expr(List<String> tokens, int[] at, String text) {
        RunExpr e = term(tokens, at, text);
        while (at[0] < tokens.size() && (tokens.get(at[0]).equals("+") || tokens.get(at[0]).equals("-"))) {
            boolean minus = tokens.get(at[0]++).equals("-");
            e = new Sum(e, term(tokens, at, text), minus);
        }
        return e;
    }

    private static RunExpr term(List<String> tokens, int[] at, String text) {
        if (at[0] >= tokens.size()) throw new LocalizedException("lesson.error.badRunExpr", text);
        String t = tokens.get(at[0]++);
        if (Character.isDigit(t.charAt(0))) return new Constant(Double.parseDouble(t));
        int open = t.indexOf('(');
        if (open < 0) throw new LocalizedException("lesson.error.badRunExpr", text);
        String function = t.substring(0, open);
        List<String> args = new ArrayList<>();
        for (String a : t.substring(open + 1, t.length() - 1).split(",")) if (!a.isBlank()) args.add(a.strip());
        int[] arity = Fact.ARITY.get(function);
        if (arity == null || args.size() < arity[0] || args.size() > arity[1])
            throw new LocalizedException("lesson.error.badRunExpr", text);
        return new Fact(function, args);
    }

    /**
     * A sentence with its {@code {…}} placeholders filled from the run; null when one of them cannot be told (then the
     * sentence is not said).
     */
    static @Nullable String fill(String template, RunFacts facts, int step, Lang lang) {
        Matcher m = PLACE.matcher(template);
        StringBuilder sb = new StringBuilder();
        try {
            while (m.find()) {
                Matcher address = ADDRESS.matcher(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(address.matches()
                        ? text(facts, address.group(1), Integer.parseInt(address.group(2)))
                        : format(number(m.group(1)).value(facts, step), lang)));
            }
        } catch (RunFacts.Unknown u) {
            return null;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A text of the run a sentence names: step {@code n}'s address, or the bytes its accept wrote. */
    private static String text(RunFacts facts, String function, int n) {
        return function.equals("address") ? facts.address(n) : facts.peerBytes(n);
    }

    /** Checks every placeholder of a sentence parses (the loader's check). */
    static void checkPlaceholders(String template) {
        Matcher m = PLACE.matcher(template);
        while (m.find()) if (!ADDRESS.matcher(m.group(1)).matches()) number(m.group(1));
    }

    /** Whole numbers as they are; others with one decimal under 10 (a fast retransmission's ms), whole above. */
    static String format(double v, Lang lang) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        String s = Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v));
        return lang == Lang.ES ? s.replace('.', ',') : s;
    }
}

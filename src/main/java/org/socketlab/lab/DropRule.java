package org.socketlab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.socketlab.i18n.Messages;

/**
 * A network condition of the lab network: drop packets of one direction of the lab's traffic, in the receiver's input
 * (the capture sees them leave; they never arrive). The server's port tells the direction: client → server packets
 * go to it, server → client packets come from it.
 *
 * @param direction  which way the dropped packets go
 * @param serverPort the server's port (1-65535)
 * @param kind       which packets count: any, SYN, FIN, data (a TCP segment with payload, or any UDP datagram), or a
 *                   bare ACK (TCP, no payload, no SYN, FIN or RST)
 * @param nth        drop the nth counted packet after the rule is applied (1 = the next one); 0 with {@code percent}
 * @param percent    drop this percentage of the counted packets (1-100), chosen by {@code seed}: the same seed drops the
 *                   same ones, so a lesson replays the same; 0 with {@code nth}
 * @param seed       the percentage's seed
 */
public record DropRule(Direction direction, int serverPort, Kind kind, int nth, int percent, long seed) {
    /** Counted packets after this many begin again (the percentage's pattern repeats). */
    static final int CYCLE = 1000;

    public enum Direction {
        CLIENT_TO_SERVER, SERVER_TO_CLIENT;

        /** The lesson file's word: {@code client->server}, {@code server->client}. */
        public String word() {
            return this == CLIENT_TO_SERVER ? "client->server" : "server->client";
        }
    }

    public enum Kind {
        ANY, SYN, FIN, DATA, ACK;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DropRule {
        if (serverPort < 1 || serverPort > 65535) throw new IllegalArgumentException("port " + serverPort);
        if ((nth > 0) == (percent > 0)) throw new IllegalArgumentException("either nth or percent");
        if (nth < 0 || nth > CYCLE || percent < 0 || percent > 100)
            throw new IllegalArgumentException("nth 1-" + CYCLE + ", percent 1-100");
    }

    public static DropRule next(Direction direction, int serverPort, Kind kind) {
        return new DropRule(direction, serverPort, kind, 1, 0, 0);
    }

    /** The rule in words, as the journal's note and the command line say it. */
    public String describe(Messages m) {
        String what = m.get("network.kind." + kind.word());
        String way = m.get(direction == Direction.CLIENT_TO_SERVER
                ? "network.direction.toServer"
                : "network.direction.toClient");
        // A share is of many packets: the kind in the plural ("100 % of the packets").
        if (percent > 0)
            return m.get("network.drop.percent", m.get("network.kinds." + kind.word()), way, percent,
                    String.valueOf(seed));
        if (nth == 1) return m.get("network.drop.next", what, way);
        return m.get("network.drop.nth", what, way, nth);
    }

    /** Which counted packets are dropped: 0-based numbers below {@link #CYCLE}. */
    public List<Integer> dropped() {
        if (nth > 0) return List.of(nth - 1);
        Random random = new Random(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int i = 0; i < CYCLE; i++) if (random.nextInt(100) < percent) chosen.add(i);
        if (chosen.isEmpty()) chosen.add(0);
        return new ArrayList<>(chosen);
    }

    /**
     * This rule as number {@code id} of the lab's table, as the lab network's broker takes it: {@code drop ID GROUP
     * to-server|to-client PORT KIND N,N...}. The broker writes the nftables commands from its own template
     * (packaging/linux/labnet/): a chain of its own that counts the packets the rule's selectors send to it
     * ({@code numgen inc mod 1000}) and drops the chosen ones, logging each to {@code group} first, so the lab knows
     * every dropped packet exactly.
     */
    List<String> operation(int id, int group) {
        String numbers = dropped().stream().map(String::valueOf).collect(Collectors.joining(","));
        return List.of("drop", String.valueOf(id), String.valueOf(group),
                direction == Direction.CLIENT_TO_SERVER ? "to-server" : "to-client", String.valueOf(serverPort),
                kind.word(), numbers);
    }

    /**
     * The lab's table made anew (one left by an earlier lab in this network is replaced): an input chain that logs the
     * lab's marker datagrams (its own UDP socket talking to itself on {@code markerPort}) to {@code group}, so the log's
     * reader knows how far the log has come.
     */
    static List<String> freshTable(int group, int markerPort) {
        return List.of("fresh", String.valueOf(group), String.valueOf(markerPort));
    }

    /** Every rule removed, and the table made again at once with its marker rule only, in the same transaction. */
    static List<String> resetTable(int group, int markerPort) {
        return List.of("reset", String.valueOf(group), String.valueOf(markerPort));
    }
}

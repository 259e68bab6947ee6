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
        if (percent > 0) return m.get("network.drop.percent", what, way, percent, String.valueOf(seed));
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
     * The nftables commands that add this rule as number {@code id} to the lab's table (made by {@link #table}): a
     * chain of its own that counts the packets its selectors send to it ({@code numgen inc}) and drops the chosen ones,
     * logging each to {@code group} first, so the lab knows every dropped packet exactly.
     */
    String commands(int id, int group) {
        String chain = "drop" + id;
        StringBuilder s = new StringBuilder();
        s.append("add chain inet socketlab ").append(chain).append('\n');
        String numbers = dropped().stream().map(String::valueOf).collect(Collectors.joining(", "));
        s.append("add rule inet socketlab ").append(chain).append(" numgen inc mod ").append(CYCLE).append(" { ")
                .append(numbers).append(" } log prefix \"lost").append(id).append("\" group ").append(group)
                .append(" drop\n");
        for (String selector : selectors())
            s.append("add rule inet socketlab input ").append(selector).append(" jump ").append(chain).append('\n');
        return s.toString();
    }

    /** The selectors of the counted packets, each one nft match. */
    List<String> selectors() {
        String port = (direction == Direction.CLIENT_TO_SERVER ? "dport " : "sport ") + serverPort;
        List<String> out = new ArrayList<>();
        switch (kind) {
            case ANY -> out.add("meta l4proto { tcp, udp } th " + port);
            case SYN -> out.add("tcp " + port + " tcp flags & syn == syn");
            case FIN -> out.add("tcp " + port + " tcp flags & fin == fin");
            case DATA, ACK -> {
                if (kind == Kind.DATA) out.add("udp " + port);
                // A TCP segment carries data when its IP length is more than the IP and TCP headers: nft compares
                // fields with constants only, so one rule per TCP header length (data offset 5-15 words).
                String bare = kind == Kind.ACK ? " tcp flags & (syn | fin | rst) == 0" : "";
                for (int words = 5; words <= 15; words++) {
                    int tcpHeader = 4 * words;
                    String op = kind == Kind.DATA ? " > " : " == ";
                    out.add("ip hdrlength 5 tcp " + port + " @th,96,4 " + words + " ip length" + op + (20 + tcpHeader)
                            + bare);
                    out.add("ip6 nexthdr tcp tcp " + port + " @th,96,4 " + words + " ip6 length" + op + tcpHeader
                            + bare);
                }
            }
        }
        return out;
    }

    /**
     * The lab's table: an input chain that logs the lab's marker datagrams (its own UDP socket talking to itself on
     * {@code markerPort}) to {@code group}, so the log's reader knows how far the log has come.
     */
    static String table(int group, int markerPort) {
        return "add table inet socketlab\n"
                + "add chain inet socketlab input { type filter hook input priority 0; policy accept; }\n"
                + "add rule inet socketlab input udp sport " + markerPort + " udp dport " + markerPort
                + " log prefix \"mark\" group " + group + "\n";
    }
}

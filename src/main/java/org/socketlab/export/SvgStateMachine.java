package org.socketlab.export;

import static org.socketlab.export.Svg.fmt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;
import org.socketlab.story.table.SocketRow;
import org.socketlab.story.table.SocketTracker;

/**
 * RFC 9293's TCP state machine as a small standalone SVG, its arrows the kernel's one table
 * ({@link TcpTransitions#DIAGRAM}) and each TCP socket of the journal at the state it is in after the last event (the
 * journal's socket table, story.table), its last transition drawn bold. The RFC's grid: CLOSED on top where sockets
 * start and again bottom right where connections end, the active close down the left, the passive down the right. In
 * the SVG export's colours, so a page restyles it with the same theme rules ({@link SvgDiagram#themeColours}).
 */
public final class SvgStateMachine {
    /** The bottom-right CLOSED: where a connection ends. */
    static final String CLOSED_END = "CLOSED_END";
    private static final double COLUMN = 230, ROW = 82, BOX_W = 196, BOX_H = 40, TOP = 16, FS = 15;
    public static final double WIDTH = 3 * COLUMN + 10, HEIGHT = TOP + 6 * ROW + BOX_H + 40;
    // The SVG export's colours (SvgDiagram): ink, muted, lifeline, segment blue, state green and their fills.
    private static final String FONT = "'DejaVu Sans', Arial, sans-serif";
    private static final String INK = "#1f2937", MUTED = "#4b5563", LINE = "#9ca3af", BLUE = "#1d4ed8",
            GREEN = "#15803d", GREEN_FILL = "#ecfdf5", WHITE = "#ffffff";

    /** A state's box: its node id (CLOSED twice), the RFC name it shows, its column (0-2) and row (0-6). */
    private record Node(String id, TcpState state, int column, int row) {
        double x() {
            return 5 + COLUMN / 2 + column * COLUMN;
        }

        double y() {
            return TOP + BOX_H / 2 + row * ROW;
        }
    }

    private static final List<Node> NODES = List.of(new Node("CLOSED", TcpState.CLOSED, 1, 0),
            new Node("LISTEN", TcpState.LISTEN, 1, 1), new Node("SYN_RECEIVED", TcpState.SYN_RECEIVED, 0, 2),
            new Node("SYN_SENT", TcpState.SYN_SENT, 2, 2), new Node("ESTABLISHED", TcpState.ESTABLISHED, 1, 3),
            new Node("FIN_WAIT_1", TcpState.FIN_WAIT_1, 0, 4), new Node("CLOSE_WAIT", TcpState.CLOSE_WAIT, 2, 4),
            new Node("FIN_WAIT_2", TcpState.FIN_WAIT_2, 0, 5), new Node("CLOSING", TcpState.CLOSING, 1, 5),
            new Node("LAST_ACK", TcpState.LAST_ACK, 2, 5), new Node("TIME_WAIT", TcpState.TIME_WAIT, 1, 6),
            new Node(CLOSED_END, TcpState.CLOSED, 2, 6));

    /**
     * A socket where the machine shows it: its node, its badge, its endpoint, and the arrows of its last change ("A>B"
     * each; the kernel is read from outside, so a connect read once ESTABLISHED took two).
     */
    record Placed(String node, String badge, String endpoint, List<String> took) {
    }

    private SvgStateMachine() {
    }

    /** The machine after {@code events}, in {@code lang}; no XML declaration (it goes inline in a page, or a file). */
    public static String render(List<Event> events, Lang lang) {
        Messages m = Messages.of(lang);
        List<Placed> placed = place(events, m);
        Svg svg = new Svg(WIDTH);
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"state-machine\" role=\"img\""
                + " width=\"" + fmt(WIDTH) + "\" height=\"" + fmt(HEIGHT) + "\" viewBox=\"0 0 " + fmt(WIDTH) + " "
                + fmt(HEIGHT) + "\" font-family=\"" + FONT + "\" font-size=\"" + fmt(FS)
                + "\">\n");
        svg.raw("<title>").text(m.get("ui.statemachine.title")).raw("</title>\n<desc>");
        List<String> where = new ArrayList<>();
        for (Placed p : placed) where.add(m.get("share.machine.at", p.badge(), node(p.node()).state().rfcName()));
        svg.text(where.isEmpty() ? m.get("share.machine.none") : String.join("; ", where) + ".");
        svg.raw("</desc>\n<rect x=\"0\" y=\"0\" width=\"" + fmt(WIDTH) + "\" height=\"" + fmt(HEIGHT) + "\" fill=\""
                + WHITE + "\"/>\n");
        for (TcpTransitions.Transition t : TcpTransitions.DIAGRAM) arrow(svg, t, placed);
        Map<String, List<Placed>> at = new LinkedHashMap<>();
        for (Placed p : placed) at.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(p);
        for (Node n : NODES) box(svg, n, at.getOrDefault(n.id(), List.of()));
        svg.raw("</svg>\n");
        return svg.toString();
    }

    /** Each TCP socket the journal's table holds after {@code events}, at its node. */
    static List<Placed> place(List<Event> events, Messages m) {
        SocketTracker tracker = new SocketTracker();
        Map<Long, SocketTracker.Transition> last = new HashMap<>();
        for (Event e : events) tracker.accept(e).ifPresent(t -> last.put(t.socket(), t));
        long now = events.isEmpty() ? 0 : events.getLast().atNs();
        List<Placed> placed = new ArrayList<>();
        for (SocketRow row : tracker.rows(now)) {
            if (!row.kind().tcp() || !(row.state() instanceof TcpState state)) continue;
            SocketTracker.Transition t = last.get(row.id());
            TcpState from = t != null && t.from() instanceof TcpState f ? f : null;
            String to = nodeOf(state, from);
            // An accepted socket starts as its listener's child: its way begins at LISTEN.
            String start = t == null || from == null
                    ? ""
                    : t.accepted() && from == TcpState.CLOSED ? "LISTEN" : nodeOf(from, null);
            placed.add(new Placed(to, m.get("ui.statemachine.badge", row.endpointText(m), String.valueOf(row.fd())),
                    row.endpoint(), start.isEmpty() ? List.of() : way(start, to)));
        }
        return placed;
    }

    /** CLOSED is the bottom node when a connection ended there (not from LISTEN or SYN_SENT, which go back up). */
    private static String nodeOf(TcpState state, @Nullable TcpState from) {
        if (state != TcpState.CLOSED) return state.rfcName();
        return from == null || from == TcpState.LISTEN || from == TcpState.SYN_SENT || from == TcpState.CLOSED
                ? "CLOSED"
                : CLOSED_END;
    }

    /** The arrows of the shortest way from node {@code from} to node {@code to} ("A>B" each); none when there is none. */
    static List<String> way(String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty() && !cameFrom.containsKey(to)) {
            String at = todo.poll();
            for (TcpTransitions.Transition t : TcpTransitions.DIAGRAM) {
                String a = end(t, false).id(), b = end(t, true).id();
                if (a.equals(at) && !b.equals(from) && cameFrom.putIfAbsent(b, a) == null) todo.add(b);
            }
        }
        List<String> way = new ArrayList<>();
        for (String n = to; cameFrom.containsKey(n) && !n.equals(from); n = cameFrom.get(n))
            way.addFirst(cameFrom.get(n) + ">" + n);
        return way;
    }

    private static Node node(String id) {
        return NODES.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /** The node an arrow of the table is drawn between: to CLOSED it ends bottom right unless it leaves LISTEN or SYN_SENT. */
    private static Node end(TcpTransitions.Transition t, boolean to) {
        return node(to ? nodeOf(t.to(), t.from()) : t.from().rfcName());
    }

    private static void arrow(Svg svg, TcpTransitions.Transition t, List<Placed> placed) {
        Node a = end(t, false), b = end(t, true);
        boolean taken = placed.stream().anyMatch(p -> p.took().contains(a.id() + ">" + b.id()));
        boolean twoWay = TcpTransitions.drawn(t.to(), t.from()).isPresent();
        double dx = b.x() - a.x(), dy = b.y() - a.y(), len = Math.hypot(dx, dy), ux = dx / len, uy = dy / len;
        double off = twoWay ? 7 : 0, nx = -uy * off, ny = ux * off;
        double s = clip(ux, uy), x1 = a.x() + ux * s + nx, y1 = a.y() + uy * s + ny, x2 = b.x() - ux * s + nx,
                y2 = b.y() - uy * s + ny, head = 11;
        String colour = taken ? BLUE : LINE;
        svg.raw("<g class=\"transition" + (taken ? " taken" : "") + "\" data-from=\"" + a.id() + "\" data-to=\""
                + b.id() + "\"><line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2 - ux * head * 0.8)
                + "\" y2=\"" + fmt(y2 - uy * head * 0.8) + "\" stroke=\"" + colour + "\" stroke-width=\""
                + (taken ? "3.5" : "1.6") + "\"/>" + "<polygon points=\"" + fmt(x2) + "," + fmt(y2) + " "
                + fmt(x2 - ux * head - uy * head * 0.45) + "," + fmt(y2 - uy * head + ux * head * 0.45) + " "
                + fmt(x2 - ux * head + uy * head * 0.45) + "," + fmt(y2 - uy * head - ux * head * 0.45)
                + "\" fill=\"" + colour + "\"/></g>\n");
    }

    /** How far from a box's centre a line in direction (ux, uy) leaves the box (a small gap after it). */
    private static double clip(double ux, double uy) {
        double sx = Math.abs(ux) < 1e-9 ? Double.MAX_VALUE : (BOX_W / 2) / Math.abs(ux);
        double sy = Math.abs(uy) < 1e-9 ? Double.MAX_VALUE : (BOX_H / 2) / Math.abs(uy);
        return Math.min(sx, sy) + 3;
    }

    private static void box(Svg svg, Node n, List<Placed> here) {
        boolean current = !here.isEmpty();
        double left = n.x() - BOX_W / 2, top = n.y() - BOX_H / 2;
        svg.raw("<g class=\"state" + (current ? " current" : "") + "\" data-state=\"" + n.id() + "\"><rect x=\""
                + fmt(left) + "\" y=\"" + fmt(top) + "\" width=\"" + fmt(BOX_W) + "\" height=\"" + fmt(BOX_H)
                + "\" rx=\"8\" fill=\"" + (current ? GREEN_FILL : WHITE) + "\" stroke=\"" + (current ? GREEN : LINE)
                + "\" stroke-width=\"" + (current ? "3.5" : "1.4") + "\"/>\n");
        svg.text(n.x(), n.y() + FS * 0.35, n.state().rfcName(), "text-anchor=\"middle\" fill=\""
                + (current ? INK : MUTED) + "\"" + (current ? " font-weight=\"bold\"" : ""));
        double y = top + BOX_H + FS * 1.05;
        for (Placed p : here) {
            svg.halo(n.x(), y, p.badge(), FS * 0.85, 0.6, "middle", "class=\"badge\" text-anchor=\"middle\""
                    + " font-size=\"" + fmt(FS * 0.85) + "\" fill=\""
                    + (p.endpoint().startsWith("server") ? BLUE : GREEN)
                    + "\"");
            y += FS * 1.05;
        }
        svg.raw("</g>\n");
    }

    /** Every colour the machine is drawn in: each has its dark and high-contrast twin in the SVG export's themes. */
    public static List<String> colours() {
        return List.of(INK, MUTED, LINE, BLUE, GREEN, GREEN_FILL, WHITE);
    }
}

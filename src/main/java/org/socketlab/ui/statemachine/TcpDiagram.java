package org.socketlab.ui.statemachine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions;

/**
 * The TCP state diagram of RFC 9293 (section 3.3.2) as a drawing: where each state sits (the classic layout, CLOSED
 * on top, the active close down the left, the passive close down the right) and where each transition of the kernel's
 * one table ({@link TcpTransitions}) is drawn, labelled "event / action" by the table. CLOSED is drawn twice, as in the RFC: on top where sockets start, and bottom right where
 * connections end. Also the simpler datagram strip (UNBOUND, BOUND, CONNECTED).
 */
public final class TcpDiagram {
    /** Logical drawing size (room under the bottom row for labels); the skin scales it by the zoom. */
    public static final double WIDTH = 1400, HEIGHT = 960;
    public static final double BOX_W = 220, BOX_H = 70;
    /** The bottom-right CLOSED: where a connection ends. */
    public static final String CLOSED_END = "CLOSED_END";

    /** A drawn state: its node id, the RFC name it shows, and its centre. */
    public record Node(String id, String state, double x, double y) {
    }

    /**
     * A transition as drawn. {@code labelKey} holds "event / action" per language; {@code bend} shifts the
     * arrow sideways so two opposite arrows between the same states do not overlap; {@code at} is where along
     * the arrow the label sits (0..1), {@code labelDx/Dy} nudge it off other arrows.
     */
    public record Edge(String from, String to, String labelKey, double bend, double at, double labelDx, double labelDy,
            boolean reset) {
        public Edge(String from, String to, String labelKey, double bend, double at, double labelDx, double labelDy) {
            this(from, to, labelKey, bend, at, labelDx, labelDy, false);
        }

        /** "ESTABLISHED->FIN_WAIT_1"; an RST edge is "ESTABLISHED-RST->CLOSED_END", apart from a drawn edge on the same pair. */
        public String id() {
            return from + (reset ? "-RST->" : "->") + to;
        }
    }

    private static final double L = 280, C = 700, R = 1120;
    private static final double[] ROW = {50, 190, 330, 470, 610, 735, 850};
    /**
     * The compact drawing (presenter mode, beside the sequence diagram): the same grid of three columns and seven
     * rows with the boxes close together and no room for edge labels, so that the state names can be large.
     */
    public static final double COMPACT_WIDTH = 780, COMPACT_HEIGHT = 700;
    private static final double COMPACT_COLUMN = 260, COMPACT_ROW = 100;
    /**
     * The dense drawing (the window's low bottom pane): the compact grid with low boxes and rows close together, so
     * that fitted to a pane about twice as wide as high its state names are as large as they can be (issue 43 item 5).
     */
    public static final double DENSE_WIDTH = 700, DENSE_COLUMN = 238;
    public static final double DENSE_BOX_H = 44, DENSE_ROW = 66, DENSE_HEIGHT = DENSE_BOX_H / 2 + 10 + 6 * DENSE_ROW
            + 37 + 6;

    /**
     * The narrow drawing (the window's side column, ~300 px): the same boxes in two lanes and a middle one, one or two
     * to a row, so that the machine is drawn with readable names in a column and scrolls to the state that matters
     * (issue 57). Lane x centres: two lanes apart by {@link #NARROW_LANE_GAP} between their boxes, the middle lane
     * between them clear of the lines that run down the outer lanes.
     */
    public static final double NARROW_LANE_GAP = 50, NARROW_ROW_GAP = 40, NARROW_MARGIN = 6;
    public static final double NARROW_WIDTH = 2 * BOX_W + NARROW_LANE_GAP + 2 * NARROW_MARGIN;

    /** Each state's row and lane (-1 left, 0 middle, 1 right) in the narrow drawing: an arrow never crosses a box. */
    private record NarrowPlace(String id, int row, int lane) {
    }

    private static final List<NarrowPlace> NARROW = List.of(
            new NarrowPlace("CLOSED", 0, 0),
            new NarrowPlace("LISTEN", 1, -1),
            new NarrowPlace("SYN_SENT", 1, 1),
            new NarrowPlace("SYN_RECEIVED", 2, -1),
            new NarrowPlace("ESTABLISHED", 3, 0),
            new NarrowPlace("FIN_WAIT_1", 4, -1),
            new NarrowPlace("CLOSE_WAIT", 4, 1),
            new NarrowPlace("CLOSING", 5, 0),
            new NarrowPlace("FIN_WAIT_2", 6, -1),
            new NarrowPlace("LAST_ACK", 6, 1),
            new NarrowPlace("TIME_WAIT", 7, 0),
            new NarrowPlace(CLOSED_END, 8, 1));
    public static final int NARROW_ROWS = 9;
    /** The narrow drawing's height with no badge in it (each badge makes its row higher). */
    public static final double NARROW_HEIGHT = NARROW_ROWS * DENSE_BOX_H + (NARROW_ROWS - 1) * NARROW_ROW_GAP
            + 2 * NARROW_MARGIN;

    /** {@code n}'s row in the narrow drawing, top to bottom from 0. */
    public static int narrowRow(Node n) {
        return narrowPlace(n).row();
    }

    /** Where {@code n}'s centre is, left to right, in the narrow drawing. */
    public static double narrowX(Node n) {
        double middle = NARROW_WIDTH / 2;
        return middle + narrowPlace(n).lane() * (BOX_W + NARROW_LANE_GAP) / 2;
    }

    private static NarrowPlace narrowPlace(Node n) {
        return NARROW.stream().filter(p -> p.id().equals(n.id())).findFirst().orElseThrow();
    }

    /** The states one drawn arrow away from {@code nodeId}: where a socket there can go next (no reset arrows). */
    public static List<String> next(String nodeId) {
        return EDGES.stream().filter(e -> e.from().equals(nodeId)).map(Edge::to).distinct().toList();
    }

    public static final List<Node> NODES = List.of(
            new Node("CLOSED", "CLOSED", C, ROW[0]),
            new Node("LISTEN", "LISTEN", C, ROW[1]),
            new Node("SYN_RECEIVED", "SYN_RECEIVED", L, ROW[2]),
            new Node("SYN_SENT", "SYN_SENT", R, ROW[2]),
            new Node("ESTABLISHED", "ESTABLISHED", C, ROW[3]),
            new Node("FIN_WAIT_1", "FIN_WAIT_1", L, ROW[4]),
            new Node("CLOSE_WAIT", "CLOSE_WAIT", R, ROW[4]),
            new Node("FIN_WAIT_2", "FIN_WAIT_2", L, ROW[5]),
            new Node("CLOSING", "CLOSING", C, ROW[5]),
            new Node("LAST_ACK", "LAST_ACK", R, ROW[5]),
            new Node("TIME_WAIT", "TIME_WAIT", C, ROW[6]),
            new Node(CLOSED_END, "CLOSED", R, ROW[6]));

    /**
     * Where an arrow is drawn, between two drawn nodes: what {@link Edge} has besides its label. The arrows themselves
     * are the kernel's table ({@link TcpTransitions}); a place here with no arrow there is never drawn, and an arrow
     * with no place fails when this class loads.
     */
    private record Place(String from, String to, double bend, double at, double labelDx, double labelDy) {
    }

    private static final List<Place> PLACES = List.of(
            new Place("CLOSED", "LISTEN", -16, 0.5, -92, 0),
            new Place("LISTEN", "CLOSED", -16, 0.5, 58, 14),
            new Place("CLOSED", "SYN_SENT", -14, 0.4, 60, -26),
            new Place("SYN_SENT", "CLOSED", -14, 0.6, 40, 24),
            new Place("LISTEN", "SYN_RECEIVED", -14, 0.5, -40, -24),
            new Place("SYN_RECEIVED", "LISTEN", -14, 0.45, 20, 22),
            new Place("LISTEN", "SYN_SENT", 0, 0.55, 20, 22),
            new Place("SYN_SENT", "SYN_RECEIVED", 0, 0.5, 0, -18),
            new Place("SYN_SENT", "ESTABLISHED", 0, 0.5, 70, 10),
            new Place("SYN_RECEIVED", "ESTABLISHED", 0, 0.5, -70, 10),
            new Place("SYN_RECEIVED", "FIN_WAIT_1", 0, 0.5, -80, 0),
            new Place("ESTABLISHED", "FIN_WAIT_1", 0, 0.5, -20, -24),
            new Place("ESTABLISHED", "CLOSE_WAIT", 0, 0.5, 20, -24),
            new Place("FIN_WAIT_1", "FIN_WAIT_2", 0, 0.5, -112, 0),
            new Place("FIN_WAIT_1", "CLOSING", 0, 0.5, 50, -18),
            new Place("CLOSE_WAIT", "LAST_ACK", 0, 0.5, -70, 0),
            new Place("FIN_WAIT_2", "TIME_WAIT", 0, 0.45, -60, 14),
            new Place("CLOSING", "TIME_WAIT", 0, 0.5, 86, 0),
            new Place("LAST_ACK", CLOSED_END, 0, 0.5, -96, 0),
            new Place("TIME_WAIT", CLOSED_END, 0, 0.5, 0, -20));

    /** The arrows of RFC 9293's diagram, in the table's order, each at its place and with the table's label. */
    public static final List<Edge> EDGES = TcpTransitions.DIAGRAM.stream().map(t -> edge(t, PLACES, false)).toList();

    private static final List<Place> RST_PLACES = List.of(
            new Place("ESTABLISHED", CLOSED_END, 24, 0.45, 40, -6),
            new Place("FIN_WAIT_1", CLOSED_END, 60, 0.3, 0, 20),
            new Place("FIN_WAIT_2", CLOSED_END, 0, 0.3, 0, 16),
            new Place("CLOSE_WAIT", CLOSED_END, -125, 0.5, 10, 0),
            new Place("CLOSING", CLOSED_END, 0, 0.5, 0, 18),
            new Place("LAST_ACK", CLOSED_END, -40, 0.5, 36, 0),
            new Place("TIME_WAIT", CLOSED_END, 24, 0.5, 0, 18));

    /**
     * RFC 9293 section 3.10.7.4: an RST takes any synchronized state straight to CLOSED, and an abort (close() with
     * SO_LINGER 0 or with unread data) sends one and does the same. The RFC draws none of these arrows; here each is
     * its own edge, drawn only while it is the last transition. Bends keep them off the boxes they would cross.
     */
    public static final List<Edge> RST_EDGES = TcpTransitions.SYNCHRONIZED.stream()
            .map(s -> edge(TcpTransitions.reset(s).orElseThrow(), RST_PLACES, true)).toList();

    /** The states RFC 9293 calls synchronized: an RST received in any of them ends the connection at once (the kernel's table). */
    public static final List<String> SYNCHRONIZED = TcpTransitions.SYNCHRONIZED.stream().map(TcpState::rfcName)
            .toList();

    private static Edge edge(TcpTransitions.Transition t, List<Place> places, boolean reset) {
        Place p = places.stream().filter(q -> shows(q.from(), t.from()) && shows(q.to(), t.to())).findFirst()
                .orElseThrow(() -> new IllegalStateException(t.toString())); // an arrow of the table with no place
        return new Edge(p.from(), p.to(), EdgeLabels.key(t), p.bend(), p.at(), p.labelDx(), p.labelDy(), reset);
    }

    private static boolean shows(String nodeId, TcpState state) {
        return node(nodeId).orElseThrow().state().equals(state.rfcName());
    }

    /** The RST edge out of a synchronized state, if it is one. */
    public static Optional<Edge> rstEdge(String from) {
        return RST_EDGES.stream().filter(e -> e.from().equals(from)).findFirst();
    }

    /** The datagram states, left to right, and the calls between them. */
    public static final List<String> UDP_STATES = List.of("UNBOUND", "BOUND", "CONNECTED");
    public static final List<Edge> UDP_EDGES = List.of(
            new Edge("UNBOUND", "BOUND", "ui.statemachine.udp.bind", 0, 0.5, 0, 0),
            new Edge("BOUND", "CONNECTED", "ui.statemachine.udp.connect", 0, 0.5, 0, 0));

    private TcpDiagram() {
    }

    /** Where {@code n}'s centre is in the compact drawing. */
    public static double compactX(Node n) {
        return compactX(n, false);
    }

    /** Where {@code n}'s centre is, left to right, in the compact drawing or, when {@code dense}, the dense one. */
    public static double compactX(Node n, boolean dense) {
        int column = n.x() == L ? 0 : n.x() == C ? 1 : 2;
        return dense
                ? DENSE_WIDTH / 2 + (column - 1) * DENSE_COLUMN
                : COMPACT_WIDTH / 2 + (column - 1) * COMPACT_COLUMN;
    }

    /** The rows of the compact drawings, top to bottom. */
    public static final int COMPACT_ROWS = ROW.length;

    /** {@code n}'s row in the compact drawings, top to bottom from 0. */
    public static int compactRow(Node n) {
        int row = 0;
        while (ROW[row] != n.y()) row++;
        return row;
    }

    /** The room between two boxes one above the other in the compact drawing or, when {@code dense}, the dense one. */
    public static double compactRowGap(boolean dense) {
        return dense ? DENSE_ROW - DENSE_BOX_H : COMPACT_ROW - BOX_H;
    }

    public static double compactY(Node n) {
        return compactY(n, false);
    }

    /** Where {@code n}'s centre is, top to bottom, in the compact drawing or, when {@code dense}, the dense one. */
    public static double compactY(Node n, boolean dense) {
        int row = compactRow(n);
        return dense ? DENSE_BOX_H / 2 + 10 + row * DENSE_ROW : BOX_H / 2 + 10 + row * COMPACT_ROW;
    }

    public static Optional<Node> node(String id) {
        return NODES.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** Which drawn node shows a socket in this state (CLOSED sockets wait at the top). */
    public static String nodeOf(SocketState state) {
        return state.journalName();
    }

    /**
     * The arrows from one state to another: the direct one when the diagram has it, else the shortest way round.
     * The kernel is sampled, so a fast change (CLOSED to ESTABLISHED within one connect) skips states the socket
     * really went through; the path shows them. A change to CLOSED ends at the bottom CLOSED unless it leaves
     * LISTEN or SYN_SENT (those go back to the top, as in the RFC). Empty when the diagram has no way.
     */
    public static List<Edge> path(String from, String to, List<Edge> edges) {
        List<String> targets = to.equals("CLOSED") ? List.of(CLOSED_END, "CLOSED") : List.of(to);
        List<Edge> best = null;
        for (String target : targets) {
            List<Edge> p = bfs(from, target, edges);
            if (p != null && (best == null || p.size() < best.size())) best = p;
        }
        return best == null ? List.of() : best;
    }

    private static List<Edge> bfs(String from, String to, List<Edge> edges) {
        if (from.equals(to)) return null;
        Map<String, Edge> cameBy = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (Edge e : edges) {
                if (!e.from().equals(at) || cameBy.containsKey(e.to()) || e.to().equals(from)) continue;
                cameBy.put(e.to(), e);
                if (e.to().equals(to)) {
                    List<Edge> path = new ArrayList<>();
                    for (String n = to; !n.equals(from); n = cameBy.get(n).from()) path.add(cameBy.get(n));
                    Collections.reverse(path);
                    return path;
                }
                queue.add(e.to());
            }
        }
        return null;
    }
}

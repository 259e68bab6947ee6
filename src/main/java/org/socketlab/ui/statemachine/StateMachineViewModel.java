package org.socketlab.ui.statemachine;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Event;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.sockets.SocketRow;
import org.socketlab.ui.sockets.SocketTracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the journal to what the state machine shows: which sockets sit in which state (badges in their
 * endpoint's colour) and the last transition as arrows on the diagram. Plain beans, no toolkit needed.
 */
public final class StateMachineViewModel {
    /** A socket shown in a state; {@code open} false when its fd is closed and only the connection remains. */
    public record Badge(String endpoint, int fd, boolean open) {}

    /**
     * The last change: the arrows it took ({@code path}); {@code direct} false when the kernel went through states
     * too fast for the sampler, so the path fills in the ones between. {@code path} is empty when the diagram has
     * no way from one to the other (an RST from ESTABLISHED, for instance).
     */
    public record Moved(long seq, String endpoint, int fd, String from, String to, List<TcpDiagram.Edge> path, boolean direct) {}

    /** Everything the diagram draws, as of one moment. */
    public record Picture(Map<String, List<Badge>> tcp, Map<String, List<Badge>> udp, Moved lastTcp, Moved lastUdp) {
        public static final Picture EMPTY = new Picture(Map.of(), Map.of(), null, null);

        public List<Badge> tcpAt(String nodeId) { return tcp.getOrDefault(nodeId, List.of()); }
        public List<Badge> udpAt(String state) { return udp.getOrDefault(state, List.of()); }
    }

    private final Texts texts;
    private final SocketTracker tracker = new SocketTracker();
    private final ReadOnlyObjectWrapper<Picture> picture = new ReadOnlyObjectWrapper<>(this, "picture", Picture.EMPTY);
    private Moved lastTcp, lastUdp;
    private final StringBinding caption;

    public StateMachineViewModel(Texts texts) {
        this.texts = texts;
        caption = Bindings.createStringBinding(() -> describe(picture.get().lastTcp(), texts.messages()), picture, texts.messagesProperty());
    }

    public Texts texts() { return texts; }

    public ReadOnlyObjectProperty<Picture> pictureProperty() { return picture.getReadOnlyProperty(); }

    public Picture picture() { return picture.get(); }

    /** One line saying what the last TCP transition was, in the current language. */
    public StringBinding caption() { return caption; }

    /** New events, in journal order. */
    public void onEvents(List<Event> batch) {
        boolean changed = false;
        for (Event e : batch) {
            var moved = tracker.accept(e);
            changed |= e.payload() instanceof org.socketlab.lab.Payload.Call || moved.isPresent();
            moved.ifPresent(this::remember);
        }
        if (changed) picture.set(draw());
    }

    /** Shows the states as they were after exactly these events (the journal up to the playback cursor). */
    public void replay(List<Event> upToCursor) {
        tracker.clear();
        lastTcp = null;
        lastUdp = null;
        onEvents(upToCursor);
        picture.set(draw());
    }

    private void remember(SocketTracker.Transition t) {
        if (t.kind().tcp()) {
            // An accepted socket was born in the listener's queue: its way to ESTABLISHED went through SYN_RECEIVED.
            String from = t.accepted() && t.from().equals("CLOSED") ? "LISTEN" : t.from();
            List<TcpDiagram.Edge> path = TcpDiagram.path(from, t.to(), TcpDiagram.EDGES);
            lastTcp = new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), path, path.size() == 1 && from.equals(t.from()));
        } else if (t.kind().udp()) {
            List<TcpDiagram.Edge> path = TcpDiagram.path(t.from(), t.to(), TcpDiagram.UDP_EDGES);
            lastUdp = new Moved(t.seq(), t.endpoint(), t.fd(), t.from(), t.to(), path, path.size() == 1);
        }
    }

    private Picture draw() {
        Map<String, List<Badge>> tcp = new LinkedHashMap<>(), udp = new LinkedHashMap<>();
        for (SocketRow r : tracker.rows(0)) {
            if (r.state() == null) continue;
            Map<String, List<Badge>> into = r.kind().tcp() ? tcp : r.kind().udp() ? udp : null;
            if (into != null) into.computeIfAbsent(TcpDiagram.nodeOf(r.state()), k -> new ArrayList<>()).add(new Badge(r.endpoint(), r.fd(), r.open()));
        }
        tcp.replaceAll((k, v) -> List.copyOf(v));
        udp.replaceAll((k, v) -> List.copyOf(v));
        return new Picture(Map.copyOf(tcp), Map.copyOf(udp), lastTcp, lastUdp);
    }

    /** "client fd 5: SYN_SENT -> ESTABLISHED (rcv SYN,ACK / ACK)", or the states passed too fast to see. */
    public static String describe(Moved m, Messages messages) {
        if (m == null) return messages.get("ui.statemachine.caption.none");
        String who = messages.get("ui.statemachine.caption.socket", m.endpoint(), String.valueOf(m.fd()));
        if (m.path().isEmpty()) return messages.get("ui.statemachine.caption.offDiagram", who, m.from(), m.to());
        if (m.direct()) return messages.get("ui.statemachine.caption.direct", who, m.from(), m.to(), messages.get(m.path().getFirst().labelKey()));
        List<String> between = new ArrayList<>();
        for (int i = 0; i < m.path().size() - 1; i++) between.add(m.path().get(i).to());
        String via = between.isEmpty() ? m.path().getFirst().from() : String.join(", ", between);
        return messages.get("ui.statemachine.caption.via", who, m.from(), m.to(), via);
    }
}

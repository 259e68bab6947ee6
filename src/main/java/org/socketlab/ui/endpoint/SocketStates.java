package org.socketlab.ui.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.lab.Endpoint.SocketInfo;

/**
 * One endpoint's open sockets, as the endpoint last reported them, and the kernel's last journaled state of each; a
 * number another socket took since (a connection that left TIME_WAIT) shows its new socket's state, never the old one's.
 */
final class SocketStates {
    /** The kernel's last reported state of each of this endpoint's fds, from the journal. */
    private final ObservableMap<Integer, SocketState> states = FXCollections.observableHashMap();
    private final ObservableMap<Integer, SocketState> readOnlyStates = FXCollections.unmodifiableObservableMap(states);
    /** The last journaled state of each socket, by its inode (fd numbers are reused). */
    private final Map<Long, SocketState> statesByInode = new HashMap<>();
    private final ObservableList<SocketInfo> sockets = FXCollections.observableArrayList();
    private final ObservableList<SocketInfo> readOnlySockets = FXCollections.unmodifiableObservableList(sockets);

    /** The kernel state of an fd, as last journaled (null if none yet). */
    SocketState stateOf(int fd) {
        return states.get(fd);
    }

    ObservableMap<Integer, SocketState> states() {
        return readOnlyStates;
    }

    ObservableList<SocketInfo> sockets() {
        return readOnlySockets;
    }

    /** A state journaled; {@code holder}: the inode the endpoint's fd names now, or null when none or not known. */
    void journaled(Payload.State st, Long holder) {
        if (st.inode() != null) statesByInode.put(st.inode(), st.toState());
        // A socket whose number another took since (its connection leaving TIME_WAIT) is not this fd's.
        if (st.inode() == null || holder == null || holder.equals(st.inode())) states.put(st.fd(), st.toState());
    }

    /** What {@code other} knows of sockets' states, where this knows nothing: a forked child holds its parent's. */
    void learn(SocketStates other) {
        other.statesByInode.forEach(statesByInode::putIfAbsent);
    }

    /** The process exited: its sockets went with it, the kernel closed them. */
    void processExited() {
        states.clear();
    }

    /** The endpoint's sockets are {@code now}: each fd shows its own socket's last state. */
    void refresh(List<SocketInfo> now) {
        // A number taken again shows its new socket's state, not the one the closed socket had under it.
        statesByInode.keySet().retainAll(now.stream().map(SocketInfo::inode).toList()); // only open ones matter here
        for (SocketInfo s : now) {
            if (s.inode() <= 0) continue;
            SocketState state = statesByInode.get(s.inode());
            if (state != null) states.put(s.fd(), state);
            else states.remove(s.fd());
        }
        sockets.setAll(now);
    }
}

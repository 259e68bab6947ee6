package org.socketlab.story.table;

import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SocketState;
import org.socketlab.kernel.TcpState;
import org.socketlab.story.StoryText;

/**
 * One line of the socket table, as of one moment.
 *
 * @param id              stable identity (an fd number can be reused while the old connection lingers)
 * @param local           the local address, {@code "?"} (or {@code host:?}) when the kernel chose one no call told, null if none
 * @param peer            the peer address, null if none is known
 * @param state           RFC 9293 name (TCP), UNBOUND/BOUND/CONNECTED (UDP), CLOSED/LISTEN/ESTABLISHED (Unix, from unix_diag)
 * @param recvQ           bytes waiting to be read; a listener's accept-queue length; null until observed
 * @param sendQ           bytes not yet acknowledged; a listener's backlog limit; null until observed
 * @param open            false once the program closed the fd while the kernel still keeps the connection
 * @param timeWaitLeftMs  time the kernel still keeps it in TIME_WAIT, else null
 * @param inode           the kernel's inode of the socket once the journal told it, else null (the process table finds
 *                        a descriptor's socket by it)
 * @param tcpInfo         what TCP was last doing on its connection, from the kernel's tcp_info (issue 60); null for
 *                        a listener and until a reading came
 */
public record SocketRow(long id, String endpoint, int fd, SocketTracker.Kind kind, @Nullable String local,
        @Nullable String peer, @Nullable SocketState state, @Nullable Long recvQ, @Nullable Long sendQ,
        boolean listener,
        boolean open, @Nullable Long timeWaitLeftMs, @Nullable Long inode, Payload.@Nullable TcpInfo tcpInfo) {
    private static final String NONE = "\u2014";
    // Numbers go into the texts as strings: MessageFormat would group them ("1,024") and fd numbers must stay plain.

    public String localText() {
        return local == null ? NONE : local;
    }
    public String peerText() {
        return peer == null ? NONE : peer;
    }
    /** The state as shown: RFC names for TCP, the datagram states in the language. */
    public String stateText(Messages m) {
        return state == null ? NONE : Names.state(state.journalName(), m);
    }

    /** "Server", "Client 2": the endpoint in the language. */
    public String endpointText(Messages m) {
        return Names.endpoint(endpoint, m);
    }

    public String recvQText(Messages m) {
        if (recvQ == null) return NONE;
        return listener && state == TcpState.LISTEN
                ? m.get("ui.sockets.acceptQueue", String.valueOf(recvQ))
                : m.get("ui.sockets.bytes", String.valueOf(recvQ));
    }

    public String sendQText(Messages m) {
        if (sendQ == null) return NONE;
        if (listener && state == TcpState.LISTEN) return m.get("ui.sockets.backlog", String.valueOf(sendQ));
        // CLOSED: no connection, so no byte will leave; the number is Linux's bookkeeping (the diagram says so too)
        if (noneToSend()) return m.get("ui.sockets.sendQ.closed", String.valueOf(sendQ));
        return m.get("ui.sockets.bytes", String.valueOf(sendQ));
    }

    /**
     * The state as the table shows it: in TIME_WAIT with the seconds the kernel still keeps the connection ("TIME_WAIT
     * 59 s"), rounded up so it reaches 0 only when the time is really up; else {@link #stateText}.
     */
    public String stateCellText(Messages m) {
        if (timeWaitLeftMs == null) return stateText(m);
        return m.get("ui.sockets.stateTimeWait", stateText(m), secondsLeft(timeWaitLeftMs));
    }

    /** The long forms the table's tooltips give for its short texts; empty where the text says it all. */
    public String recvQTip(Messages m) {
        return recvQ != null && listener && state == TcpState.LISTEN
                ? m.get("ui.sockets.acceptQueue.tooltip", String.valueOf(recvQ))
                : "";
    }

    public String sendQTip(Messages m) {
        if (noneToSend()) return m.get("ui.sockets.sendQ.closed.tooltip", String.valueOf(sendQ));
        return sendQ != null && listener && state == TcpState.LISTEN
                ? m.get("ui.sockets.backlog.tooltip", String.valueOf(sendQ))
                : "";
    }

    /** A TCP socket in CLOSED whose Send-Q is not 0: it counts no bytes that will ever be sent (issue 57). */
    private boolean noneToSend() {
        return sendQ != null && sendQ > 0 && state == TcpState.CLOSED;
    }

    /**
     * What the seconds after TIME_WAIT are, and what TCP was last doing on the connection (said here too: the table's
     * own columns for it are shown only where it has room for them); empty where neither applies.
     */
    public String stateTip(Messages m) {
        String timeWait = timeWaitLeftMs == null
                ? ""
                : m.get("ui.sockets.stateTimeWait.tooltip", secondsLeft(timeWaitLeftMs));
        String kernel = tcpInfo == null ? "" : StoryText.tcpInfo(tcpInfo, m);
        return timeWait.isEmpty() || kernel.isEmpty() ? timeWait + kernel : timeWait + "\n" + kernel;
    }

    public String fdTip(Messages m) {
        return open ? "" : m.get("ui.sockets.closedFd.tooltip", String.valueOf(fd));
    }

    public String fdText(Messages m) {
        return open ? String.valueOf(fd) : m.get("ui.sockets.closedFd", String.valueOf(fd));
    }

    /**
     * The smoothed round trip the kernel measured ("50.2 ms"; under a millisecond in µs, "22 µs": loopback's "0.0 ms"
     * would say it took no time); a dash before any reading.
     */
    public String rttText(Messages m) {
        if (tcpInfo == null) return NONE;
        return tcpInfo.rttUs() < 1000
                ? m.get("ui.sockets.micros", String.valueOf(tcpInfo.rttUs()))
                : m.get("ui.sockets.millis", StoryText.millis(tcpInfo.rttUs()));
    }

    /** The congestion window, in segments ("10"). */
    public String cwndText(Messages m) {
        return tcpInfo == null ? NONE : String.valueOf(tcpInfo.sndCwnd());
    }

    /** Bytes sent and not yet acknowledged. */
    public String inFlightText(Messages m) {
        return tcpInfo == null ? NONE : m.get("ui.sockets.bytes", String.valueOf(tcpInfo.inFlight()));
    }

    /**
     * The peer's receive window: in bytes from the kernel's tcp_info; where the kernel does not say it, the last
     * captured window field, unscaled, marked so.
     */
    public String peerWindowText(Messages m) {
        if (tcpInfo == null || tcpInfo.peerWindow() == null) return NONE;
        return Payload.TcpInfo.FROM_TCP_INFO.equals(tcpInfo.peerWindowFrom())
                ? m.get("ui.sockets.bytes", String.valueOf(tcpInfo.peerWindow()))
                : m.get("ui.sockets.capturedWindow", String.valueOf(tcpInfo.peerWindow()));
    }

    /** The round trip's variation and the retransmission timeout it gives. */
    public String rttTip(Messages m) {
        return tcpInfo == null
                ? ""
                : m.get("ui.sockets.rtt.more", StoryText.millis(tcpInfo.rttVarUs()),
                        StoryText.millis(tcpInfo.rtoUs()));
    }

    /** The window in bytes (segments of the connection's size) and the slow-start threshold. */
    public String cwndTip(Messages m) {
        if (tcpInfo == null) return "";
        String threshold = tcpInfo.sndSsthresh() == null ? "∞" : String.valueOf(tcpInfo.sndSsthresh());
        return m.get("ui.sockets.cwnd.more", String.valueOf(tcpInfo.sndCwnd()), String.valueOf(tcpInfo.sndMss()),
                threshold);
    }

    /** The segments those bytes are in, and how many were sent again so far. */
    public String inFlightTip(Messages m) {
        return tcpInfo == null
                ? ""
                : m.get("ui.sockets.inFlight.more", String.valueOf(tcpInfo.unacked()),
                        String.valueOf(tcpInfo.retransmitted()));
    }

    /** Where a window that is not the kernel's own came from. */
    public String peerWindowTip(Messages m) {
        return tcpInfo == null || tcpInfo.peerWindow() == null
                || Payload.TcpInfo.FROM_TCP_INFO.equals(tcpInfo.peerWindowFrom())
                        ? ""
                        : m.get("ui.sockets.capturedWindow.tooltip");
    }

    private static String secondsLeft(long leftMs) {
        return String.valueOf((leftMs + 999) / 1000);
    }
}

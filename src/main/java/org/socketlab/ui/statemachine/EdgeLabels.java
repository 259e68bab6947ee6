package org.socketlab.ui.statemachine;

import org.socketlab.kernel.TcpState;
import org.socketlab.kernel.TcpTransitions.Transition;

/**
 * The "event / action" words of each arrow of the kernel's transition table, as message keys: the kernel says which
 * transition it is, the drawn machine words it. One text for every reset arrow, which RFC 9293 does not draw.
 */
final class EdgeLabels {
    private EdgeLabels() {
    }

    static String key(Transition t) {
        return switch (t.cause()) {
            case LISTEN -> "ui.statemachine.edge.listen";
            case CLOSE -> t.from() == TcpState.LISTEN
                    ? "ui.statemachine.edge.closeListen"
                    : "ui.statemachine.edge.closeSynSent";
            case SEND_SYN -> t.from() == TcpState.LISTEN
                    ? "ui.statemachine.edge.sendSyn"
                    : "ui.statemachine.edge.connect";
            case RECEIVE_SYN -> t.from() == TcpState.SYN_SENT
                    ? "ui.statemachine.edge.simultaneous"
                    : "ui.statemachine.edge.rcvSyn";
            case RECEIVE_SYN_ACK -> "ui.statemachine.edge.rcvSynAck";
            case RECEIVE_ACK_OF_SYN -> "ui.statemachine.edge.rcvAckOfSyn";
            case SEND_FIN -> "ui.statemachine.edge.closeFin";
            case RECEIVE_FIN -> "ui.statemachine.edge.rcvFin";
            case RECEIVE_ACK_OF_FIN -> "ui.statemachine.edge.rcvAckOfFin";
            // RFC 9293 draws one reset: a half-open connection back to LISTEN; the others end in CLOSED.
            case RECEIVE_RST -> t.to() == TcpState.LISTEN
                    ? "ui.statemachine.edge.rcvRst"
                    : "ui.statemachine.edge.rst";
            case SEND_RST -> "ui.statemachine.edge.rst";
            case TIMEOUT -> "ui.statemachine.edge.timeout";
        };
    }
}

package org.socketlab.lab;

import org.socketlab.kernel.capture.CaptureUnavailableException;
import org.socketlab.kernel.capture.CapturedPacket;
import org.socketlab.kernel.capture.LoopbackCapture;

/**
 * The wire as seen by tcpdump, journaled as {@code captured} segments between the lab's endpoints. A packet is the
 * lab's when one of its ends (for an ICMP error: the quoted sender) is an address of one of the lab's sockets, as
 * the {@link KernelObserver} knows them; every other packet on loopback belongs to another program and is dropped.
 * Packets arrive a few milliseconds after the call that caused them and are journaled when they arrive.
 */
final class WireCapture implements AutoCloseable {
    /** The journal endpoint of capture start, stop and failure events. */
    static final String ENDPOINT = "lab";
    static final String TURNED_OFF = "capture turned off for this lab";

    private final Journal journal;
    private final KernelObserver kernel;
    private final java.util.concurrent.atomic.AtomicReference<LoopbackCapture> capture = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile double startMillis = Double.NaN;

    private WireCapture(Journal journal, KernelObserver kernel) {
        this.journal = journal;
        this.kernel = kernel;
    }

    /** Starts capture (blocking until tcpdump listens) and journals whether it runs; off journals it unavailable. */
    static WireCapture start(Journal journal, KernelObserver kernel, boolean wanted) {
        WireCapture wire = new WireCapture(journal, kernel);
        if (!wanted) {
            journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.UNAVAILABLE, TURNED_OFF));
            return wire;
        }
        try {
            LoopbackCapture started = LoopbackCapture.start(wire::onPacket, wire::onStoppedUnexpectedly);
            wire.capture.set(started);
            wire.startMillis = started.startMillis();
            journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.STARTED, "tcpdump on loopback"));
        } catch (CaptureUnavailableException e) {
            journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.UNAVAILABLE, e.getMessage()));
        }
        return wire;
    }

    boolean running() {
        return capture.get() != null;
    }

    /** Milliseconds tcpdump took to start listening, NaN when it did not run. */
    double startMillis() {
        return startMillis;
    }

    private void onPacket(CapturedPacket p) {
        Payload.Segment segment = segment(p);
        if (segment != null) journal.append(segment.from(), segment);
    }

    /** The packet as a segment between endpoints, or null when it is not the lab's. */
    private Payload.Segment segment(CapturedPacket p) {
        return switch (p.proto()) {
            case TCP, UDP -> {
                boolean tcp = p.proto() == CapturedPacket.Proto.TCP;
                String from = kernel.endpointAt(tcp, p.from(), p.to());
                String to = kernel.endpointAt(tcp, p.to(), p.from());
                if (from == null && to == null) yield null;
                boolean withAck = p.flags().contains("ACK");
                yield new Payload.Segment(orExternal(from), orExternal(to), p.proto().wireName(), p.flags(),
                        tcp ? p.seq() : null, tcp && withAck ? p.ack() : null, p.len(), "captured", tcp ? p.window() : null);
            }
            case ICMP -> {
                // An ICMP error answers a packet of ours: it quotes that packet's addresses; the sender is the one told.
                CapturedPacket.Icmp icmp = p.icmp();
                if (icmp == null || icmp.quotedFrom() == null) yield null;
                boolean tcp = icmp.quotedProto() == CapturedPacket.Proto.TCP;
                String told = kernel.endpointAt(tcp, icmp.quotedFrom(), icmp.quotedTo());
                if (told == null) yield null;
                String teller = kernel.endpointAt(tcp, icmp.quotedTo(), icmp.quotedFrom());
                yield new Payload.Segment(orExternal(teller), told, "icmp", p.flags(), null, null, p.len(), "captured", null);
            }
        };
    }

    private static String orExternal(String endpoint) {
        return endpoint == null ? "external" : endpoint;
    }

    /** Called on the capture's reader thread when tcpdump ended on its own: release it, say why. */
    private void onStoppedUnexpectedly(String reason) {
        LoopbackCapture ended = capture.getAndSet(null);
        if (ended == null) return;
        ended.close();
        journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.STOPPED, reason));
    }

    /** Stops tcpdump and its reader threads; journals the stop if it was running. */
    @Override
    public void close() {
        LoopbackCapture running = capture.getAndSet(null);
        if (running == null) return;
        running.close();
        journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.STOPPED, "lab closed"));
    }
}

package org.socketlab.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CapturedPacket;
import org.socketlab.syscall.CpuAffinity;

/**
 * A UDP socket of SocketLab's own (not the lab's) that sends itself numbered marker datagrams over loopback. tcpdump
 * delivers packets in order, so once a marker comes back through the capture, every packet sent before it was taken
 * has been delivered too; the loss log reads markers the same way ({@link LossLog}). Numbers grow from 1.
 */
final class CaptureMarkers {
    /** How many send times are kept, newest first out of the way. */
    private static final int KEPT = 4096;
    private @Nullable DatagramChannel channel;
    /** With a second host's drop rules: the same port on the first host's link address, sending over the link. */
    private @Nullable DatagramChannel linkChannel;
    private volatile int port = -1;
    private final AtomicLong sent = new AtomicLong();
    /** When each recent marker was sent, by number (its own lock). */
    private final TreeMap<Long, Long> sentNs = new TreeMap<>();

    /** Opens the socket; without one, {@link #port} stays -1 and calls just do not wait for the capture. */
    void open() {
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            close();
        }
    }

    /** The marker socket's port, -1 when it is not open. */
    int port() {
        return port;
    }

    void close() {
        closeLink();
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // closing a datagram channel does not fail in a way worth reporting
        }
        port = -1;
    }

    /**
     * Opens the link's marker socket (once): the marker port on {@code here}, the first host's address on the link to a
     * second host, so markers cross the link and pass that host's input hook after what was sent before them (the
     * second host's table logs them and drops them there). False when it cannot be opened.
     */
    synchronized boolean openLink(String here) {
        if (linkChannel != null) return true;
        if (port < 0) return false;
        try {
            linkChannel = DatagramChannel.open();
            linkChannel.bind(new InetSocketAddress(InetAddress.getByName(here), port));
            linkChannel.configureBlocking(false);
            return true;
        } catch (IOException | RuntimeException e) {
            closeLink();
            return false;
        }
    }

    /** Closes the link's marker socket (the second host is gone, or its rules are). */
    synchronized void closeLink() {
        try {
            if (linkChannel != null) linkChannel.close();
        } catch (IOException e) {
            // closing a datagram channel does not fail in a way worth reporting
        }
        linkChannel = null;
    }

    /**
     * Sends a marker over the link to {@code there} (the second host's address, same port), numbered as every marker;
     * -1 when it could not be sent.
     */
    long sendOverLink(String there) {
        DatagramChannel link;
        synchronized (this) {
            link = linkChannel;
        }
        if (link == null) return -1;
        long id = sent.incrementAndGet();
        synchronized (sentNs) {
            sentNs.put(id, System.nanoTime());
            while (sentNs.size() > KEPT) sentNs.pollFirstEntry();
        }
        try {
            link.send(ByteBuffer.allocate(8).putLong(0, id), new InetSocketAddress(InetAddress.getByName(there), port));
            return id;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Sends a marker datagram carrying its number (8 bytes) and returns the number, -1 when it could not be sent. A
     * marker seen on the wire means every packet sent before its number was taken was seen too.
     */
    long send() {
        long id = sent.incrementAndGet();
        synchronized (sentNs) {
            sentNs.put(id, System.nanoTime()); // before it is sent: its record may come back at once
            while (sentNs.size() > KEPT) sentNs.pollFirstEntry();
        }
        DatagramChannel open = channel;
        if (open == null) return -1; // never opened: callers asked port() first
        try {
            open.send(ByteBuffer.allocate(8).putLong(0, id), open.getLocalAddress());
            return id;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Markers sent one from each CPU in turn, by number, the first sent first: once a host's input hook has let every
     * one of them pass, every packet sent before the first was (each waited in its sending CPU's queue ahead of that
     * CPU's marker).
     */
    record Round(long[] ids) {
        Round {
            ids = ids.clone();
        }

        long first() {
            return ids[0];
        }
    }

    /** A {@link Round} over loopback ({@link #send}); null when a marker could not be sent. */
    @Nullable
    Round sendFromEachCpu() {
        return round(this::send);
    }

    /** A {@link Round} over the link to {@code there} ({@link #sendOverLink}); null when one could not be sent. */
    @Nullable
    Round sendOverLinkFromEachCpu(String there) {
        return round(() -> sendOverLink(there));
    }

    private static @Nullable Round round(LongSupplier one) {
        LongStream.Builder ids = LongStream.builder();
        boolean all = CpuAffinity.onEachCpu(cpu -> {
            long id = one.getAsLong();
            if (id >= 0) ids.add(id);
            return id >= 0;
        });
        long[] sent = ids.build().toArray();
        return all && sent.length > 0 ? new Round(sent) : null;
    }

    /** When marker {@code id} was sent ({@link System#nanoTime}), null when it is no longer known. */
    @Nullable
    Long sentAtNs(long id) {
        synchronized (sentNs) {
            return sentNs.get(id);
        }
    }

    /** Reads and drops the markers that came back to the socket: they only matter on the wire. */
    void drain() {
        DatagramChannel open = channel;
        if (open == null) return;
        try {
            ByteBuffer sink = ByteBuffer.allocate(8);
            while (open.receive(sink.clear()) != null) {
                // nothing to keep
            }
        } catch (IOException e) {
            // a closed marker has nothing left to drain
        }
    }

    /** Whether a captured packet is one of these markers. */
    boolean isMarker(CapturedPacket p) {
        int at = port;
        return p.proto() == CapturedPacket.Proto.UDP && at > 0 && p.to() != null && p.from() != null
                && WireAddresses.port(p.to()) == at
                && WireAddresses.port(p.from()) == at;
    }

    /** A marker's number, from its UDP payload's last 8 bytes (the IP header's total length says where it ends). */
    static long idOf(CapturedPacket p) {
        byte[] ip = p.ipPacket();
        if (ip == null || ip.length < 28) return 0;
        int end = ipEnd(ip);
        if (end > ip.length || end < 8) return 0;
        return ByteBuffer.wrap(ip, end - 8, 8).getLong();
    }

    /** Where an IP packet ends by its own header's length field (IPv6: the 40-byte header and its payload length). */
    static int ipEnd(byte[] ip) {
        return (ip[0] >> 4) == 6
                ? 40 + ((ip[4] & 0xff) << 8 | (ip[5] & 0xff))
                : (ip[2] & 0xff) << 8 | (ip[3] & 0xff);
    }
}

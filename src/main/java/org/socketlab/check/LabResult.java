package org.socketlab.check;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What SocketLab's own sockets saw while playing against the program: per lab client, what it sent and got back; for
 * a client under test, what the lab server sent and received. Filled by {@link LabSide} (one thread per client), read
 * by {@link Judge} once the plays are over.
 */
public final class LabResult {
    /**
     * One lab client's connection (or UDP socket): its local port (the program's accept shows it as the peer), the play
     * it belongs to, the bytes it sent and the bytes that came back, whether they were the same, why it stopped
     * early (null when it did not), and the seq of the program's latest call before it connected (its accept comes
     * after: found by the peer's port when the program asked for it, else as the first accept after that seq), and
     * the first byte that came back different from the one sent at that place (null when every byte that came back
     * was the one sent: all of it, or a part).
     */
    public record Client(int play, int number, int localPort, long sent, long received, boolean same,
            @Nullable String problem, long afterSeq, @Nullable Difference difference) {
        public Client(int play, int number, int localPort, long sent, long received, boolean same,
                @Nullable String problem, long afterSeq) {
            this(play, number, localPort, sent, received, same, problem, afterSeq, null);
        }
    }

    /** The first byte that came back other than sent: its place in the client's stream, the byte sent, the one got. */
    public record Difference(long at, int expected, int got) {
        /** The first place where {@code got} (its first {@code length} bytes) differs from {@code sent}, else null. */
        static @Nullable Difference of(long offset, byte[] sent, byte[] got, int length) {
            int n = Math.min(length, Math.min(sent.length, got.length));
            for (int i = 0; i < n; i++)
                if (sent[i] != got[i]) return new Difference(offset + i, sent[i] & 0xff, got[i] & 0xff);
            return null;
        }
    }

    private final List<Client> clients = new ArrayList<>();
    /** Index of the reset play's client, its local port (0 when there was none). */
    volatile int resetPort;
    /** The seq of the program's latest call before the reset client connected. */
    volatile long resetAfterSeq;
    /** Whether the program was still running after the reset and the next clients' play. */
    volatile @Nullable Boolean aliveAfterReset;
    /** Lab server (client under test): bytes of reply it sent, datagrams it received, the ones it answered. */
    volatile long replySent;
    volatile int datagramsReceived, datagramsAnswered;
    volatile boolean clientConnected;

    synchronized void add(Client c) {
        clients.add(c);
    }

    public synchronized List<Client> clients() {
        return List.copyOf(clients);
    }
}

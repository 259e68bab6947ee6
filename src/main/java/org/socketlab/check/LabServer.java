package org.socketlab.check;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.socketlab.syscall.Libc;

/**
 * The lab's server, played against a client under test with real sockets on the loopback of the program's network
 * ({@link LabSocket}): it takes the client's request
 * and answers with the play's reply (TCP, in pieces with pauses), or answers datagrams after dropping the first ones
 * (UDP). What it saw goes into the run's {@link LabResult}.
 */
final class LabServer implements AutoCloseable {
    private final Libc libc;
    private final LabSocket.Maker sockets;
    private final LabResult result;
    /** How long it waits for a client's request ({@link Waits#labSocket()}), counting the program's own silences. */
    private final Patience patience;
    private volatile boolean stopping;
    private AutoCloseable ending = () -> {
    };

    private LabServer(Libc libc, LabSocket.Maker sockets, LabResult result, Patience patience) {
        this.libc = libc;
        this.sockets = sockets;
        this.result = result;
        this.patience = patience;
    }

    /** Binds the lab server before the program starts (so its first connect or datagram finds it). */
    static LabServer open(Libc libc, LabSocket.Maker sockets, CheckFile check, int port, LabResult result,
            Patience patience) throws IOException {
        LabServer server = new LabServer(libc, sockets, result, patience);
        server.start(check, port);
        return server;
    }

    private void start(CheckFile check, int port) throws IOException {
        CheckFile.Server play = (CheckFile.Server) check.plays().getFirst();
        if (check.proto() == CheckFile.Proto.TCP) {
            LabSocket listener = LabSocket.tcp(libc, sockets, 0);
            try {
                listener.bind(port, true);
                listener.listen(8);
            } catch (IOException e) {
                listener.close();
                throw e;
            }
            Thread t = Thread.ofPlatform().daemon().name("socketlab-check-server")
                    .start(() -> serveTcp(listener, play));
            ending = () -> {
                listener.close();
                t.join(patience.waitMs());
            };
            return;
        }
        LabSocket socket = LabSocket.udp(libc, sockets);
        try {
            socket.bind(port, false);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Thread t = Thread.ofPlatform().daemon().name("socketlab-check-udp-server").start(() -> serveUdp(socket, play));
        ending = () -> {
            t.join(patience.waitMs());
            socket.close();
        };
    }

    private void serveTcp(LabSocket listener, CheckFile.Server play) {
        while (!stopping) {
            LabSocket s;
            try {
                s = listener.accept(200);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            result.clientConnected = true;
            try (s) {
                // The request: whatever comes until the client stops for 300 ms, closes its side, or its wait passes.
                byte[] buffer = new byte[65_536];
                int n = patience.await(ms -> s.read(buffer, 0, buffer.length, ms));
                Patience pause = patience.waiting(300);
                while (n > 0) {
                    try {
                        n = pause.await(ms -> s.read(buffer, 0, buffer.length, ms));
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                byte[] reply = LabSide.message(0, 0, 1, play.replyBytes());
                int piece = Math.max(1, (reply.length + play.pieces() - 1) / play.pieces());
                for (int off = 0; off < reply.length; off += piece) {
                    int len = Math.min(piece, reply.length - off);
                    s.write(reply, off, len);
                    result.replySent += len;
                    if (off + len < reply.length) Thread.sleep(play.pauseMs());
                }
            } catch (IOException e) {
                // the client went away: what it read is in the journal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void serveUdp(LabSocket socket, CheckFile.Server play) {
        byte[] reply = play.reply().getBytes(StandardCharsets.UTF_8);
        while (!stopping) {
            LabSocket.Datagram in;
            try {
                in = socket.receive(200);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            result.clientConnected = true;
            int number = ++result.datagramsReceived;
            if (number <= play.drop()) continue; // lost on purpose: the client must time out and send again
            try {
                socket.send(reply, in.from());
                result.datagramsAnswered++;
            } catch (IOException e) {
                // the client is gone
            }
        }
    }

    /** Stops serving (a run cut short by its time limit); its socket is closed by {@link #close()}. */
    void stop() {
        stopping = true;
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        ending.close();
    }
}

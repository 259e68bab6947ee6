package org.socketlab.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The lab's server, played against a client under test with real sockets on loopback: it takes the client's request
 * and answers with the play's reply (TCP, in pieces with pauses), or answers datagrams after dropping the first ones
 * (UDP). What it saw goes into the run's {@link LabResult}.
 */
final class LabServer implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final LabResult result;
    /** How long it waits for a client's request ({@link Waits#labSocket()}). */
    private final int waitMs;
    private volatile boolean stopping;
    private AutoCloseable ending = () -> {
    };

    private LabServer(LabResult result, int waitMs) {
        this.result = result;
        this.waitMs = waitMs;
    }

    /** Binds the lab server before the program starts (so its first connect or datagram finds it). */
    static LabServer open(CheckFile check, int port, LabResult result, int waitMs) throws IOException {
        LabServer server = new LabServer(result, waitMs);
        server.start(check, port);
        return server;
    }

    private void start(CheckFile check, int port) throws IOException {
        CheckFile.Server play = (CheckFile.Server) check.plays().getFirst();
        if (check.proto() == CheckFile.Proto.TCP) {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(LOOPBACK, port), 8);
            listener.setSoTimeout(200);
            Thread t = Thread.ofPlatform().daemon().name("socketlab-check-server")
                    .start(() -> serveTcp(listener, play));
            ending = () -> {
                listener.close();
                t.join(waitMs);
            };
            return;
        }
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
        socket.setSoTimeout(200);
        Thread t = Thread.ofPlatform().daemon().name("socketlab-check-udp-server").start(() -> serveUdp(socket, play));
        ending = () -> {
            t.join(waitMs);
            socket.close();
        };
    }

    private void serveTcp(ServerSocket listener, CheckFile.Server play) {
        while (!stopping) {
            Socket s;
            try {
                s = listener.accept();
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            result.clientConnected = true;
            try (s) {
                s.setTcpNoDelay(true);
                // The request: whatever comes until the client stops for 300 ms, closes its side, or its wait passes.
                s.setSoTimeout(waitMs);
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[65_536];
                int n = in.read(buffer);
                s.setSoTimeout(300);
                while (n > 0) {
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                byte[] reply = LabSide.message(0, 0, 1, play.replyBytes());
                OutputStream out = s.getOutputStream();
                int piece = Math.max(1, (reply.length + play.pieces() - 1) / play.pieces());
                for (int off = 0; off < reply.length; off += piece) {
                    int len = Math.min(piece, reply.length - off);
                    out.write(reply, off, len);
                    out.flush();
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

    private void serveUdp(DatagramSocket socket, CheckFile.Server play) {
        byte[] reply = play.reply().getBytes(StandardCharsets.UTF_8);
        DatagramPacket in = new DatagramPacket(new byte[65_536], 65_536);
        while (!stopping) {
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            result.clientConnected = true;
            int number = ++result.datagramsReceived;
            if (number <= play.drop()) continue; // lost on purpose: the client must time out and send again
            try {
                socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
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

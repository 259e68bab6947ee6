package org.socketlab.lab;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Another program on loopback, run as a child JVM by {@link LoopbackIsolationTest}: it talks to itself over TCP and
 * UDP without pause, and on {@code target HOST:PORT} (a line on stdin) it also keeps connecting to that address, the
 * one the lab's client uses. Every socket it opens is bound before use, so it knows its own 4-tuple, and prints it:
 * {@code tcp LOCAL REMOTE} or {@code udp LOCAL REMOTE}, before its first packet. {@code untarget} stops the aiming;
 * {@code sync} answers {@code synced} after every tuple line printed before it. It stops at the end of stdin. Paced by its own round trips
 * (and a short wait for the next command), so it never runs the machine out of ephemeral ports.
 */
public final class LoopbackHammer {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static PrintStream out;
    /** Held by each attempt at the target, so {@code untarget} can answer once the last one has ended. */
    private static final Object AIMING = new Object();

    private LoopbackHammer() {
    }

    public static void main(String[] args) throws Exception {
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        AtomicReference<InetSocketAddress> target = new AtomicReference<>();
        BlockingQueue<String> stop = new LinkedBlockingQueue<>();
        try (ServerSocket own = new ServerSocket(0, 50, LOOPBACK);
                DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread echo = Thread.ofPlatform().daemon().name("hammer-echo").start(() -> echo(own));
            Thread talk = Thread.ofPlatform().daemon().name("hammer-talk").start(() -> talk(own, a, b, stop));
            Thread aim = Thread.ofPlatform().daemon().name("hammer-target").start(() -> aim(target, stop));
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("target ")) {
                    String hostPort = line.substring(7).trim();
                    int colon = hostPort.lastIndexOf(':');
                    target.set(new InetSocketAddress(hostPort.substring(0, colon),
                            Integer.parseInt(hostPort.substring(colon + 1))));
                    out.println("aiming " + hostPort);
                } else if (line.equals("untarget")) {
                    target.set(null);
                    synchronized (AIMING) {
                        out.println("untargeted");
                    }
                } else if (line.equals("sync")) {
                    out.println("synced"); // every tuple line of a socket opened before this one came first
                }
            }
            stop.add("stop");
            stop.add("stop");
            talk.join(5000);
            aim.join(5000);
            own.close();
            echo.join(5000);
        }
    }

    /** The own server: reads what a client sends, answers it and closes first (its TIME_WAIT stays on one port). */
    private static void echo(ServerSocket own) {
        while (!own.isClosed()) {
            try (Socket s = own.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64];
                int n = in.read(buf);
                if (n > 0) s.getOutputStream().write(buf, 0, n);
            } catch (IOException e) {
                // closed at the end, or a client gave up: take the next one
            }
        }
    }

    /** TCP conversations with its own server and UDP datagrams between its own sockets, until told to stop. */
    private static void talk(ServerSocket own, DatagramSocket a, DatagramSocket b, BlockingQueue<String> stop) {
        try {
            b.setSoTimeout(1000);
            byte[] buf = new byte[64];
            do {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(LOOPBACK, 0));
                    out.println("tcp " + text(s.getLocalSocketAddress()) + " " + text(own.getLocalSocketAddress()));
                    s.connect(own.getLocalSocketAddress(), 1000);
                    s.getOutputStream().write("not the lab's".getBytes(StandardCharsets.UTF_8));
                    s.getInputStream().read(buf);
                } catch (IOException e) {
                    // one lost round trip is fine: the next one comes
                }
                out.println("udp " + text(a.getLocalSocketAddress()) + " " + text(b.getLocalSocketAddress()));
                a.send(new DatagramPacket("ping".getBytes(StandardCharsets.UTF_8), 4, b.getLocalSocketAddress()));
                b.receive(new DatagramPacket(buf, buf.length));
            } while (stop.poll(2, TimeUnit.MILLISECONDS) == null);
        } catch (IOException | InterruptedException e) {
            out.println("talk ended: " + e);
        }
    }

    /** Once told a target, connects to it again and again (refused, queued or dropped: whatever the kernel does). */
    private static void aim(AtomicReference<InetSocketAddress> target, BlockingQueue<String> stop) {
        try {
            do {
                synchronized (AIMING) {
                    InetSocketAddress to = target.get();
                    if (to != null) knock(to);
                }
            } while (stop.poll(3, TimeUnit.MILLISECONDS) == null);
        } catch (InterruptedException e) {
            out.println("aim ended: " + e);
        }
    }

    private static void knock(InetSocketAddress to) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            out.println("tcp " + text(s.getLocalSocketAddress()) + " " + to.getAddress().getHostAddress() + ":"
                    + to.getPort());
            s.setSoLinger(true, 0); // no TIME_WAIT left behind on the lab's port
            s.connect(to, 200);
            s.getOutputStream().write("knock".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // refused or timed out: exactly the traffic wanted
        }
    }

    private static String text(SocketAddress a) {
        InetSocketAddress i = (InetSocketAddress) a;
        return i.getAddress().getHostAddress() + ":" + i.getPort();
    }
}

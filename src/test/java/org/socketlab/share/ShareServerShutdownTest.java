package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.socketlab.share.RoomFixtures.JournalSession;
import org.socketlab.testing.Await;

/**
 * A share stops whole: after {@link ShareServer#close()} none of its threads lives (its own virtual ones, counted, and
 * the JDK server's dispatcher and timers), even with pages following live and a client that never reads.
 */
@Isolated
class ShareServerShutdownTest {
    private static final Set<String> JDK_SERVER_THREADS = Set.of("HTTP-Dispatcher", "idle-timeout-task",
            "req-rsp-timeout-task");

    private static Set<String> shareThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> JDK_SERVER_THREADS.contains(n) || n.startsWith("socketlab-share"))
                .collect(Collectors.toSet());
    }

    @Test
    void closingEndsEveryThreadOfTheShare() throws Exception {
        JournalSession session = new JournalSession();
        String big = "y".repeat(8 << 20);
        RoomRenderer heavy = (state, lang) -> new RoomView(state.version(), state.step(), state.steps(), lang, "t",
                big, "", "", "", List.of(), null);
        JoinCode code = new JoinCode("ABCDEF");
        ShareServer server = RoomFixtures.serve(session, heavy, null, code, ShareServer.Limits.DEFAULT);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) { // pages following live
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                RoomFixtures.send(s, server, "GET /events?code=ABCDEF", null);
                sockets.add(s);
            }
            Socket stuck = new Socket(); // and one that asked for the view and never reads it
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            RoomFixtures.send(stuck, server, "GET /view?code=ABCDEF", null);
            sockets.add(stuck);
            Await.until(Duration.ofSeconds(20), () -> server.clients() == 5, () -> "5 pages: " + server.clients());
            session.note("a change while they follow");
            assertTrue(server.liveThreads() >= 7, "streams, the view's writer, publisher, sweeper: "
                    + server.liveThreads());
            assertTrue(shareThreads().contains("HTTP-Dispatcher"), shareThreads().toString());
        } finally {
            long t = System.nanoTime();
            server.close();
            System.out.println("ShareServerShutdownTest: closed in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
        assertEquals(0, server.liveThreads(), "the share's own threads");
        // The JDK's timers end a moment after they are cancelled.
        Await.until(Duration.ofSeconds(10), () -> shareThreads().isEmpty(), () -> "still alive: " + shareThreads());
        assertEquals(0, server.clients());
        for (Socket s : sockets) {
            s.setSoTimeout(10_000);
            try {
                while (s.getInputStream().read(new byte[65536]) >= 0) {
                    // what was sent before the close, then the end
                }
            } catch (IOException reset) {
                // a reset ends it too
            }
            s.close();
        }
    }
}

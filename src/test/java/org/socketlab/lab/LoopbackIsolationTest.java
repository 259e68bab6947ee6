package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.socketlab.lab.LabTestSupport.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.ChildJvm;

/**
 * Capture keeps the lab's own connections only. Lessons and a free-lab session run while another process (a child
 * JVM, {@link LoopbackHammer}) talks on loopback without pause and keeps connecting to the very address the lab's
 * client uses: while nothing listens there (refused), while the lab has only bound it, and while the lab's listener
 * has taken its last connection (the other program's connections then wait in the lab's accept queue, never
 * accepted, and are reset when the listener closes). No captured segment may carry one of the other program's
 * 4-tuples, and every connect of the lab's clients must still show its own SYN.
 *
 * <p>Needs tcpdump and the right to capture (root), as CI has: there, without them, the test fails naming them
 * ({@link org.socketlab.CiRules}); elsewhere nothing is captured and there is nothing to check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackIsolationTest {
    private Process hammer;
    private Writer toHammer;
    /** Every 4-tuple of the other program, both ways round ("127.0.0.1:5000>127.0.0.1:40112"). */
    private final Set<String> foreign = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Set<String> aimedAt = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startTheOtherProgram() throws Exception {
        String classes = Path.of(LoopbackHammer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        hammer = new ProcessBuilder(ChildJvm.command("-cp", classes, LoopbackHammer.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toHammer = new OutputStreamWriter(hammer.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("hammer-reader").start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(hammer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] w = line.split(" ");
                    if (w.length == 3 && (w[0].equals("tcp") || w[0].equals("udp"))) {
                        foreign.add(w[1] + ">" + w[2]);
                        foreign.add(w[2] + ">" + w[1]);
                        if (aimedAt.contains(w[2])) aimedAt.add("hit " + w[2]);
                    } else {
                        replies.add(line);
                    }
                }
            } catch (IOException e) {
                replies.add("ended: " + e);
            }
        });
        expectReply("ready");
    }

    @AfterAll
    void stopTheOtherProgram() throws Exception {
        if (hammer == null) return;
        toHammer.close();
        if (!hammer.waitFor(10, TimeUnit.SECONDS)) hammer.destroyForcibly();
    }

    private void tell(String command) {
        try {
            toHammer.write(command + "\n");
            toHammer.flush();
        } catch (IOException e) {
            throw new AssertionError("the other program is gone: " + e, e);
        }
    }

    private void expectReply(String prefix) throws InterruptedException {
        String reply = replies.poll(15, TimeUnit.SECONDS);
        assertNotNull(reply, "the other program did not answer " + prefix);
        assertTrue(reply.startsWith(prefix), () -> "the other program said " + reply + ", not " + prefix);
    }

    private void aim(String address) {
        aimedAt.add(address);
        aimedAt.remove("hit " + address);
        tell("target " + address);
    }

    /**
     * Runs a lesson with the other program aimed at the lesson's server address at the moments that cannot disturb
     * the lesson: from the start until the first listen() for a lesson that accepts nothing, and from the call after
     * the last accept() to the end for the others.
     */
    @ParameterizedTest
    @ValueSource(strings = {"connection-refused", "tcp-basics", "multiple-clients", "time-wait"})
    void aLessonBesideAnotherProgramJournalsNoneOfItsTraffic(String id) throws Exception {
        var lesson = LessonLoader.load(id);
        long accepts = lesson.steps().stream().filter(s -> "accept".equals(s.call())).count();
        int port = LessonRunner.freePort();
        String address = "127.0.0.1:" + port;
        try (Lab lab = Lab.onThisMachine()) {
            CiRules.requireCapture(lab); // fails on CI, a visible skip elsewhere
            int[] acceptsSeen = {0};
            boolean[] aiming = {false};
            Consumer<Event> trigger = e -> {
                if (!(e.payload() instanceof Payload.Call c)) return;
                if (accepts == 0 && c.call().equals("listen") && aiming[0]) {
                    tell("untarget");
                    aiming[0] = false;
                } else if (accepts > 0 && acceptsSeen[0] == accepts && !aiming[0]) {
                    aim(address); // the call after the last accept: nothing more will be taken from the queue
                    aiming[0] = true;
                }
                if (c.call().equals("accept") && !c.failed()) acceptsSeen[0]++;
            };
            if (accepts == 0) {
                aim(address);
                aiming[0] = true;
                awaitHit(address);
            }
            LessonReport report;
            try (Subscription s = lab.journal().subscribe(trigger)) {
                report = new LessonRunner().run(lesson, lab, port, r -> {
                });
            }
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            assertTrue(aiming[0] || accepts == 0, "the other program was aimed at the lab's address");
            awaitHit(address);
            lab.observeKernelNow();
            checkOnlyTheLabsOwn(lab);
        } finally {
            tell("untarget");
        }
    }

    /** The window's free lab: any calls in any order, the other program aimed at the same address throughout. */
    @Test
    void aFreeLabSessionBesideAnotherProgramJournalsNoneOfItsTraffic() throws Exception {
        int port = LessonRunner.freePort();
        String address = "127.0.0.1:" + port;
        try (Lab lab = Lab.onThisMachine()) {
            CiRules.requireCapture(lab); // fails on CI, a visible skip elsewhere
            Endpoint server = lab.server(), client = lab.client(), client2 = lab.addClient();
            aim(address);
            awaitHit(address);
            int listener = socket(server, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(server, new Request.Bind(listener, v4(port)));
            int refused = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            fails(client, new Request.Connect(refused, v4(port)), "ECONNREFUSED"); // bound, not listening
            ok(client, new Request.Close(refused));
            tell("untarget");
            expectReplySkipping("untargeted"); // its last attempt has ended: nothing of it can reach the listener
            ok(server, new Request.Listen(listener, 8));
            int a = socket(client, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(client, new Request.Connect(a, v4(port)));
            int b = socket(client2, Domain.AF_INET, SockType.SOCK_STREAM);
            ok(client2, new Request.Connect(b, v4(port)));
            int connA = (int) ok(server, new Request.Accept(listener)).result();
            int connB = (int) ok(server, new Request.Accept(listener)).result();
            aim(address); // from now on its connections wait in the lab's queue, never accepted
            awaitHit(address);
            ok(client, new Request.Send(a, "mine".getBytes(StandardCharsets.UTF_8)));
            ok(server, new Request.Recv(connA, 64));
            ok(client2, new Request.Send(b, "mine too".getBytes(StandardCharsets.UTF_8)));
            ok(server, new Request.Recv(connB, 64));
            ok(client, new Request.Close(a));
            ok(server, new Request.Close(connA));
            ok(server, new Request.Close(listener)); // resets the other program's queued connections
            ok(client2, new Request.Close(b));
            ok(server, new Request.Close(connB));
            int udpServer = socket(server, Domain.AF_INET, SockType.SOCK_DGRAM);
            ok(server, new Request.Bind(udpServer, v4(0)));
            String udpAddress = ok(server, new Request.GetSockName(udpServer)).args().get("addr");
            int udpClient = socket(client, Domain.AF_INET, SockType.SOCK_DGRAM);
            ok(client, new Request.SendTo(udpClient, "datagram".getBytes(StandardCharsets.UTF_8),
                    SockAddr.parse(udpAddress, Domain.AF_INET)));
            ok(server, new Request.RecvFrom(udpServer, 64));
            lab.observeKernelNow();
            checkOnlyTheLabsOwn(lab);
            // The lab's own refused connect to its bound, not listening socket, named as the inference rules name it.
            List<Event> events = lab.journal().snapshot();
            long listen = events.stream()
                    .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("listen")).findFirst()
                    .orElseThrow().seq();
            assertEquals(List.of("client>server [SYN]", "server>client [RST, ACK]"), events.stream()
                    .filter(e -> e.seq() < listen)
                    .map(Event::payload).filter(p -> p instanceof Payload.Segment g && g.origin().equals("captured"))
                    .map(p -> (Payload.Segment) p).map(g -> g.from() + ">" + g.to() + " " + g.flags()).toList());
            long datagrams = captured(lab).stream().filter(s -> s.proto().equals("udp")).count();
            assertEquals(1, datagrams, "the lab's one datagram is captured, and only it");
        } finally {
            tell("untarget");
        }
    }

    /** Waits until the other program has made a connection attempt to the address since it was aimed there. */
    private void awaitHit(String address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!aimedAt.contains("hit " + address)) {
            assertTrue(System.nanoTime() < deadline, "the other program never connected to " + address);
            tell("sync");
            expectReplySkipping("synced");
        }
    }

    private void expectReplySkipping(String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            String reply = replies.poll(1, TimeUnit.SECONDS);
            if (wanted.equals(reply)) return;
        }
        fail("the other program did not answer " + wanted);
    }

    private static List<Payload.Segment> captured(Lab lab) {
        return lab.journal().snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Segment s && s.origin().equals("captured"))
                .map(p -> (Payload.Segment) p).toList();
    }

    /**
     * The lab's journal after the run: no captured segment has a 4-tuple of the other program (its tuples known
     * up to now: a sync makes sure every tuple printed before is read), and every connect of the lab's clients shows
     * its own SYN once.
     */
    private void checkOnlyTheLabsOwn(Lab lab) throws InterruptedException {
        // The other program really talked while this lab captured (a loaded machine makes it slow: wait for it).
        int tuplesBefore = foreign.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (foreign.size() < tuplesBefore + 2 * 10) {
            assertTrue(System.nanoTime() < deadline, () -> "the other program made only "
                    + (foreign.size() - tuplesBefore) / 2 + " connections in 20 s");
            tell("sync");
            expectReplySkipping("synced");
        }
        // A call of the lab catches up with tcpdump: everything it delivered before is journaled or dropped.
        int probe = socket(lab.server(), Domain.AF_INET, SockType.SOCK_DGRAM);
        ok(lab.server(), new Request.Close(probe));
        tell("sync");
        expectReplySkipping("synced");
        List<Payload.Segment> seen = captured(lab);
        List<String> theirs = new ArrayList<>();
        for (Payload.Segment s : seen) {
            assertNotNull(s.src(), "a captured segment carries its wire addresses");
            if (foreign.contains(s.src() + ">" + s.dst()))
                theirs.add(s.from() + ">" + s.to() + " " + s.flags() + " " + s.src() + ">" + s.dst());
        }
        assertEquals(List.of(), theirs.subList(0, Math.min(12, theirs.size())),
                "segments of the other program in the lab's journal (first 12 of " + theirs.size() + ")");
        List<Event> events = lab.journal().snapshot();
        long connects = events.stream()
                .filter(e -> e.endpoint().startsWith("client") && e.payload() instanceof Payload.Call c
                        && c.call().equals("connect") && c.args().getOrDefault("addr", "").startsWith("127.0.0.1:"))
                .count();
        long syns = seen.stream().filter(s -> s.from().startsWith("client") && s.flags().equals(List.of("SYN")))
                .count();
        assertEquals(connects, syns, () -> "each connect of the lab's clients shows its SYN: " + seen.stream()
                .map(s -> s.from() + ">" + s.to() + " " + s.flags() + " " + s.src() + ">" + s.dst()).toList());
    }
}

package org.socketlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallFormat;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.testing.ChildJvm;

/**
 * Too many open files, as a user meets it: a lab in a child process under a low descriptor limit ({@code prlimit},
 * started with an argument list) presses socket() until the kernel answers EMFILE, then recovers once sockets close.
 */
class FdLimitTest {
    /** Low enough to reach quickly, high enough for the JVM's own jars and the lab's threads. */
    private static final int LIMIT = 256;

    @Test
    void socketUntilEmfileShowsTheKernelsAnswerAndRecoversWhenSocketsClose() throws Exception {
        List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process child;
        try {
            child = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("prlimit (util-linux) is needed to run a lab under a low fd limit", e);
        }
        String out;
        try (var in = child.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the child does
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("opened \\d+ sockets")), out);
        assertTrue(lines.contains(
                "refused: socket(AF_INET, SOCK_STREAM, 0) = -1 EMFILE (This process has too many open file descriptors.)"),
                out);
        assertTrue(lines.stream()
                .anyMatch(l -> l.matches("after closing two: socket\\(AF_INET, SOCK_STREAM, 0\\) = \\d+")), out);
        assertTrue(lines.contains("echo after EMFILE: hola"), out);
        assertTrue(lines.contains("journal: every call once, EMFILE journaled"), out);
        assertTrue(lines.contains("all closed"), out);
    }

    /** The child: a lab on real calls under the parent's prlimit. Prints what the test checks. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Messages en = Messages.of(Lang.EN);
            try (Lab lab = Lab.withoutCapture()) {
                Endpoint client = lab.client();
                // Loaded first: at EMFILE a JVM cannot open a class file from a class path folder (the packaged
                // program loads from its runtime image, already open). The lab's own path to EMFILE needs nothing new.
                System.out.println("echo before: " + roundTrip(lab));
                System.out.println("warm: " + CallFormat.lineExplained(
                        new Payload.Call("socket", null, Map.of(), -1, 24, "EMFILE", null, 0), en));
                List<Integer> fds = new ArrayList<>();
                Payload.Call last;
                int calls = 0;
                while (true) {
                    last = call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
                    calls++;
                    if (last.failed() || calls > LIMIT * 2) break;
                    fds.add((int) last.result());
                }
                System.out.println("opened " + fds.size() + " sockets");
                System.out.println("refused: " + CallFormat.lineExplained(last, en));
                call(client, new Request.Close(fds.removeLast()));
                call(client, new Request.Close(fds.removeLast()));
                Payload.Call again = call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM));
                System.out.println("after closing two: " + CallFormat.line(again));
                for (int fd : fds) call(client, new Request.Close(fd));
                call(client, new Request.Close((int) again.result()));
                System.out.println("echo after EMFILE: " + roundTrip(lab));
                long socketCalls = lab.journal().snapshot().stream()
                        .filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("socket")
                                && e.endpoint().equals("client"))
                        .count();
                boolean emfile = lab.journal().snapshot().stream()
                        .anyMatch(e -> e.payload() instanceof Payload.Call c && "EMFILE".equals(c.errnoName()));
                // Pressed, the one after closing two, and one per round trip: each journaled exactly once.
                if (socketCalls == calls + 3 && emfile)
                    System.out.println("journal: every call once, EMFILE journaled");
                else
                    System.out.println(
                            "journal: " + socketCalls + " socket calls for " + (calls + 3) + " made, EMFILE " + emfile);
            }
            System.out.println("all closed");
        }

        private static Payload.Call call(Endpoint e, Request r) throws Exception {
            return (Payload.Call) e.call(r).get(30, TimeUnit.SECONDS).payload();
        }

        /** A whole TCP conversation on the same lab: the program went on. */
        private static String roundTrip(Lab lab) throws Exception {
            Endpoint server = lab.server(), client = lab.client();
            int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(listener, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
            call(server, new Request.Listen(listener, 1));
            String at = call(server, new Request.GetSockName(listener)).args().get("addr");
            int sock = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(client, new Request.Connect(sock, SockAddr.parse(at, Domain.AF_INET)));
            int conn = (int) call(server, new Request.Accept(listener)).result();
            call(client, new Request.Send(sock, "hola".getBytes(StandardCharsets.UTF_8)));
            Payload.Call recv = call(server, new Request.Recv(conn, 16));
            return new String(recv.data(), StandardCharsets.UTF_8);
        }
    }
}

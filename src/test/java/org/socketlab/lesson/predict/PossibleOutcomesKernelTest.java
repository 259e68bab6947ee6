package org.socketlab.lesson.predict;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Observed;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.predict.PossibleOutcomes.Kind;
import org.socketlab.lesson.predict.PossibleOutcomes.Phase;
import org.socketlab.lesson.predict.PossibleOutcomes.Situation;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * The table's rarer entries are what this kernel really answers: each call below, made for real on loopback in the
 * situation its row is for, returns one of the outcomes the row offers (the shipped lessons prove the common ones).
 */
class PossibleOutcomesKernelTest {
    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(30, TimeUnit.SECONDS).payload();
    }

    private static int socket(Endpoint e, SockType type) throws Exception {
        return (int) call(e, new Request.Socket(Domain.AF_INET, type, Protocol.DEFAULT)).result();
    }

    /** The row of {@code call} in {@code s} offers what the kernel returned. */
    private static void offered(String call, Situation s, Payload.Call returned) {
        Observed kernel = new Observed(returned, false, Map.of(), WireKind.NOTHING);
        List<Option> row = PossibleOutcomes.row(call, s, 1);
        assertTrue(row.stream().anyMatch(o -> o.claim().holds(kernel)), () -> call + " " + s + " returned "
                + kernel.outcomeText() + ", which its row does not offer: "
                + row.stream().map(o -> o.claim().text()).toList());
    }

    @Test
    void theKernelsAnswersAreInTheirRows() throws Exception {
        try (Lab lab = Lab.withoutCapture()) {
            Endpoint e = lab.client();
            SockAddr here = SockAddr.parse("127.0.0.1:" + LessonRunner.freePort(), Domain.AF_INET);
            Situation tcpFresh = new Situation(Kind.TCP, Phase.FRESH, false);

            int fresh = socket(e, SockType.SOCK_STREAM);
            offered("recv", tcpFresh, call(e, new Request.Recv(fresh, 16, Set.of())));
            // MSG_NOSIGNAL: the kernel's -1 EPIPE itself (flags 0 kills the process: the last case below).
            offered("send", tcpFresh, call(e, new Request.Send(fresh, "x".getBytes(StandardCharsets.UTF_8),
                    Set.of(MsgFlag.MSG_NOSIGNAL))));
            offered("accept", tcpFresh, call(e, new Request.Accept(fresh)));
            offered("shutdown", tcpFresh, call(e, new Request.Shutdown(fresh, ShutdownHow.SHUT_WR)));
            offered("getpeername", tcpFresh, call(e, new Request.GetPeerName(fresh)));
            offered("setsockopt", tcpFresh, call(e, new Request.SetSockOpt(fresh, SocketOption.TCP_KEEPIDLE, 0)));

            offered("bind", tcpFresh, call(e, new Request.Bind(fresh, here)));
            Situation bound = new Situation(Kind.TCP, Phase.BOUND, false);
            offered("bind", bound, call(e, new Request.Bind(fresh, here)));
            offered("listen", bound, call(e, new Request.Listen(fresh, 5)));
            Situation listening = new Situation(Kind.TCP, Phase.LISTENING, false);
            offered("connect", listening, call(e, new Request.Connect(fresh, here)));
            offered("recv", listening, call(e, new Request.Recv(fresh, 16, Set.of())));

            int other = socket(e, SockType.SOCK_STREAM);
            offered("bind", tcpFresh, call(e, new Request.Bind(other, here))); // the listener holds the port
            offered("connect", tcpFresh, call(e, new Request.Connect(other, here)));
            Situation connected = new Situation(Kind.TCP, Phase.CONNECTED, false);
            offered("connect", connected, call(e, new Request.Connect(other, here)));
            offered("listen", connected, call(e, new Request.Listen(other, 5)));

            Situation udp = new Situation(Kind.DATAGRAM, Phase.FRESH, false);
            int dgram = socket(e, SockType.SOCK_DGRAM);
            offered("listen", udp, call(e, new Request.Listen(dgram, 5)));
            offered("accept", udp, call(e, new Request.Accept(dgram)));
            offered("send", udp, call(e, new Request.Send(dgram, "x".getBytes(StandardCharsets.UTF_8), Set.of())));
            offered("shutdown", udp, call(e, new Request.Shutdown(dgram, ShutdownHow.SHUT_WR)));
            offered("setsockopt", udp, call(e, new Request.SetSockOpt(dgram, SocketOption.TCP_NODELAY, 1)));
            offered("connect", udp, call(e, new Request.Connect(dgram, here)));
            for (int fd : List.of(fresh, other, dgram)) call(e, new Request.Close(fd));

            // With flags 0 the same send never returns: SIGPIPE's default action kills the process, as the row says.
            int unconnected = socket(e, SockType.SOCK_STREAM);
            ExecutionException ended = assertThrows(ExecutionException.class, () -> call(e,
                    new Request.Send(unconnected, "x".getBytes(StandardCharsets.UTF_8), Set.of())));
            assertInstanceOf(EndpointProcess.EndedException.class, ended.getCause());
            assertTrue(PossibleOutcomes.row("send", tcpFresh, 1).stream()
                    .anyMatch(o -> o.claim().text()
                            .equals(new Claim.Returns(new Expect.Result.Killed("SIGPIPE")).text())),
                    "the row offers the kill");
        }
    }
}

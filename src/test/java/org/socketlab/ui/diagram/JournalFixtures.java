package org.socketlab.ui.diagram;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/** Journals written by hand, shaped like the ones the Lab records (no sockets needed). */
public final class JournalFixtures {
    private JournalFixtures() {
    }

    public static Journal journal() {
        AtomicLong t = new AtomicLong();
        return new Journal(() -> t.addAndGet(1_000_000));
    }

    public static Payload.Call ok(String call, Integer fd, long result, String... args) {
        return new Payload.Call(call, fd, args(args), result, null, null, null, 0);
    }

    public static Payload.Call data(String call, int fd, String text, String... args) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Payload.Call(call, fd, args(args), b.length, null, null, b, 0);
    }

    public static Payload.Call failed(String call, Integer fd, int errno, String errnoName, String... args) {
        return new Payload.Call(call, fd, args(args), -1, errno, errnoName, null, 0);
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    public static Payload.Segment inferred(String from, String to, int len, String... flags) {
        return new Payload.Segment(from, to, "tcp", List.of(flags), null, null, len, "inferred");
    }

    public static Payload.Segment captured(String from, String to, long seq, Long ack, int len, String... flags) {
        return new Payload.Segment(from, to, "tcp", List.of(flags), seq, ack, len, "captured");
    }

    /**
     * The TCP lifecycle as the Lab journals it on Linux with inferred segments: the server blocks in accept
     * before the client connects; the handshake is inferred at connect; FIN exchange at the closes.
     */
    public static List<Event> tcpLifecycle() {
        Journal j = journal();
        j.append("server", ok("socket", null, 3, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0"));
        j.append("server", ok("bind", 3, 0, "addr", "127.0.0.1:5000"));
        j.append("server", ok("listen", 3, 0, "backlog", "5"));
        j.append("server", new Payload.State(3, "CLOSED", "LISTEN", "tcp_info"));
        j.append("server", new Payload.Blocked("accept", 3));
        j.append("client", ok("socket", null, 3, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0"));
        j.append("client", ok("connect", 3, 0, "addr", "127.0.0.1:5000"));
        j.append("client", inferred("client", "server", 0, "SYN"));
        j.append("server", inferred("server", "client", 0, "SYN", "ACK"));
        j.append("client", inferred("client", "server", 0, "ACK"));
        j.append("client", new Payload.State(3, "CLOSED", "ESTABLISHED", "tcp_info"));
        j.append("server", new Payload.Queue(3, 1, 5)); // the connection waits in the accept queue
        j.append("server",
                new Payload.Call("accept", 3, args("peer", "127.0.0.1:40000"), 4, null, null, null, 2_000_000));
        j.append("server", new Payload.State(4, "CLOSED", "ESTABLISHED", "tcp_info"));
        j.append("client", data("send", 3, "hola", "len", "4", "flags", "0"));
        j.append("client", inferred("client", "server", 4, "PSH", "ACK"));
        j.append("server", inferred("server", "client", 0, "ACK"));
        j.append("server", new Payload.Queue(4, 4, 0));
        j.append("server", data("recv", 4, "hola", "len", "1024", "flags", "0"));
        j.append("client", ok("close", 3, 0));
        j.append("client", inferred("client", "server", 0, "FIN", "ACK"));
        j.append("server", inferred("server", "client", 0, "ACK"));
        j.append("client", new Payload.State(3, "ESTABLISHED", "FIN_WAIT_2", "tcp_info"));
        j.append("server", new Payload.State(4, "ESTABLISHED", "CLOSE_WAIT", "tcp_info"));
        j.append("server", ok("close", 4, 0));
        j.append("server", inferred("server", "client", 0, "FIN", "ACK"));
        j.append("client", inferred("client", "server", 0, "ACK"));
        j.append("client", new Payload.State(3, "FIN_WAIT_2", "TIME_WAIT", "proc", 59_000L));
        j.append("server", ok("close", 3, 0));
        return j.snapshot();
    }

    /** A connect to a port nobody listens on. */
    public static List<Event> refusedConnect() {
        Journal j = journal();
        j.append("client", ok("socket", null, 3, "domain", "AF_INET", "type", "SOCK_STREAM", "protocol", "0"));
        j.append("client", failed("connect", 3, 111, "ECONNREFUSED", "addr", "127.0.0.1:5000"));
        j.append("client", inferred("client", "external", 0, "SYN"));
        j.append("external", inferred("external", "client", 0, "RST", "ACK"));
        j.append("client", ok("close", 3, 0));
        return j.snapshot();
    }
}

package org.socketlab.share;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/** What the share's tests build on: a session over a journal of their own, and a plain HTTP/1.1 client on a socket. */
final class RoomFixtures {
    private RoomFixtures() {
    }

    /** A session whose version is the journal's size: each appended event is a change. */
    static final class JournalSession implements SharedSession {
        final Journal journal = new Journal();
        private final AtomicLong version = new AtomicLong();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        JournalSession() {
            journal.subscribe(e -> {
                version.incrementAndGet();
                listeners.forEach(Runnable::run);
            });
        }

        @Override
        public RoomState state() {
            long v = version.get();
            return new RoomState(v, journal.snapshot(), null, (int) v, 10, null);
        }

        @Override
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }

        void note(String text) {
            journal.append("lab", new Payload.Note(Map.of("en", text, "es", text)));
        }
    }

    /**
     * The JDK's HTTP client as a test's browser: closed by {@code shutdownNow}, since {@code close} waits for every
     * exchange to end and an event stream does not.
     */
    record Browser(HttpClient http) implements AutoCloseable {
        Browser() {
            this(HttpClient.newHttpClient());
        }

        <T> HttpResponse<T> send(HttpRequest request,
                HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
            return http.send(request, body);
        }

        @Override
        public void close() {
            http.shutdownNow();
        }
    }

    /** One response as read off the socket. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Nullable
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A GET with {@code Connection: close}, its whole response read. */
    static Response get(ShareServer server, String target, String... extraHeaders) throws IOException {
        return request(server, "GET " + target, null, extraHeaders);
    }

    static Response request(ShareServer server, String requestLine, byte @Nullable [] body, String... extraHeaders)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            s.setSoTimeout(10_000);
            send(s, server, requestLine, body, extraHeaders);
            return read(s.getInputStream());
        }
    }

    static void send(Socket s, ShareServer server, String requestLine, byte @Nullable [] body, String... extra)
            throws IOException {
        StringBuilder r = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
        r.append("Host: 127.0.0.1:").append(server.port()).append("\r\nConnection: close\r\n");
        for (String h : extra) r.append(h).append("\r\n");
        if (body != null) r.append("Content-Length: ").append(body.length).append("\r\n");
        r.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(r.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.write(body);
        out.flush();
    }

    /** The status line and headers, then the body to the end of the connection (chunks undone). */
    static Response read(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int status = Integer.parseInt(line(in).split(" ")[1]);
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        byte[] body = "chunked".equals(headers.get("transfer-encoding")) ? chunks(in) : in.readAllBytes();
        return new Response(status, headers, body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n; (n = Integer.parseInt(line(in).strip(), 16)) > 0;) {
            out.write(in.readNBytes(n));
            line(in);
        }
        return out.toByteArray();
    }

    /** Reads the status line and headers only (an event stream goes on). */
    static Map<String, String> headersOnly(InputStream in, int[] status) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        status[0] = Integer.parseInt(line(in).split(" ")[1]);
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        return headers;
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) throw new IOException("connection ended in a line: " + sb);
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    /** A server on loopback, any port, for {@code session}. */
    static ShareServer serve(SharedSession session, RoomRenderer renderer, @Nullable AnswerBox answers,
            JoinCode code, ShareServer.Limits limits) throws IOException {
        return ShareServer.start(session, renderer, answers, InetAddress.getLoopbackAddress(), 0, code,
                Lang.EN, limits);
    }
}

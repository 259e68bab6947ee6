package org.socketlab.share;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;

/**
 * The share's web server, on the JDK's own {@code com.sun.net.httpserver} (nothing of it is loaded until a share
 * starts), listening on the one address asked. What it serves:
 * <ul>
 *   <li>{@code GET /}, {@code GET /NAME.js|css|...}: the student's page, from the jar, without the code;</li>
 *   <li>{@code GET /events?code=C}: Server-Sent Events, {@code event: version} with the room's version each time the
 *   session changes, and a comment as keep-alive (an EventSource sends no headers: the code is in the query); it
 *   gives the browser its anonymous token, the cookie {@value #CLIENT_COOKIE};</li>
 *   <li>{@code GET /view?code=C&lang=es|en}: the {@link RoomView} as JSON, rendered once per version and language,
 *   gzipped when the browser accepts it;</li>
 *   <li>{@code POST /answer?code=C}, a form body {@code step=&round=&option=[&nickname=]}: one answer to the
 *   {@link AnswerBox}; 204 taken, 409 refused.</li>
 * </ul>
 * Every data request needs the join code, rate-limited per address and for all ({@link WrongCodes}); every response
 * carries strict headers (a Content-Security-Policy with no inline script, no framing, nosniff). No request makes a
 * call, changes a step or reaches the lab: the session is only read. Its threads are virtual, counted, and all end on
 * {@link #close()}.
 */
public final class ShareServer implements AutoCloseable {
    /** The cookie that carries a browser's anonymous token (for one answer per step, never a name). */
    public static final String CLIENT_COOKIE = "sl_client";

    /** The limits that keep a flood from costing the room. */
    public record Limits(int clients, int requestBytes, int answersPerStep, Duration keepAlive, Duration stuckWrite,
            WrongCodes.Limits codes) {
        /**
         * 500 pages; a request of at most 2 KiB (line, query and body); 4 answers per client and step (two rounds and
         * a retry each); a keep-alive every 15 s; a write that has not ended in 10 s drops its client.
         */
        public static final Limits DEFAULT = new Limits(500, 2048, 4, Duration.ofSeconds(15), Duration.ofSeconds(10),
                WrongCodes.Limits.DEFAULT);

        public Limits withClients(int n) {
            return new Limits(n, requestBytes, answersPerStep, keepAlive, stuckWrite, codes);
        }
    }

    /**
     * The headers of every response. The page's scripts and styles are files of this server (no inline script, no
     * CDN); nothing may frame it; no type is guessed; no address leaks to another site.
     */
    static final Map<String, String> STRICT = strict();

    private static Map<String, String> strict() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                + "data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'");
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        return Map.copyOf(h);
    }

    /** How long the publisher lets a burst of changes gather before it tells the pages (ms). */
    static final long COALESCE_MS = 15;

    private final SharedSession session;
    private final RoomRenderer renderer;
    private final @Nullable AnswerBox answers;
    private final JoinCode code;
    private final Lang defaultLang;
    private final Limits limits;
    private final WrongCodes wrongCodes;
    private final RoomPush push = new RoomPush();
    private final StaticFiles files = new StaticFiles();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final AtomicInteger clients = new AtomicInteger();
    private final Semaphore requests;
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final Map<Lang, Rendered> views = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private boolean dirty = true;
    private volatile boolean closing;
    private volatile RoomState current;
    private final ExecutorService exchanges;
    private final HttpServer server;
    private final Thread publisher, sweeper;
    private final String host;

    /** A view as served: its version, its JSON and that JSON gzipped. */
    private record Rendered(long version, byte[] json, byte[] gzip) {
    }

    private ShareServer(SharedSession session, RoomRenderer renderer, @Nullable AnswerBox answers,
            InetSocketAddress at, JoinCode code, Lang defaultLang, Limits limits) throws IOException {
        this.session = session;
        this.renderer = renderer;
        this.answers = answers;
        this.code = code;
        this.defaultLang = defaultLang;
        this.limits = limits;
        this.wrongCodes = new WrongCodes(limits.codes());
        this.requests = new Semaphore(limits.clients() + 64);
        this.current = session.state();
        JdkServerLimits.setOnce();
        this.server = HttpServer.create(at, 256);
        this.host = BindAddress.inUrl(at.getAddress()) + ":" + server.getAddress().getPort();
        this.exchanges = Executors.newThreadPerTaskExecutor(counted("socketlab-share-request-"));
        server.setExecutor(exchanges);
        server.createContext("/", this::handle);
        this.publisher = counted("socketlab-share-publish").newThread(this::publish);
        this.sweeper = counted("socketlab-share-sweep").newThread(this::sweep);
        session.onChange(this::changed);
        server.start();
        publisher.start();
        sweeper.start();
    }

    /**
     * Starts serving {@code session} on {@code bind}:{@code port} (0: any free port) with {@code code}; {@code answers}
     * null takes none (a lesson without questions). The address was checked by {@link BindAddress#parse}.
     */
    public static ShareServer start(SharedSession session, RoomRenderer renderer, @Nullable AnswerBox answers,
            InetAddress bind, int port, JoinCode code, Lang defaultLang, Limits limits) throws IOException {
        return new ShareServer(session, renderer, answers, new InetSocketAddress(bind, port), code, defaultLang,
                limits);
    }

    /** The page's address, {@code http://ADDR:PORT/}. */
    public URI address() {
        return URI.create("http://" + host + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public JoinCode code() {
        return code;
    }

    /** The pages following live now (open event streams). */
    public int clients() {
        return clients.get();
    }

    /** How many clients were dropped for not reading what was sent. */
    public long dropped() {
        return push.dropped();
    }

    /** The share's threads still alive (0 once {@link #close()} returned). */
    public int liveThreads() {
        return liveThreads.get();
    }

    /** Virtual threads named {@code prefix}N, counted while they live. */
    private ThreadFactory counted(String prefix) {
        ThreadFactory virtual = Thread.ofVirtual().name(prefix, 0).factory();
        // Counted from the moment it runs: a thread made but never started (the executor shut down between) is no
        // thread of the share's, and must not stay counted.
        return task -> virtual.newThread(() -> {
            liveThreads.incrementAndGet();
            try {
                task.run();
            } finally {
                liveThreads.decrementAndGet();
            }
        });
    }

    /** The session changed (its thread, any thread): mark it and wake the publisher; never blocks on a client. */
    private void changed() {
        synchronized (changed) {
            dirty = true;
            changed.notifyAll();
        }
    }

    /** Takes the session's state once per change (not once per client) and tells every stream its version. */
    private void publish() {
        try {
            while (!closing) {
                synchronized (changed) {
                    while (!dirty && !closing) changed.wait();
                    dirty = false;
                }
                if (closing) return;
                // A step's call journals a burst (the call, states, segments): a moment's wait makes it one version
                // for the room, not one fetch per event by every page.
                Thread.sleep(COALESCE_MS);
                synchronized (changed) {
                    dirty = false;
                }
                RoomState state = session.state();
                current = state;
                push.publish(state.version());
            }
        } catch (InterruptedException stopping) {
            // close() ends it
        }
    }

    private void sweep() {
        long limitNs = limits.stuckWrite().toNanos();
        long restMs = Math.max(20, Math.min(250, limits.stuckWrite().toMillis() / 4));
        try {
            while (!closing) {
                Thread.sleep(restMs);
                push.sweep(limitNs);
            }
        } catch (InterruptedException stopping) {
            // close() ends it
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        boolean streaming = false;
        try {
            STRICT.forEach(ex.getResponseHeaders()::set);
            if (closing) {
                empty(ex, 503);
                return;
            }
            if (!requests.tryAcquire()) {
                empty(ex, 503);
                return;
            }
            try {
                streaming = route(ex);
            } finally {
                requests.release();
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away, or was dropped: nothing to answer
        } finally {
            if (!streaming) closeQuietly(ex);
        }
    }

    /** Answers one request; true when it was an event stream (which has ended and closed itself). */
    private boolean route(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (raw.length() > limits.requestBytes()) return empty(ex, 414);
        if (!host.equalsIgnoreCase(String.valueOf(ex.getRequestHeaders().getFirst("Host"))))
            return empty(ex, 421); // another name for this address (DNS rebinding): not the room's page
        String method = ex.getRequestMethod();
        String path = uri.getRawPath();
        boolean post = path.equals("/answer");
        if (!method.equals(post ? "POST" : "GET")) {
            ex.getResponseHeaders().set("Allow", post ? "POST" : "GET");
            return empty(ex, 405);
        }
        if (!post && hasBody(ex)) return empty(ex, 413);
        if (!path.equals("/events") && !path.equals("/view") && !post) return file(ex, path);
        Map<String, String> query = query(uri.getRawQuery());
        if (query == null) return empty(ex, 400);
        InetAddress from = ex.getRemoteAddress().getAddress();
        switch (wrongCodes.judge(from, code.matches(query.get("code")))) {
            case LIMITED -> {
                ex.getResponseHeaders().set("Retry-After", String.valueOf(wrongCodes.retryAfterSeconds(from)));
                return empty(ex, 429);
            }
            case WRONG -> {
                return empty(ex, 403);
            }
            case RIGHT -> {
                // served below
            }
        }
        return switch (path) {
            case "/events" -> events(ex);
            case "/view" -> view(ex, query);
            default -> answer(ex);
        };
    }

    private static boolean hasBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        return ex.getRequestHeaders().containsKey("Transfer-Encoding") || length != null && !length.equals("0");
    }

    private boolean file(HttpExchange ex, String path) throws IOException {
        StaticFiles.File f = files.get(path);
        if (f == null) return empty(ex, 404);
        ex.getResponseHeaders().set("Content-Type", f.type());
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        send(ex, f.bytes(), f.gzip());
        return false;
    }

    private boolean view(HttpExchange ex, Map<String, String> query) throws IOException {
        Lang lang = defaultLang;
        String asked = query.get("lang");
        if (asked != null) {
            lang = asked.equals("es") ? Lang.ES : asked.equals("en") ? Lang.EN : null;
            if (lang == null) return empty(ex, 400);
        }
        Rendered view;
        try {
            view = rendered(lang);
        } catch (RuntimeException renderFailed) {
            return empty(ex, 500); // nothing of the failure reaches the room
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, view.json(), view.gzip());
        return false;
    }

    /** The view of the newest state in {@code lang}: rendered by the first request after a change, reused by the rest. */
    private Rendered rendered(Lang lang) {
        RoomState state = current;
        Rendered r = views.get(lang);
        if (r != null && r.version() >= state.version()) return r;
        synchronized (views) { // one render per version and language, however many pages ask at once
            state = current;
            r = views.get(lang);
            if (r != null && r.version() >= state.version()) return r;
            byte[] json = RoomJson.of(renderer.render(state, lang.code()));
            r = new Rendered(state.version(), json, StaticFiles.gzip(json));
            views.put(lang, r);
            return r;
        }
    }

    /** The answers hear how many pages follow now. */
    private void clientsChanged() {
        if (answers != null) answers.connected(clients.get());
    }

    /** The event stream of one page: its version now, then each newer one, a keep-alive between; until either ends. */
    private boolean events(HttpExchange ex) throws IOException {
        if (clients.incrementAndGet() > limits.clients()) {
            clients.decrementAndGet();
            empty(ex, 503);
            return false;
        }
        clientsChanged();
        try {
            Headers h = ex.getResponseHeaders();
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            h.set("Cache-Control", "no-store");
            h.add("Set-Cookie", CLIENT_COOKIE + "=" + token() + "; Path=/; HttpOnly; SameSite=Strict");
            ex.sendResponseHeaders(200, 0);
            OutputStream body = ex.getResponseBody();
            long sent = push.version();
            push.write(body, ("retry: 2000\nevent: version\ndata: " + sent + "\n\n").getBytes(StandardCharsets.UTF_8));
            long keepAliveMs = limits.keepAlive().toMillis();
            while (true) {
                long newest = push.await(sent, keepAliveMs);
                if (newest == RoomPush.CLOSED) break;
                String message = newest == sent ? ": keep-alive\n\n" : "event: version\ndata: " + newest + "\n\n";
                push.write(body, message.getBytes(StandardCharsets.UTF_8));
                sent = newest;
            }
        } catch (InterruptedException dropped) {
            // a write that did not end (never read), or the share stops
        } finally {
            clients.decrementAndGet();
            clientsChanged();
            Thread.interrupted(); // the socket is closed already when it was a stuck write; the close below is quiet
            closeQuietly(ex);
        }
        return true;
    }

    /** A fresh anonymous token, remembered while at most a few per page are (the oldest ones are forgotten). */
    private String token() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        if (tokens.size() >= limits.clients() * 4) tokens.clear(); // pages still open get a new one when they reconnect
        tokens.put(token, Boolean.TRUE);
        return token;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private boolean answer(HttpExchange ex) throws IOException {
        String client = cookie(ex.getRequestHeaders().getFirst("Cookie"));
        if (answers == null || client == null || !tokens.containsKey(client)) return empty(ex, 403);
        byte[] body = ex.getRequestBody().readNBytes(limits.requestBytes() + 1);
        if (body.length > limits.requestBytes()) return empty(ex, 413);
        Map<String, String> form = query(new String(body, StandardCharsets.US_ASCII));
        if (form == null) return empty(ex, 400);
        Integer step = number(form.get("step")), round = number(form.get("round")),
                option = number(form.get("option"));
        if (step == null || round == null || option == null) return empty(ex, 400);
        String nickname = form.get("nickname");
        if (nickname != null && (nickname.isBlank() || nickname.length() > 32)) return empty(ex, 400);
        if (answered.merge(client + "/" + step, 1, Integer::sum) > limits.answersPerStep()) return empty(ex, 429);
        if (answered.size() > limits.clients() * 64) answered.clear(); // bounded: a new lesson's steps start afresh
        return empty(ex, answers.answer(client, step, round, option, nickname) ? 204 : 409);
    }

    private static @Nullable String cookie(@Nullable String header) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(CLIENT_COOKIE + "=")) return p.substring(CLIENT_COOKIE.length() + 1);
        }
        return null;
    }

    private static @Nullable Integer number(@Nullable String text) {
        return text != null && text.matches("0|[1-9][0-9]{0,5}") ? Integer.valueOf(text) : null;
    }

    /** A query's (or a form's) names and values, decoded; null when malformed, repeated or too many. */
    static @Nullable Map<String, String> query(@Nullable String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        String[] pairs = raw.split("&", 9);
        if (pairs.length > 8) return null;
        try {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (q.put(name, value) != null) return null;
            }
        } catch (IllegalArgumentException badEscape) {
            return null;
        }
        return q;
    }

    /** Sends {@code plain}, or {@code gzip} when there is one and the browser accepts it; watched for a stuck write. */
    private void send(HttpExchange ex, byte[] plain, byte @Nullable [] gzip) throws IOException {
        String accepts = ex.getRequestHeaders().getFirst("Accept-Encoding");
        byte[] bytes = gzip != null && accepts != null && accepts.contains("gzip") ? gzip : plain;
        boolean zipped = bytes != plain;
        if (zipped) ex.getResponseHeaders().set("Content-Encoding", "gzip");
        ex.getResponseHeaders().set("Vary", "Accept-Encoding");
        ex.sendResponseHeaders(200, bytes.length);
        push.write(ex.getResponseBody(), bytes);
    }

    /** A response with no body (the strict headers are set already); false: not a stream. */
    private static boolean empty(HttpExchange ex, int status) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, -1);
        return false;
    }

    private static void closeQuietly(HttpExchange ex) {
        try {
            ex.close();
        } catch (RuntimeException alreadyGone) {
            // the socket was closed under it
        }
    }

    /**
     * Stops: no new request is taken, every page's stream ends, the sockets close, and every thread of the share has
     * ended when this returns (within a few seconds at worst).
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        push.close();
        synchronized (changed) {
            changed.notifyAll();
        }
        server.stop(0); // closes every connection: a write still going fails at once
        push.endAllWrites();
        publisher.interrupt();
        sweeper.interrupt();
        exchanges.shutdownNow();
        try {
            exchanges.awaitTermination(5, TimeUnit.SECONDS);
            publisher.join(5_000);
            sweeper.join(5_000);
            // An exchange the server's dispatcher handed over just before its stop ends at its next write: awaited.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (liveThreads.get() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.socketlab.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.share.RoomFixtures.get;
import static org.socketlab.share.RoomFixtures.request;
import static org.socketlab.share.RoomFixtures.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.share.RoomFixtures.JournalSession;
import org.socketlab.share.RoomFixtures.Response;
import org.socketlab.testing.Await;

/**
 * The share's server on real loopback sockets, attacked as issue 80 item 4 says: no code or a wrong one, codes guessed
 * past the limit, a page built from a hostile journal, a client that never reads, more clients than allowed; and what
 * every response carries.
 */
class ShareServerTest {
    private static final JoinCode CODE = new JoinCode("K7M2QX");
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static ShareServer.Limits limits(int clients, WrongCodes.Limits codes, Duration stuckWrite) {
        return new ShareServer.Limits(clients, 2048, 4, Duration.ofSeconds(15), stuckWrite, codes);
    }

    private static final ShareServer.Limits ROOMY = limits(50, new WrongCodes.Limits(1000, Duration.ofMillis(1), 1000,
            Duration.ofMillis(1)), Duration.ofSeconds(10));

    @Test
    void dataNeedsTheCodeThePageDoesNot() throws IOException {
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE, ROOMY)) {
            assertEquals(403, get(server, "/view?lang=en").status());
            assertEquals(403, get(server, "/view?code=K7M2QY&lang=en").status());
            assertEquals(403, get(server, "/events").status());
            assertEquals(403, get(server, "/events?code=").status());
            assertEquals(200, get(server, "/view?code=K7M2QX&lang=en").status());
            assertEquals(200, get(server, "/view?code=k7m2qx&lang=es").status(), "the code is case-blind");
            Response page = get(server, "/");
            assertEquals(200, page.status());
            assertTrue(page.text().contains("SocketLab"));
            assertEquals(404, get(server, "/../module-info.class").status());
            assertEquals(404, get(server, "/web/index.html").status());
        }
    }

    @Test
    void wrongCodesPastTheLimitAreRefusedBeforeTheyAreCompared() throws IOException {
        var codes = new WrongCodes.Limits(3, Duration.ofHours(1), 1000, Duration.ofMillis(1));
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE,
                limits(50, codes, Duration.ofSeconds(10)))) {
            for (int i = 0; i < 3; i++) assertEquals(403, get(server, "/view?code=AAAAAA").status());
            Response limited = get(server, "/view?code=AAAAAA");
            assertEquals(429, limited.status());
            assertNotNull(limited.header("Retry-After"));
            // Even the right code: an answer past the limit must tell a guesser nothing.
            assertEquals(429, get(server, "/view?code=K7M2QX").status());
            assertEquals(200, get(server, "/").status(), "the page itself is still served");
        }
    }

    @Test
    void anAddressThatJoinedKeepsItsWayInWhileAFloodSpendsTheGlobalBudget() throws IOException {
        var codes = new WrongCodes.Limits(100, Duration.ofHours(1), 5, Duration.ofHours(1));
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE,
                limits(50, codes, Duration.ofSeconds(10)))) {
            assertEquals(200, get(server, "/view?code=K7M2QX").status()); // 127.0.0.1 joined
            // Other loopback addresses (all of 127/8 is this machine's) flood with wrong codes.
            int refused = 0;
            for (int i = 2; i < 12; i++)
                refused += fromAddress(server, "127.0.0." + i, "/view?code=ZZZZZZ") == 429 ? 1 : 0;
            assertEquals(5, refused, "5 wrong codes spend the global budget, the next 5 are limited");
            assertEquals(429, fromAddress(server, "127.0.0.20", "/view?code=K7M2QX"), "a new address waits");
            assertEquals(200, get(server, "/view?code=K7M2QX").status(), "the joined address is still let in");
        }
    }

    private static int fromAddress(ShareServer server, String local, String target) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
            s.setSoTimeout(10_000);
            RoomFixtures.send(s, server, "GET " + target, null);
            return RoomFixtures.read(s.getInputStream()).status();
        }
    }

    @Test
    void everyResponseCarriesTheStrictHeaders() throws IOException {
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE, ROOMY)) {
            List<Response> all = List.of(get(server, "/"), get(server, "/view?code=K7M2QX"),
                    get(server, "/view?code=WRONG1"), get(server, "/nothing.js"),
                    request(server, "DELETE /view?code=K7M2QX", null), get(server, "/view?code=K7M2QX&lang=fr"),
                    get(server, "/" + "a".repeat(3000)));
            for (Response r : all) {
                String csp = r.header("Content-Security-Policy");
                assertNotNull(csp, "CSP on " + r.status());
                assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
                        && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
                assertEquals("DENY", r.header("X-Frame-Options"));
                assertEquals("nosniff", r.header("X-Content-Type-Options"));
                assertEquals("no-referrer", r.header("Referrer-Policy"));
                assertNotNull(r.header("Cache-Control"));
                assertEquals(null, r.header("Access-Control-Allow-Origin"), "no other site may read it");
            }
            assertEquals(List.of(200, 200, 403, 404, 405, 400, 414), all.stream().map(Response::status).toList());
        }
    }

    @Test
    void anotherHostNameForTheAddressIsRefused() throws IOException {
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE, ROOMY);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream().write(("GET /view?code=K7M2QX HTTP/1.1\r\nHost: evil.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(421, RoomFixtures.read(s.getInputStream()).status(), "DNS rebinding");
        }
    }

    @Test
    void theViewEscapesAHostileJournalAndIsGzippedWhenAsked() throws IOException {
        JournalSession session = new JournalSession();
        String hostile = "</script><img src=x onerror=alert(1)>'\"\u2028&";
        session.journal.append("client",
                new Payload.Call("send", 3, Map.of(), hostile.length(), null, null,
                        hostile.getBytes(StandardCharsets.UTF_8), 0));
        session.note("<b onmouseover=alert(2)>narration</b>");
        try (ShareServer server = serve(session, new PlainRoomRenderer(), null, CODE, ROOMY)) {
            Await.until(LIMIT, () -> viewVersion(server) == 2, () -> "the view's version 2");
            Response r = get(server, "/view?code=K7M2QX&lang=en");
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
            String json = r.text();
            for (String raw : new String[]{"<", ">", "'", "&", "\u2028"})
                assertFalse(json.contains(raw), () -> "unescaped " + raw + " in " + json);
            JsonNode view = new ObjectMapper().readTree(json);
            // (the row shows the payload's first 32 bytes, as strace does)
            assertTrue(view.get("rowTexts").get(0).asText().contains("\"</script><img src=x onerror="),
                    "the text is kept, only escaped: " + view.get("rowTexts"));
            String table = view.get("socketTableHtml").asText();
            assertTrue(table.contains("&lt;/script&gt;&lt;img src=x onerror=") && !table.contains("<img"),
                    table);
            String narration = view.get("narrationHtml").asText();
            assertTrue(narration.contains("&lt;b onmouseover=alert(2)&gt;") && !narration.contains("<b "), narration);
            Response zipped = get(server, "/view?code=K7M2QX&lang=en", "Accept-Encoding: gzip, deflate");
            assertEquals("gzip", zipped.header("Content-Encoding"));
            assertEquals(json, new String(new GZIPInputStream(
                    new ByteArrayInputStream(zipped.body())).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static long viewVersion(ShareServer server) {
        try {
            return new ObjectMapper().readTree(get(server, "/view?code=K7M2QX").body()).get("version").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEventStreamTellsEachNewVersion() throws Exception {
        JournalSession session = new JournalSession();
        try (ShareServer server = serve(session, new PlainRoomRenderer(), null, CODE, ROOMY);
                RoomFixtures.Browser http = new RoomFixtures.Browser()) {
            HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(
                    URI.create(server.address() + "events?code=K7M2QX")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, events.statusCode());
            assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("content-type").orElse(""));
            assertTrue(events.headers().firstValue("set-cookie").orElse("").contains("HttpOnly"));
            List<String> seen = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    events.body().forEach(seen::add);
                } catch (UncheckedIOException closed) {
                    // the test closes the stream at its end: nothing may escape into another test's JVM
                }
            });
            Await.until(LIMIT, () -> seen.contains("data: 0"), () -> "the first version: " + seen);
            Await.until(LIMIT, () -> server.clients() == 1, () -> "one page follows");
            session.note("step 1");
            Await.until(LIMIT, () -> seen.contains("data: 1"), () -> "version 1 after a change: " + seen);
            session.note("step 2");
            Await.until(LIMIT, () -> seen.contains("data: 2"), () -> "version 2: " + seen);
            events.body().close();
            reader.join(5_000);
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedWithoutStallingTheOthers() throws Exception {
        JournalSession session = new JournalSession();
        // A view of 8 MB: more than any socket buffer on loopback holds, so a client that never reads blocks a write.
        String big = "x".repeat(8 << 20);
        RoomRenderer heavy = (state, lang) -> new RoomView(state.version(), state.step(), state.steps(), lang, "t",
                big, "", "", "", List.of(), null);
        try (ShareServer server = serve(session, heavy, null, CODE, limits(50, ROOMY.codes(), Duration.ofSeconds(1)));
                Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            RoomFixtures.send(stuck, server, "GET /view?code=K7M2QX", null); // and never reads
            long start = System.nanoTime();
            // Meanwhile the others are served, each in well under the stuck write's limit.
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                session.note("step " + i);
                Response r = get(server, "/view?code=K7M2QX", "Accept-Encoding: gzip");
                assertEquals(200, r.status());
                long ms = (System.nanoTime() - t) / 1_000_000;
                assertTrue(ms < 5_000, "another page waited " + ms + " ms");
            }
            Await.until(LIMIT, () -> server.dropped() >= 1, () -> "the client that never reads is dropped");
            System.out.println("ShareServerTest: a client that never reads dropped after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms (limit 1000 ms)");
            // What it gets when it reads at last: part of the view, then the end (the server closed the socket).
            stuck.setSoTimeout(10_000);
            InputStream in = stuck.getInputStream();
            long got = 0;
            try {
                for (int n; (n = in.read(new byte[65536])) > 0;) got += n;
            } catch (IOException reset) {
                // a reset is the end too
            }
            assertTrue(got < big.length(), "the stuck client did not get the whole view: " + got);
        }
    }

    @Test
    void moreClientsThanTheLimitAreRefused() throws Exception {
        // A keep-alive each second: the server learns that a page went away when a write to it fails.
        var threeClients = new ShareServer.Limits(3, 2048, 4, Duration.ofSeconds(1), Duration.ofSeconds(10),
                ROOMY.codes());
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE, threeClients);
                RoomFixtures.Browser http = new RoomFixtures.Browser()) {
            List<Stream<String>> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<Stream<String>> r = http.send(events(server), HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, r.statusCode());
                open.add(r.body());
            }
            Await.until(LIMIT, () -> server.clients() == 3, () -> "three pages follow: " + server.clients());
            assertEquals(503, http.send(events(server), HttpResponse.BodyHandlers.discarding()).statusCode());
            open.getFirst().close();
            Await.until(LIMIT, () -> server.clients() == 2, () -> "a page left: " + server.clients());
            HttpResponse<Stream<String>> again = http.send(events(server), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, again.statusCode(), "its place is free again");
            again.body().close();
            open.forEach(Stream::close);
        }
    }

    private static HttpRequest events(ShareServer server) {
        return HttpRequest.newBuilder(URI.create(server.address() + "events?code=K7M2QX")).build();
    }

    @Test
    void answersGoToTheBoxOncePerLimitWithTheBrowsersToken() throws Exception {
        List<String> taken = new CopyOnWriteArrayList<>();
        AnswerBox box = (client, step, round, option, nickname) -> taken.add(client + " " + step + " " + round + " "
                + option + " " + nickname);
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), box, CODE, ROOMY);
                RoomFixtures.Browser http = new RoomFixtures.Browser()) {
            HttpResponse<Stream<String>> events = http.send(events(server), HttpResponse.BodyHandlers.ofLines());
            String cookie = events.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String token = cookie.substring(cookie.indexOf('=') + 1);
            byte[] form = "step=3&round=1&option=2&nickname=Ana%20B".getBytes(StandardCharsets.US_ASCII);
            assertEquals(403, request(server, "POST /answer?code=K7M2QX", form).status(), "no token");
            assertEquals(403, request(server, "POST /answer?code=WRONG2", form, "Cookie: " + cookie).status());
            assertEquals(204, request(server, "POST /answer?code=K7M2QX", form, "Cookie: " + cookie).status());
            assertEquals(List.of(token + " 3 1 2 Ana B"), taken);
            assertEquals(400, request(server, "POST /answer?code=K7M2QX", "step=x".getBytes(StandardCharsets.US_ASCII),
                    "Cookie: " + cookie).status());
            for (int i = 0; i < 3; i++) request(server, "POST /answer?code=K7M2QX", form, "Cookie: " + cookie);
            assertEquals(429, request(server, "POST /answer?code=K7M2QX", form, "Cookie: " + cookie).status(),
                    "at most 4 answers per client and step");
            assertEquals(413, request(server, "POST /answer?code=K7M2QX", new byte[4096], "Cookie: " + cookie)
                    .status());
            assertEquals(405, request(server, "POST /view?code=K7M2QX", form).status(), "nothing else is written");
            events.body().close();
        }
    }

    @Test
    void noAnswerBoxTakesNoAnswer() throws Exception {
        try (ShareServer server = serve(new JournalSession(), new PlainRoomRenderer(), null, CODE, ROOMY);
                RoomFixtures.Browser http = new RoomFixtures.Browser()) {
            HttpResponse<Stream<String>> events = http.send(events(server), HttpResponse.BodyHandlers.ofLines());
            String cookie = events.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            assertEquals(403, request(server, "POST /answer?code=K7M2QX",
                    "step=1&round=1&option=0".getBytes(StandardCharsets.US_ASCII), "Cookie: " + cookie).status());
            Iterator<String> unused = events.body().iterator();
            assertTrue(unused.hasNext());
            events.body().close();
        }
    }
}

package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code socketlab share}: its first line is the address and the code and nothing else, the room reads the view with
 * that code while the lesson runs at its pace, and it ends after the lesson (and the linger) with the journal written;
 * a bad address is refused in one line in the user's language, before anything runs.
 */
class ShareCommandTest {
    private static final Pattern FIRST = Pattern
            .compile("Share: (http://127\\.0\\.0\\.1:(\\d+)/) code ([2-9A-HJKMNP-Z]{6})");

    @Test
    void theFirstLineGivesTheAddressAndTheCodeAndTheRoomReadsTheLesson() throws Exception {
        Path journal = Files.createDirectories(Path.of("target", "share-test")).resolve("share.jsonl");
        Files.deleteIfExists(journal);
        PipedInputStream outRead = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(outRead), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PipedOutputStream typed = new PipedOutputStream(); // open, never a line: --pace gives the goes
        InputStream noPresses = new PipedInputStream(typed);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return Cli.run(new String[]{"share", "tcp-basics", "--pace", "1", "--linger", "1", "--journal",
                        journal.toString(), "--lang", "en"}, noPresses, out,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
            } finally {
                out.close();
            }
        });
        var lines = new BufferedReader(new InputStreamReader(outRead, StandardCharsets.UTF_8));
        String first = lines.readLine();
        Matcher m = FIRST.matcher(String.valueOf(first));
        assertTrue(m.matches(), "the first line: " + first + " / " + err);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "view?code="
                    + m.group(3) + "&lang=es")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, view.statusCode());
            assertTrue(view.body().contains("\"steps\":"), view.body());
            HttpResponse<Void> wrong = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "view?code=ZZZZZZ"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(403, wrong.statusCode());
        } finally {
            http.shutdownNow();
        }
        StringBuilder rest = new StringBuilder();
        for (String l; (l = lines.readLine()) != null;) rest.append(l).append('\n');
        assertEquals(Cli.OK, exit.get(120, TimeUnit.SECONDS), rest + "\n" + err);
        // The terminal closes, as it does when the command ends: the thread reading its lines sees the end and ends
        // with it (no socketlab- thread may outlive its command in this JVM: LessonsTest counts them).
        typed.close();
        assertTrue(rest.toString().contains("A step's call every 1 s"), rest.toString());
        assertTrue(rest.toString().contains("stay 1 s more"), rest.toString());
        List<String> written = Files.readAllLines(journal);
        assertTrue(written.size() > 10, "the journal: " + written.size() + " lines");
    }

    @Test
    void anAddressNotOfThisMachineIsRefusedInOneLine() {
        for (String[] bad : List.of(new String[]{"--bind", "example.com"}, new String[]{"--bind", "0.0.0.0"},
                new String[]{"--bind", "192.0.2.77"}, new String[]{"--port", "70000"},
                new String[]{"--pace", "0"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            String[] args = new String[]{"share", "tcp-basics", bad[0], bad[1], "--lang", "es"};
            int exit = Cli.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(Cli.USAGE, exit, said);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing run: " + String.join(" ", args));
            assertEquals(1, said.strip().lines().count(), said);
            assertTrue(said.contains(bad[1]) && said.contains("Consulta socketlab help"), said);
        }
    }

    @Test
    void aPortInUseIsSaidBeforeTheLabOpens() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int exit = Cli.run(new String[]{"share", "tcp-basics", "--port", String.valueOf(taken.getLocalPort()),
                    "--lang", "en"}, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(Cli.MISMATCH, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Cannot listen on 127.0.0.1 port "),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }
}

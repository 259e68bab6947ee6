package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.testing.ChildJvm;

/**
 * {@code kill -9} in the middle of a {@code serve} session, in a child JVM: no shutdown hook runs, yet the journal
 * file holds every event the server printed (so every call it made), each line whole, and tcpdump dies with it.
 */
class KilledServeTest {
    private static final Pattern PRINTED = Pattern.compile("^\\s*(\\d+) (.{10}) (.*)$"); // seq, the endpoint's display name padded to 10, the event
    private static final Pattern CALL = Pattern.compile("^([a-z_]+)\\(");

    @Test
    void sigkillMidSessionLeavesAWholeJournalAndNoTcpdump(@TempDir Path dir) throws Exception {
        int port = LessonRunner.freePort();
        Path journal = dir.resolve("killed.jsonl");
        Process p = new ProcessBuilder(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                "org.socketlab.Main", "serve", "tcp", "--port", String.valueOf(port), "--connections", "0",
                "--journal", journal.toString(), "--lang", "en")).redirectErrorStream(true).start();
        try {
            ServeCommandTest.Watched out = new ServeCommandTest.Watched();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // the process is gone
                }
            }, "test-killed-pump");
            pump.start();
            out.printed("accept\\(\\d+\\) \\.\\.\\. blocked").get(90, TimeUnit.SECONDS);
            boolean capturing = out.text().contains("seen on the wire") || !out.text().contains("deduced");
            Optional<ProcessHandle> tcpdump = p.toHandle().descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("tcpdump")).findFirst();
            if (CiRules.onCi())
                assertTrue(tcpdump.isPresent(), "on CI (root, tcpdump installed) serve must capture: " + out.text());
            if (capturing) assertTrue(tcpdump.isPresent(), "serve says it captures, so tcpdump runs: " + out.text());

            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                client.setSoTimeout(10_000);
                for (int i = 1; i <= 5; i++) {
                    byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
                    client.getOutputStream().write(message);
                    assertEquals(new String(message, StandardCharsets.UTF_8),
                            new String(client.getInputStream().readNBytes(message.length), StandardCharsets.UTF_8));
                }
                // Mid-session: the server printed its fifth send and waits in recv for more.
                out.printed("(?s)(send\\(.*){5}recv\\(\\d+\\) \\.\\.\\. blocked").get(60, TimeUnit.SECONDS);
                p.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no finally, nothing flushed at exit
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the JVM died");
                assertEquals(128 + 9, p.exitValue(), "killed by SIGKILL");
                // Checked while this client is still open: its closing segments would make tcpdump write to the dead
                // pipe and die of SIGPIPE anyway; the parent-death signal must not need any packet.
                if (tcpdump.isPresent()) {
                    ProcessHandle child = tcpdump.get();
                    try {
                        child.onExit().get(10, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        child.destroyForcibly();
                        fail("tcpdump " + child.pid() + " outlived the killed program");
                    }
                }
            }
            pump.join(5000);

            byte[] bytes = Files.readAllBytes(journal);
            assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "the last line is whole");
            List<Event> events = JournalJsonl.read(journal); // every line parses
            for (int i = 0; i < events.size(); i++) assertEquals(i + 1, events.get(i).seq(), "no event missing");
            Map<Long, Event> bySeq = events.stream().collect(Collectors.toMap(Event::seq, Function.identity()));
            int printedCalls = 0;
            for (String line : out.text().split("\n")) {
                Matcher m = PRINTED.matcher(line);
                if (!m.matches()) continue;
                long seq = Long.parseLong(m.group(1));
                Event inFile = bySeq.get(seq);
                assertTrue(inFile != null, "printed event " + seq + " is in the file: " + line);
                assertEquals(m.group(2).strip(), Names.endpoint(inFile.endpoint(),
                        Messages.of(Lang.EN)), line); // printed by its display name
                Matcher call = CALL.matcher(m.group(3));
                if (call.find() && !m.group(3).contains(" ... blocked")) {
                    assertTrue(inFile.payload() instanceof Payload.Call c && c.call().equals(call.group(1)),
                            line + " vs " + inFile);
                    printedCalls++;
                }
            }
            List<String> sent = events.stream().map(Event::payload)
                    .filter(e -> e instanceof Payload.Call c && c.call().equals("send"))
                    .map(e -> new String(((Payload.Call) e).data(), StandardCharsets.UTF_8)).toList();
            assertEquals(List.of("message 1", "message 2", "message 3", "message 4", "message 5"), sent);
            assertTrue(printedCalls >= 5 + 5 + 5,
                    "socket, setsockopt, bind, listen, accept, 5 recv, 5 send: " + printedCalls);
            assertFalse(
                    events.stream().anyMatch(e -> e.payload() instanceof Payload.Call c && c.call().equals("close")),
                    "killed before any close");
        } finally {
            p.destroyForcibly();
        }
    }
}

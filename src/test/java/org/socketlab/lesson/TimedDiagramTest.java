package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * Issue 60's measure of the diagram drawn to the link's time: {@code run tcp-basics --delay 50 --svg} draws the SYN
 * arriving 50 ms below where it left (on the ruler's scale, within 2 ms of what the journal says it took) and connect()
 * returning one round trip below where it started; run as this test's user and, as root, as nobody.
 */
class TimedDiagramTest {
    @TempDir
    static Path shared;
    private static Path labnet;
    private static List<String> classPath;

    @BeforeAll
    static void build() throws Exception {
        labnet = Labnet.built();
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0,
                "a private lab network (user + network namespace): " + probe.output());
    }

    private static double number(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertTrue(m.find(), pattern);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theSynCrossesFiftyMillisecondsAndConnectReturnsARoundTripBelowItsStart() throws Exception {
        List<List<String>> users = new ArrayList<>(List.of(List.of()));
        if ("root".equals(System.getProperty("user.name"))) {
            List<String> nobody = new ArrayList<>(ChildLessonRun.AS_NOBODY);
            nobody.add("--");
            users.add(nobody);
        }
        for (List<String> user : users) {
            Path dir = Files.createTempDirectory(shared, "timed-");
            assertTrue(dir.toFile().setWritable(true, false) && dir.toFile().setExecutable(true, false));
            Path svgFile = dir.resolve("tcp-basics.svg"), journal = dir.resolve("tcp-basics.jsonl");
            List<String> command = new ArrayList<>(user);
            command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                    "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
            command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main"));
            command.addAll(List.of("run", "tcp-basics", "--delay", "50", "--lang", "en", "--svg", svgFile.toString(),
                    "--journal", journal.toString()));
            Labnet.Outcome run = Labnet.runCommand(command);
            assertEquals(0, run.status(), user + ": " + run.output());

            // What the journal says: the SYN's seq, when it left and arrived; the connect's entry and return.
            ObjectMapper json = new ObjectMapper();
            long synSeq = -1, synLeft = 0, synArrived = 0, synAckArrived = 0, connectSeq = -1, connectNs = 0;
            for (String line : Files.readAllLines(journal)) {
                JsonNode e = json.readTree(line);
                String flags = e.path("flags").toString();
                if (e.path("type").asText().equals("segment") && e.has("arrived_ns") && synSeq < 0
                        && flags.equals("[\"SYN\"]")) {
                    synSeq = e.path("seq").asLong();
                    synLeft = e.path("wire_ns").asLong();
                    synArrived = e.path("arrived_ns").asLong();
                }
                if (e.path("type").asText().equals("segment") && e.has("arrived_ns") && synAckArrived == 0
                        && flags.equals("[\"SYN\",\"ACK\"]"))
                    synAckArrived = e.path("arrived_ns").asLong();
                if (e.path("type").asText().equals("call") && e.path("call").asText().equals("connect")) {
                    connectSeq = e.path("seq").asLong();
                    connectNs = e.path("at_ns").asLong() - e.path("entered_ns").asLong();
                }
            }
            assertTrue(synSeq > 0 && synAckArrived > 0 && connectSeq > 0, "a handshake over the link: " + journal);
            double synMs = (synArrived - synLeft) / 1e6, roundTripMs = (synAckArrived - synLeft) / 1e6;
            // The wire never delivers early; a loaded machine may release it a little late.
            assertTrue(synMs >= 49.5 && synMs < 75, "the SYN crossed in " + synMs + " ms");

            String svg = Files.readString(svgFile);
            double pxPerMs = number(svg, "class=\"ruler\" data-px-per-ms=\"([0-9.]+)\"");
            double left = number(svg, "data-event=\"" + synSeq + "\" data-left-y=\"([0-9.]+)\""),
                    arrived = number(svg,
                            "data-event=\"" + synSeq + "\" data-left-y=\"[0-9.]+\" data-arrived-y=\"([0-9.]+)\"");
            double drawnSyn = (arrived - left) / pxPerMs;
            assertEquals(synMs, drawnSyn, 2, user + ": the SYN drawn to scale");
            assertEquals(50, drawnSyn, 2 + (synMs - 50), user + ": 50 ms, less what the machine's load added");
            double waitTop = number(svg, "<rect class=\"blocked\" x=\"[0-9.]+\" y=\"([0-9.]+)\"");
            double returned = number(svg,
                    "id=\"event-" + connectSeq
                            + "\" data-number=\"\\d+\">\\n(?:.*\\n)*?<line class=\"return\" x1=\"[0-9.]+\" y1=\"([0-9.]+)\"");
            double drawnConnect = (returned - waitTop) / pxPerMs;
            // connect() returns once the SYN-ACK is in: at least one round trip after it began (on a loaded machine the
            // SYN leaves a little after the call's start), drawn that far below its start.
            double connectMs = connectNs / 1e6;
            assertTrue(connectMs >= roundTripMs - 1, user + ": connect() took " + connectMs + " ms, the round trip "
                    + roundTripMs + " ms");
            assertEquals(connectMs, drawnConnect, 2, user + ": connect() drawn to scale below its start");
            System.out.printf("timed diagram (%s): SYN %.2f ms in the journal, drawn %.2f ms; round trip %.2f ms,"
                    + " connect drawn %.2f ms; %.3f px/ms%n",
                    user.isEmpty()
                            ? System.getProperty("user.name")
                            : "nobody",
                    synMs, drawnSyn, roundTripMs, drawnConnect, pxPerMs);
        }
    }
}

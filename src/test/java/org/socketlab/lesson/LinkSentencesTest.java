package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;

/**
 * The link lessons' sentences (issue 76 item 3) computed again from saved real runs (src/test/resources/.../link-runs:
 * two machines joined by SocketLab's wire, Reno, load 12-19 on two cores; a send's data cut to its first bytes), and
 * held against the truth {@link LinkSentenceTruths} computes from the same journal, in English and Spanish: the fast
 * lane's check of the formulas. {@link LinkLessonsTest} holds real runs to the same truths.
 */
class LinkSentencesTest {
    /** A saved run, each line given to {@code edit} first, with every sentence about the run said again from it. */
    private static List<Event> run(String lesson, String file, UnaryOperator<String> edit) {
        try {
            Path saved = Path.of(LinkSentencesTest.class.getResource("link-runs/" + file + ".jsonl").toURI());
            StringBuilder text = new StringBuilder();
            for (String line : Files.readAllLines(saved, StandardCharsets.UTF_8))
                text.append(edit.apply(line)).append('\n');
            return saidAgain(LessonLoader.load(lesson), JournalJsonl.read(new StringReader(text.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Event> run(String lesson, String file) {
        return run(lesson, file, UnaryOperator.identity());
    }

    /** The run's events without the lab's notes, then each step's sentence about the run as this build says it. */
    private static List<Event> saidAgain(Lesson lesson, List<Event> events) {
        List<Event> out = new ArrayList<>(events.stream().filter(e -> !(e.endpoint().equals("lab")
                && e.payload() instanceof Payload.Note)).toList());
        RunFacts facts = RunFacts.of(lesson, events);
        long seq = events.getLast().seq(), at = events.getLast().atNs();
        for (Step step : lesson.steps()) {
            Text said = LessonRunner.said(lesson.toldAt(step.number()), facts, step.number());
            if (said != null) out.add(new Event(++seq, ++at, "lab", new Payload.Note(said.byCode())));
        }
        return out;
    }

    @Test
    void roundTripSaysTheOtherMillisecondsAndTheServersAckDelayFromItsRun() {
        List<Event> events = run("round-trip", "round-trip");
        LinkSentenceTruths.roundTrip(events, "saved run");
        assertTrue(
                LinkSentenceTruths.said(events, "en").stream().anyMatch(t -> t.contains("sent its ACK 0.2 ms after")),
                LinkSentenceTruths.said(events, "en").toString());
    }

    @Test
    void aBusyConnectSaysItsWaitLessTheRoundTripNotPlusTheSynAck() {
        // The same run with connect() 40 ms later to return, as a busy machine wakes it: 141 ms for a 100 ms RTT, 40 more.
        Pattern blocked = Pattern.compile("(\"call\":\"connect\".*\"blocked_ns\":)(\\d+)");
        List<Event> events = run("round-trip", "round-trip", line -> {
            Matcher m = blocked.matcher(line);
            return m.find() ? m.replaceFirst("$1" + (Long.parseLong(m.group(2)) + 40_000_000L)) : line;
        });
        LinkSentenceTruths.roundTrip(events, "saved run, connect 40 ms later");
        assertTrue(LinkSentenceTruths.said(events, "en").stream().anyMatch(t -> t.contains("the other 40 ms")),
                LinkSentenceTruths.said(events, "en").toString());
        assertTrue(LinkSentenceTruths.said(events, "es").stream().anyMatch(t -> t.contains("los otros 40 ms")),
                LinkSentenceTruths.said(events, "es").toString());
    }

    @Test
    void bytesInFlightTimesTheTransferFromItsFirstSegmentOutNotFromTheRecv() {
        List<Event> events = run("bytes-in-flight", "bytes-in-flight");
        LinkSentenceTruths.transfer(events, "In flight there were", "En vuelo llegó", "saved run");
    }

    @Test
    void slowStartsPeakIsTheCapturesAndAtLeastTwiceItsThreshold() {
        LinkSentenceTruths.slowStart(run("slow-start", "slow-start"), "saved run");
    }

    @Test
    void aThresholdAboveHalfTheCapturedFlightTellsThePeakFromRenosHalving() {
        // The same run as if the threshold had been 60 (the flight on the wire, 92 at most, held back by h2's window
        // while the congestion window grew on): the peak said is the one the threshold tells, 120.
        List<Event> events = run("slow-start", "slow-start",
                line -> line.replaceAll("\"snd_ssthresh\":45\\b", "\"snd_ssthresh\":60"));
        LinkSentenceTruths.slowStart(events, "saved run, ssthresh 60");
        assertTrue(LinkSentenceTruths.said(events, "en").stream().anyMatch(t -> t.contains("the window had reached at"
                + " least 120 segments")), LinkSentenceTruths.said(events, "en").toString());
    }

    @Test
    void lossBurstClosesWithWhatItsRunDid() {
        List<Event> events = run("loss-burst", "loss-burst");
        LinkSentenceTruths.lossBurst(events, "saved run");
        String two = LinkSentenceTruths.said(events, "en").stream().filter(t -> t.startsWith("Second connection"))
                .findFirst().orElseThrow();
        // This run: the probe arrived and was acknowledged, the other segment still waited for the RTO; the middle
        // burst took two round trips (the review's run did the same).
        assertTrue(two.contains("the probe arrived and h2 acknowledged it, yet the other lost segment still waited for"
                + " the retransmission timer"), two);
        assertTrue(two.contains("2 round trip(s)"), two);
    }

    @Test
    void udpJittersQuizNeverCallsKeepingTheOrderRight() {
        Lesson lesson = LessonLoader.load("udp-jitter");
        List<Event> events = run("udp-jitter", "udp-jitter-quiz");
        LinkSentenceTruths.udpJitter(lesson, events, "saved quiz at 2.5 s an answer");
        // The same run as if the datagrams had come in order: the right answer is "by chance", never "UDP keeps it".
        int[] next = {1};
        List<Event> inOrder = run("udp-jitter", "udp-jitter-quiz", line -> {
            if (!line.contains("\"call\":\"recvfrom\"") || !line.contains("\"data_b64\"")) return line;
            String data = Base64.getEncoder().encodeToString((next[0]++ + ":dato").getBytes(StandardCharsets.UTF_8));
            return line.replaceFirst("\"data_b64\":\"[^\"]*\"", "\"data_b64\":\"" + data + "\"");
        });
        assertEquals(7, next[0]);
        LinkSentenceTruths.udpJitter(lesson, inOrder, "the same run, in order");
        assertFalse(LinkSentenceTruths.rightOptions(lesson, inOrder).contains(1));
        assertTrue(LinkSentenceTruths.said(inOrder, "en").stream().anyMatch(t -> t.contains("in order this time, by"
                + " the link's chance")), LinkSentenceTruths.said(inOrder, "en").toString());
    }
}

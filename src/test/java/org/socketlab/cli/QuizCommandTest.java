package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.Question;
import org.socketlab.lesson.predict.Questions;

/** {@code socketlab quiz} with scripted stdin, on real loopback sockets. */
class QuizCommandTest {
    /** What the kernel does in each asked step of connection-refused (as the options' claims write it). */
    private static final Map<Integer, String> KERNEL = Map.of(
            2, "-1 ECONNREFUSED", 3, "none", 5, "0", 7, "-1 ECONNREFUSED", 8, "none", 9, "0", 11, "0", 12, "FIN", 13,
            "RST");

    record Outcome(int exit, String out, String err) {
    }

    static Outcome quiz(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The option numbers that claim what the kernel will do, one line per question, in order. */
    static List<String> rightNumbers() {
        List<String> lines = new ArrayList<>();
        for (List<Question> step : Questions.of(LessonLoader.load("connection-refused")))
            for (Question q : step)
                for (int i = 0; i < q.options().size(); i++)
                    if (q.options().get(i).claim().text().equals(KERNEL.get(q.step())))
                        lines.add(String.valueOf(i + 1));
        assertEquals(KERNEL.size(), lines.size());
        return lines;
    }

    static Payload.Quiz lastQuiz(List<Event> events) {
        return events.stream().filter(e -> e.payload() instanceof Payload.Note n && n.quiz() != null)
                .map(e -> ((Payload.Note) e.payload()).quiz()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void scriptedAnswersAreJudgedAndTheScoreIsPrintedAndJournaled(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("quiz.jsonl");
        List<String> answers = new ArrayList<>(rightNumbers());
        answers.addFirst("seven"); // not a number: asked again
        answers.add(1, "9"); // no such option: asked again
        Outcome run = quiz(String.join("\n", answers) + "\n", "quiz", "connection-refused", "--journal",
                journal.toString(), "--lang", "en");
        assertEquals(Cli.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("Step 2, Client. Predict: connect() is called now. What happens?"), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.endsWith("Answer with a number from 1 to 4.")).count(),
                run.out());
        assertTrue(run.out().contains("Step 2: Right! The kernel: It returns -1 ECONNREFUSED."), run.out());
        assertTrue(run.out().contains("Step 13: Right! The kernel: An RST: the connection is aborted."), run.out());
        assertTrue(run.out().strip().endsWith("Predict mode, Connection refused: ECONNREFUSED: 9 of 9 right."),
                run.out());

        List<Event> events = JournalJsonl.read(journal);
        assertEquals(new Payload.Quiz.Score("connection-refused", 9, 9, true), lastQuiz(events));
        String text = Files.readString(journal);
        assertTrue(text.contains(
                "\"quiz\":{\"kind\":\"answer\",\"lesson\":\"connection-refused\",\"step\":2,\"topic\":\"result\""),
                text);
    }

    @Test
    void theEndOfTheInputEndsTheQuizCleanlyWithTheScoreSoFar(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("quiz.jsonl");
        List<String> two = rightNumbers().subList(0, 2);
        Outcome run = quiz(String.join("\n", two) + "\n", "quiz", "connection-refused", "--journal", journal.toString(),
                "--lang", "es");
        assertEquals(Cli.NO_ANSWER, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("La entrada terminó antes de la última pregunta"), run.err());
        assertTrue(run.out().strip().endsWith("2 de 2 correctas (el cuestionario acabó antes que la lección)."),
                run.out());
        List<Event> events = JournalJsonl.read(journal);
        assertEquals(new Payload.Quiz.Score("connection-refused", 2, 2, false), lastQuiz(events));
        assertEquals(0,
                events.stream().filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("bind")).count(),
                "step 5 (bind), whose question got no answer, made no call");
    }

    @Test
    void aLessonFileIsQuizzedAsRunTakesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("own.json");
        Files.writeString(file, CliLessonFileTest.OWN, StandardCharsets.UTF_8);
        Outcome run = quiz("1\n".repeat(40), "quiz", file.toString(), "--lang", "en");
        assertEquals(Cli.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().startsWith("Quiz own-echo: My echo"), run.out());
        Files.writeString(file, "{", StandardCharsets.UTF_8);
        Outcome broken = quiz("", "quiz", file.toString(), "--lang", "en");
        assertEquals(Cli.USAGE, broken.exit());
        assertEquals(1, broken.err().lines().count(), broken.err());
    }
}

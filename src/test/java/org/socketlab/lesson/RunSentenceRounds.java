package org.socketlab.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.JournalJsonl;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Payload;

/**
 * A child program for {@link RunSentencesSoakTest}: run inside a private lab network, it runs each lesson the given
 * number of rounds, paced as a person presses PageDown every {@code PACE_MS} (0: no pacing), each on a lab of its own;
 * every round must pass, and every sentence the run said about itself must be the one its own journal, written out and
 * read back, gives. Prints, per lesson, how often each sentence was said. Exit 0 when all held; 1 otherwise.
 *
 * <p>Arguments: {@code OUT ROUNDS PACE_MS LESSON...}
 */
public final class RunSentenceRounds {
    private RunSentenceRounds() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long paceMs = Long.parseLong(args[2]);
        ScheduledExecutorService person = Executors.newSingleThreadScheduledExecutor();
        boolean ok = true;
        for (int i = 3; i < args.length; i++) {
            String id = args[i];
            Lesson lesson = LessonLoader.load(id);
            Map<String, Integer> said = new TreeMap<>();
            int passed = 0;
            for (int round = 1; round <= rounds; round++) {
                try (Lab lab = Lab.onThisMachine()) {
                    Pacing pacing = new Pacing();
                    var presses = paceMs > 0
                            ? person.scheduleAtFixedRate(pacing::next, paceMs, paceMs, TimeUnit.MILLISECONDS)
                            : null;
                    LessonReport report;
                    try {
                        report = new LessonRunner().run(lesson, lab, LessonRunner.freePort(),
                                paceMs > 0 ? pacing::awaitTurn : s -> {
                                }, r -> {
                                });
                    } finally {
                        if (presses != null) presses.cancel(false);
                    }
                    Path journal = out.resolve(id + "-" + paceMs + "-" + round + ".jsonl");
                    JournalJsonl.write(lab.journal().snapshot(), journal);
                    if (!report.passed()) {
                        System.out.println(id + " round " + round + ": " + report.mismatch().describe(Messages.of(
                                Lang.EN)));
                        ok = false;
                        continue;
                    }
                    String differs = sentencesAreTheJournals(lesson, JournalJsonl.read(journal), said);
                    if (differs != null) {
                        System.out.println(id + " round " + round + ": " + differs);
                        ok = false;
                        continue;
                    }
                    passed++;
                }
            }
            System.out.println(id + " pace " + paceMs + " ms: " + passed + "/" + rounds + " passed");
            said.forEach((s, n) -> System.out.println("  " + n + "x " + s));
        }
        person.shutdownNow();
        System.exit(ok ? 0 : 1);
    }

    /**
     * Null when every sentence the run journaled about itself is what the saved journal gives and every step that has
     * sentences said one; else what differs. Counts each sentence said (its first words) in {@code said}.
     */
    static String sentencesAreTheJournals(Lesson lesson, List<Event> events, Map<String, Integer> said) {
        RunFacts facts = RunFacts.of(lesson, events);
        List<String> notes = events.stream()
                .filter(e -> e.endpoint().equals(LessonRunner.ENDPOINT) && e.payload() instanceof Payload.Note)
                .map(e -> ((Payload.Note) e.payload()).text().get("en")).toList();
        for (Step step : lesson.steps()) {
            Told told = lesson.toldAt(step.number());
            if (told.said().isEmpty()) continue;
            Text t = LessonRunner.said(told, facts, step.number());
            if (t == null) return "step " + step.number() + " said nothing its journal gives";
            if (!notes.contains(t.en()))
                return "step " + step.number() + ": the journal gives \"" + t.en() + "\", the run did not say it";
            if (LessonRunner.failedCheck(told, facts, step.number()) != null)
                return "step " + step.number() + ": a check does not hold in the saved journal";
            said.merge("step " + step.number() + ": " + t.en().substring(0, Math.min(90, t.en().length())), 1,
                    Integer::sum);
        }
        return null;
    }
}

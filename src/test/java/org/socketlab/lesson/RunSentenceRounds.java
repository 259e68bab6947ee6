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
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;

/**
 * A child program for {@link RunSentencesSoakTest} and {@link PacedLessonsSoakTest}: run inside a private lab network, it runs each lesson the given
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
                        String why = report.mismatch().describe(Messages.of(Lang.EN));
                        System.out.println(id + " round " + round + ": " + why);
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
        int at = 0;
        for (Step step : lesson.steps()) {
            Told told = lesson.toldAt(step.number());
            String en = step.narration().en();
            while (at < events.size() && !(events.get(at).payload() instanceof Payload.Note n
                    && en.equals(n.text().get("en")) && events.get(at).endpoint().equals(step.endpoint())))
                at++;
            if (told.said().isEmpty()) continue;
            // The sentence was said from the journal as it stood then: read it back up to each note of the lab that
            // followed the step, one of them must be it.
            String found = null;
            for (int k = at + 1; k < events.size() && found == null; k++) {
                Event e = events.get(k);
                if (e.payload() instanceof Payload.Note n && !e.endpoint().equals(Lab.ITSELF)) break;
                if (!(e.payload() instanceof Payload.Note n)) continue;
                RunFacts then = RunFacts.of(lesson, events.subList(0, k));
                Text t = LessonRunner.said(told, then, step.number());
                if (t != null && t.en().equals(n.text().get("en"))) {
                    if (ToldOfRun.failedCheck(told, then, step.number()) != null)
                        return "step " + step.number() + ": a check does not hold in the saved journal";
                    found = t.en();
                }
            }
            if (found == null) return "step " + step.number() + ": no sentence it said is what its journal gives";
            said.merge("step " + step.number() + ": " + found.substring(0, Math.min(90, found.length())), 1,
                    Integer::sum);
        }
        return null;
    }
}

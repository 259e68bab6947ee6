package org.socketlab.lesson;

import java.nio.file.Path;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;

/**
 * A child program for {@link LossLessonsTest}: run inside a private lab network, it runs each lesson given the given
 * number of rounds, each on a lab of its own, and writes each round's journal as {@code OUT/LESSON-ROUND.jsonl}. Exit
 * 0 when every round passed; 1 with the mismatch otherwise.
 *
 * <p>Arguments: {@code OUT ROUNDS LESSON...}
 */
public final class LossRounds {
    private LossRounds() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            String id = args[i];
            Lesson lesson = LessonLoader.load(id);
            for (int round = 1; round <= rounds; round++) {
                try (Lab lab = Lab.onThisMachine()) {
                    LessonReport report = new LessonRunner().run(lesson, lab);
                    JournalJsonl.write(lab.journal().snapshot(), out.resolve(id + "-" + round + ".jsonl"));
                    if (!report.passed()) {
                        System.out.println(
                                id + " round " + round + ": " + report.mismatch().describe(Messages.of(Lang.EN)));
                        System.exit(1);
                    }
                }
                System.out.println(id + " round " + round + ": passed");
            }
        }
        System.exit(0);
    }
}

package org.socketlab.lesson.predict;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.lesson.Pacing;
import org.socketlab.lesson.Text;

/**
 * Plays a lesson on a lab that a person is also using (the window): everything is reset first, then the steps
 * run, and the verdict is journaled as a note, so whoever watches the journal sees how it ended. Blocks: call it
 * on a thread of its own.
 */
public final class LessonPlayer {
    /** The journal endpoint of the verdict note. */

    private LessonPlayer() {
    }

    /** Where the kernel chose among several results, which it chose: the verdict says it too. */
    private static String outcomes(LessonReport report, Lang lang) {
        StringBuilder sb = new StringBuilder();
        for (Text saw : report.outcomes()) sb.append(' ').append(saw.in(lang));
        return sb.toString();
    }

    public static @Nullable LessonReport play(Lesson lesson, Lab lab) {
        return play(lesson, lab, null);
    }

    /**
     * @param predict asks each question of predict mode before its step (blocking the lesson's thread until answered);
     *                null plays the lesson without questions. An answer that never comes ends the lesson there.
     */
    public static @Nullable LessonReport play(Lesson lesson, Lab lab, Quiz.@Nullable Answerer predict) {
        return play(lesson, lab, predict, null);
    }

    /**
     * @param pacing where not null (and without {@code predict}, whose questions pace the lesson already), each step
     *               waits for the instructor's go before its call; a stop ends the lesson there, without a verdict
     */
    public static @Nullable LessonReport play(Lesson lesson, Lab lab, Quiz.@Nullable Answerer predict,
            @Nullable Pacing pacing) {
        return play(lesson, lab, predict, pacing, true);
    }

    /**
     * As {@link #play(Lesson, Lab, Quiz.Answerer, Pacing)} on a lab its caller has just reset and begun a session on
     * (the window: Reset all, the cut, and on two machines the processes started to say their hosts). A second reset
     * here ended those processes again before step 1: each link lesson opened with "process started ... exited (code
     * 0)" (issue 78). The lesson runs on them.
     */
    public static @Nullable LessonReport playAfterReset(Lesson lesson, Lab lab, Quiz.@Nullable Answerer predict,
            @Nullable Pacing pacing) {
        return play(lesson, lab, predict, pacing, false);
    }

    private static @Nullable LessonReport play(Lesson lesson, Lab lab, Quiz.@Nullable Answerer predict,
            @Nullable Pacing pacing, boolean resetFirst) {
        Messages es = Messages.of(Lang.ES), en = Messages.of(Lang.EN);
        try {
            if (resetFirst) lab.resetAll().get(5, TimeUnit.SECONDS);
            LessonReport report;
            if (predict == null && pacing != null)
                report = new LessonRunner().run(lesson, lab, LessonRunner.freePort(), pacing::awaitTurn, r -> {
                });
            else
                if (predict == null) report = new LessonRunner().run(lesson, lab);
                else {
                    Quiz.Result quiz = new Quiz().play(lesson, lab, LessonRunner.freePort(), predict, v -> {
                    });
                    if (quiz.answersRanOut()) return null; // given up (a reset, another lesson): the score note says so
                    report = Objects.requireNonNull(quiz.report()); // the runner gives one unless answers ran out
                }
            String steps = String.valueOf(report.steps().size());
            lab.journal().append(Lab.ITSELF, report.firstMismatch()
                    .map(m -> LessonReport.stoppedNote(lesson, m))
                    .orElse(new Payload.Note(Map.of("es",
                            es.get("lesson.play.done", lesson.title().es(), steps) + outcomes(report, Lang.ES), "en",
                            en.get("lesson.play.done", lesson.title().en(), steps) + outcomes(report, Lang.EN)))));
            return report;
        } catch (Pacing.Stopped stopped) {
            return null; // the instructor ended it (a reset, another lesson, the window closed): nothing to judge
        } catch (Exception e) {
            String why = String.valueOf(e.getMessage());
            // A refusal in words (a lesson on two machines in a lab of one): each language its own.
            String whyEs = e instanceof LocalizedException refused ? es.text(refused) : why;
            lab.journal().append(Lab.ITSELF, new Payload.Note(Map.of(
                    "es", es.get("lesson.play.error", lesson.title().es(), whyEs), "en",
                    en.get("lesson.play.error", lesson.title().en(), why))));
            return null;
        }
    }
}

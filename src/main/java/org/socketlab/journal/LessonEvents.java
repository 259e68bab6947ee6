package org.socketlab.journal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The journal's events a lesson writes: its narration and predict mode's questions, answers and score ({@code note}). Its records are {@link Payload}'s, named as {@code Payload.X} everywhere ({@link Payload} extends this
 * holder, and a member type is inherited).
 */
public interface LessonEvents {
    /**
     * Lesson narration, per language code; with the step's slide for presenter mode (a short title and one sentence,
     * per language code) when the lesson gives one, else empty maps. A note written by predict mode also carries
     * {@code quiz}: what the student answered and what the kernel did ({@link Quiz.Answer}), or the lesson's score
     * ({@link Quiz.Score}); its text says the same in words, so every view that shows notes shows the verdicts. Null on
     * every other note.
     */
    record Note(Map<String, String> text, Map<String, String> slideTitle, Map<String, String> slideText,
            @Nullable Quiz quiz)
            implements
                Payload {
        public Note {
            text = Map.copyOf(text);
            slideTitle = Map.copyOf(slideTitle);
            slideText = Map.copyOf(slideText);
        }
        public Note(Map<String, String> text) {
            this(text, Map.of(), Map.of(), null);
        }

        /** A text of a note in the language {@code lang}, else in any language it has; empty when none. */
        public static String in(Map<String, String> byLang, String lang) {
            String text = byLang.get(lang);
            return text != null ? text : byLang.values().stream().findFirst().orElse("");
        }
        public Note(Map<String, String> text, @Nullable Quiz quiz) {
            this(text, Map.of(), Map.of(), quiz);
        }
        public Note(Map<String, String> text, Map<String, String> slideTitle, Map<String, String> slideText) {
            this(text, slideTitle, slideText, null);
        }
        public boolean hasSlide() {
            return !slideTitle.isEmpty();
        }
        @Override
        public String type() {
            return "note";
        }
    }

    /** The structured part of a predict-mode note (docs/architecture/journal.md, journal format, {@code note.quiz}). */
    sealed interface Quiz {
        String lesson();

        /**
         * A question put before step {@code step} ran (the {@code index}-th of that step's, 1-based), journaled before
         * its answer is awaited: the journal shows each prediction was made before the call.
         */
        record Asked(String lesson, int step, int index, String topic) implements Quiz {
        }

        /**
         * One question answered before a step ran, held against the kernel's result.
         *
         * @param chosen   the option the student chose (1-based)
         * @param right    the options the kernel's result made right (1-based); empty when the kernel did what no option
         *                 said, and the question does not count
         * @param kernel   what the kernel did, as the journal says it ({@code -1 ECONNREFUSED}, {@code blocked},
         *                 {@code ESTABLISHED}, {@code SYN RST})
         * @param expected what the lesson file expected, in the same words; differs from {@code kernel} when the kernel
         *                 surprised the lesson (the kernel wins)
         */
        record Answer(String lesson, int step, String topic, int chosen, List<Integer> right, String kernel,
                String expected)
                implements
                    Quiz {
            public Answer {
                right = List.copyOf(right);
            }
            public boolean counts() {
                return !right.isEmpty();
            }
            public boolean correct() {
                return right.contains(chosen);
            }
            /** {@code right}, {@code wrong} or {@code void}, as the file writes it. */
            public String verdict() {
                return !counts() ? "void" : correct() ? "right" : "wrong";
            }
        }

        /**
         * The score of one lesson played in predict mode: {@code right} of {@code asked} counted questions;
         * {@code complete} is false when the quiz ended before the lesson did (no more answers, or a step failed).
         */
        record Score(String lesson, int right, int asked, boolean complete) implements Quiz {
        }
    }
}

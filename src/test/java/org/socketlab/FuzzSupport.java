package org.socketlab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * Seeded fuzzing with plain JUnit: every parser a user can feed gets thousands of random and mutated inputs and must
 * either accept one or refuse it with a {@link LocalizedException} whose text is clear in both languages; any other
 * exception, or a parse that takes too long, fails naming the seed, the run and the input.
 * {@code -Dsocketlab.fuzz.seed=N -Dsocketlab.fuzz.runs=N} replay or lengthen a run.
 */
public final class FuzzSupport {
    public static final long SEED = Long.getLong("socketlab.fuzz.seed", 20_261_122L);
    public static final int RUNS = Integer.getInteger("socketlab.fuzz.runs", 2_000);
    /** Far above any single parse here (microseconds to milliseconds), with margin for a loaded 2-core CI box. */
    private static final Duration WHOLE_RUN = Duration.ofSeconds(Math.max(60, RUNS / 20));

    private FuzzSupport() {
    }

    /** What {@link #fuzz} saw: how many inputs were accepted and how many refused with a clear message. */
    public record Tally(int accepted, int refused) {
    }

    /** Feeds {@code RUNS} inputs from {@code input} to {@code parse}. */
    public static Tally fuzz(String what, Function<Random, String> input, Consumer<String> parse) {
        return fuzz(what, RUNS, input, parse);
    }

    /** Feeds {@code runs} inputs (a share of {@code RUNS} for slower parsers) from {@code input} to {@code parse}. */
    public static Tally fuzz(String what, int runs, Function<Random, String> input, Consumer<String> parse) {
        Random random = new Random(SEED ^ what.hashCode());
        return assertTimeoutPreemptively(WHOLE_RUN, () -> {
            int accepted = 0, refused = 0;
            for (int run = 0; run < runs; run++) {
                String text = input.apply(random);
                try {
                    parse.accept(text);
                    accepted++;
                } catch (LocalizedException e) {
                    String where = what + " run " + run + " (seed " + SEED + ") on " + shown(text);
                    assertClear(e, () -> where);
                    refused++;
                } catch (Throwable t) {
                    throw new AssertionError(
                            what + " run " + run + " (seed " + SEED + ") threw " + t + " on " + shown(text), t);
                }
            }
            return new Tally(accepted, refused);
        }, () -> what + " did not finish " + runs + " runs in " + WHOLE_RUN.toSeconds() + " s (a hang?), seed " + SEED);
    }

    /** The message a user reads, in both languages: present, resolved, and no Java text in it. */
    public static void assertClear(LocalizedException e, Supplier<String> where) {
        for (Lang lang : Lang.values()) {
            String text = Messages.of(lang).text(e);
            assertFalse(text.isBlank(), where);
            assertFalse(text.matches("(?s).*![a-z]+(\\.[A-Za-z]+)+!.*"),
                    () -> "a message key is missing: " + text + " - " + where.get());
            assertFalse(text.contains("Exception") || text.contains("java.") || text.contains("\tat "),
                    () -> "Java text in the message: " + text + " - " + where.get());
            assertFalse(text.matches("(?s).*\\{\\d}.*"),
                    () -> "an unfilled placeholder: " + text + " - " + where.get());
        }
    }

    /** Random mutations of a valid text: flips, deletions, token insertions, duplicated slices, truncation. */
    public static String mutate(String original, Random r, int mutations, List<String> tokens) {
        StringBuilder b = new StringBuilder(original);
        for (int m = 0; m < mutations && !b.isEmpty(); m++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(6)) {
                case 0 -> b.setCharAt(at, (char) (b.charAt(at) ^ (1 << r.nextInt(7))));
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, tokens.get(r.nextInt(tokens.size())));
                case 3 -> {
                    int end = Math.min(b.length(), at + 1 + r.nextInt(40));
                    b.insert(at, b.substring(at, end));
                }
                case 4 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(40)));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    /** A random text of up to {@code max} characters drawn from {@code alphabet}. */
    public static String randomText(Random r, int max, String alphabet) {
        int n = r.nextInt(max + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    /** JSON pieces that make interesting lesson and journal files. */
    public static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", "\"", ":", ",", "null", "true", "false",
            "-1", "0",
            "1e999", "-9223372036854775809", "99999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "\"\"", " ", "\n",
            "{}", "[]",
            "\"socket\"", "\"accept\"", "\"recv\"", "\"server\"", "\"client\"", "\"fd\"", "\"call\"", "\"expect\"",
            "\"steps\"",
            "\"type\"", "\"data_b64\"", "\"!!!\"", "\"aGk=\"", "[[[[[[[[", "]]]]]]]]", "1.5", "-0", "NaN", "\"é\"",
            "\"\\\"\"");

    private static String shown(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 300
                ? "\"" + oneLine.substring(0, 300) + "...\" (" + text.length() + " chars)"
                : "\"" + oneLine + "\"";
    }

    /** Asserts a fuzz run met both outcomes, so it cannot pass by feeding only garbage or only valid inputs. */
    public static void assertBothOutcomes(Tally t, String what) {
        assertTrue(t.accepted() > 0, what + ": some inputs must be accepted: " + t);
        assertTrue(t.refused() > 0, what + ": some inputs must be refused: " + t);
    }
}

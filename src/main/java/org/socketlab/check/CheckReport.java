package org.socketlab.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;

/**
 * A run's verdicts written for machines: one JSON object ({@code --json}, and one line each in a batch) or one CSV
 * row. The fields: {@code check}, {@code submission} (batch), {@code passed}, {@code exit_code} (null: SocketLab
 * stopped the program, a server's normal end), {@code timed_out}, {@code millis}, and {@code rules}: a list of
 * {@code rule}, {@code passed}, {@code seq} (null when no event shows it), {@code reason} (in the language asked for).
 * Each form has its own for a run SocketLab could not make ({@code ...NotRun}): never a score, always the reason.
 */
public final class CheckReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The CSV columns, in order: score and max_score (the weighted points, for a gradebook's column), then each rule's
     * points ({@code pattern:1/1 echo:0/3}) and the reason of a row that failed or was not judged, appended after the
     * columns older readers know.
     */
    public static final String CSV_HEADER = "submission,passed,failed_rules,exit_code,timed_out,millis,not_judged,score,max_score,rule_points,reason";

    /** The formats a report is written in ({@code --format}): gradebooks' and autograders' own. */
    public enum Format {
        /** One row per submission (a spreadsheet, a gradebook import). */
        CSV,
        /** One JSON object per line. */
        JSONL,
        /** Gradescope's {@code results.json}: score, and tests with name, score, max_score, status and output. */
        GRADESCOPE,
        /** JUnit XML, as CI test reporters, Jenkins and GitLab read it: a testsuite per submission, a testcase per rule. */
        JUNIT,
        /** PrairieLearn's external grader {@code results.json}: gradable, score 0–1, and tests with points. */
        PRAIRIELEARN,
        /** Autolab's autograder output: the verdicts, then the last line {@code {"scores": {...}}}. */
        AUTOLAB;

        /** Whether {@code --batch} writes it: the platforms' own forms are one submission's (they run one at a time). */
        public boolean batch() {
            return this == CSV || this == JSONL || this == JUNIT;
        }

        /** The formats as --format spells them, for a message: {@code csv, jsonl, gradescope, junit, ...}. */
        public static String names() {
            return String.join(", ", Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }

        public static Optional<Format> of(String name) {
            return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    /** The points a run earned: the weights of the rules it passed. */
    public static int score(CheckRun.Result r) {
        return r.verdicts().stream().mapToInt(Verdict::score).sum();
    }

    /** The points a run could earn: the weights of every rule. */
    public static int maxScore(CheckRun.Result r) {
        return r.verdicts().stream().mapToInt(Verdict::weight).sum();
    }

    /** The run's score as a fraction of its maximum, 0 to 1 (a check whose rules weigh nothing: 1 when all passed). */
    public static double fraction(CheckRun.Result r) {
        int max = maxScore(r);
        if (max == 0) return r.passed() ? 1.0 : 0.0;
        return (double) score(r) / max;
    }

    /**
     * The run of a submission whose program is not there (the student's: it was judged, and failed every rule with that
     * reason): each rule of the check file, with its weight, broken by {@code key} and its arguments; no event, no hint.
     */
    public static CheckRun.Result everyRuleFailed(CheckFile check, List<String> command, String key,
            List<String> args) {
        List<Verdict> verdicts = check.rules().stream()
                .map(e -> new Verdict(e.rule(), false, key, args, null, null, e.weight())).toList();
        return new CheckRun.Result(check, command, verdicts, List.of(), "", null, false, 0);
    }

    private CheckReport() {
    }

    public static ObjectNode json(CheckRun.Result r, String submission, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("check", r.check().id());
        if (submission != null) o.put("submission", submission);
        o.put("passed", r.passed());
        if (r.exitCode() == null) o.putNull("exit_code");
        else o.put("exit_code", r.exitCode());
        o.put("timed_out", r.timedOut());
        o.put("millis", r.millis());
        o.put("score", score(r));
        o.put("max_score", maxScore(r));
        ArrayNode rules = o.putArray("rules");
        for (Verdict v : r.verdicts()) {
            ObjectNode n = rules.addObject();
            n.put("rule", v.rule().id());
            n.put("passed", v.passed());
            if (v.seq() == null) n.putNull("seq");
            else n.put("seq", v.seq());
            n.put("reason", v.reason(m));
            n.put("weight", v.weight());
        }
        return o;
    }

    /** A rule's whole explanation for a person: the reason, the journal event, and a broken rule's hint. */
    private static String explained(Verdict v, Messages m) {
        StringBuilder b = new StringBuilder(v.reason(m));
        if (v.seq() != null) b.append(' ').append(m.get("check.seq", String.valueOf(v.seq())));
        if (!v.passed() && v.hint() != null) b.append('\n').append(v.hint().in(m.lang()));
        return b.toString();
    }

    /**
     * Gradescope's {@code results.json} for one run: {@code score} (the weighted points), and one test per rule with
     * its name (the rule's id), score, max_score, status and output (the reason and the hint, in the language asked).
     */
    public static String gradescope(CheckRun.Result r, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("score", score(r));
        o.put("max_score", maxScore(r));
        o.put("execution_time", (r.millis() + 999) / 1000);
        o.put("output", summary(r, m));
        ArrayNode tests = o.putArray("tests");
        for (Verdict v : r.verdicts()) {
            ObjectNode t = tests.addObject();
            t.put("name", v.rule().id());
            t.put("score", v.score());
            t.put("max_score", v.weight());
            t.put("status", v.passed() ? "passed" : "failed");
            t.put("output", explained(v, m));
        }
        return pretty(o);
    }

    /** The summary line a person reads: all passed, or how many failed. */
    private static String summary(CheckRun.Result r, Messages m) {
        return m.get(r.passed() ? "check.passed" : "check.failed",
                r.passed() ? String.valueOf(r.verdicts().size()) : String.valueOf(r.failed().size()),
                String.valueOf(r.verdicts().size()));
    }

    private static String pretty(ObjectNode o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gradescope's {@code results.json} for a run SocketLab could not make (the grader's error, not the student's): no
     * score and no tests, only the output saying why. Gradescope's format needs a score (top-level or on every test),
     * so this is no grade: the run_autograder of docs/check.md keeps it out of {@code results.json} and fails instead.
     */
    public static String gradescopeNotRun(String reason, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("output", reason + "\n" + m.get("check.report.noScore"));
        return pretty(o);
    }

    /**
     * PrairieLearn's {@code results.json} for one run: gradable, score (the weighted points as a fraction, 0 to 1), the
     * summary as message, the verdict lines as output, and one test per rule with its points and max_points.
     */
    public static String prairielearn(CheckRun.Result r, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("gradable", true);
        o.put("score", fraction(r));
        o.put("message", summary(r, m));
        o.put("output", verdictLines(r, m));
        ArrayNode tests = o.putArray("tests");
        for (Verdict v : r.verdicts()) {
            ObjectNode t = tests.addObject();
            t.put("name", v.rule().id());
            t.put("points", v.score());
            t.put("max_points", v.weight());
            t.put("message", v.reason(m));
            t.put("output", explained(v, m));
        }
        return pretty(o);
    }

    /** PrairieLearn's {@code results.json} for a run SocketLab could not make: not gradable, and why (no attempt used). */
    public static String prairielearnNotRun(String reason, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("gradable", false);
        o.put("message", reason + "\n" + m.get("check.report.noScore"));
        return pretty(o);
    }

    /** The lines a person reads on the terminal: one per rule, ✓ or ✗, then the summary. */
    private static String verdictLines(CheckRun.Result r, Messages m) {
        StringBuilder b = new StringBuilder();
        for (Verdict v : r.verdicts()) b.append(ShownText.lines(v.line(m))).append('\n');
        return b.append(summary(r, m)).toString();
    }

    /**
     * Autolab's autograder output for one run: the verdict lines (Autolab shows them as feedback), and last the
     * autoresult {@code {"scores": {"rule": points, ...}}}, one problem per rule, named by its id.
     */
    public static String autolab(CheckRun.Result r, Messages m) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode scores = o.putObject("scores");
        for (Verdict v : r.verdicts()) scores.put(v.rule().id(), v.score());
        try {
            return verdictLines(r, m) + "\n" + JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Autolab's output for a run SocketLab could not make: why, and no {@code scores} line (no score is recorded). */
    public static String autolabNotRun(String reason, Messages m) {
        return ShownText.lines(reason) + "\n" + m.get("check.report.noScore");
    }

    /** The opening of a JUnit XML document; {@link #junitSuite} for each run follows, then {@link #JUNIT_END}. */
    public static final String JUNIT_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>";
    public static final String JUNIT_END = "<" + "/testsuites>";

    /** One run as a JUnit testsuite ({@code check} or {@code check/submission}): a testcase per rule. */
    public static String junitSuite(CheckRun.Result r, String submission, Messages m) {
        String name = r.check().id() + (submission == null ? "" : "/" + submission);
        StringBuilder b = new StringBuilder("  ");
        open(b, "testsuite", "name", name, "tests", String.valueOf(r.verdicts().size()), "failures",
                String.valueOf(r.failed().size()), "errors", "0", "time", seconds(r.millis()));
        b.append("\n    ");
        properties(b, "score", score(r), "max_score", maxScore(r));
        b.append('\n');
        for (Verdict v : r.verdicts()) {
            b.append("    ");
            open(b, "testcase", "classname", "socketlab." + name, "name", v.rule().id());
            b.append("\n      ");
            properties(b, "points", v.score(), "max_points", v.weight());
            if (!v.passed()) {
                b.append("\n      ");
                open(b, "failure", "message", v.reason(m));
                b.append(xml(explained(v, m)));
                close(b, "failure");
            }
            b.append("\n    ");
            close(b, "testcase");
            b.append('\n');
        }
        if (!r.output().isBlank()) {
            b.append("    ");
            open(b, "system-out");
            b.append(xml(r.output()));
            close(b, "system-out");
            b.append('\n');
        }
        b.append("  ");
        close(b, "testsuite");
        return b.toString();
    }

    /** A program that could not be run, as a JUnit testsuite with one erroneous testcase saying why. */
    public static String junitSuiteNotRun(String check, String submission, String reason) {
        String name = check + (submission == null ? "" : "/" + submission);
        StringBuilder b = new StringBuilder("  ");
        open(b, "testsuite", "name", name, "tests", "1", "failures", "0", "errors", "1");
        b.append("\n    ");
        open(b, "testcase", "classname", "socketlab." + name, "name", "run");
        b.append("\n      ");
        open(b, "error", "message", reason);
        b.insert(b.length() - 1, '/').append("\n    ");
        close(b, "testcase");
        b.append("\n  ");
        close(b, "testsuite");
        return b.toString();
    }

    /** Appends {@code <properties>} with two numbers: the points of a suite or of a testcase. */
    private static void properties(StringBuilder b, String name, int value, String otherName, int otherValue) {
        open(b, "properties");
        open(b, "property", "name", name, "value", String.valueOf(value));
        b.insert(b.length() - 1, '/');
        open(b, "property", "name", otherName, "value", String.valueOf(otherValue));
        b.insert(b.length() - 1, '/');
        close(b, "properties");
    }

    /** Appends an XML start tag with its attributes (name, value, name, value...), values escaped. */
    private static void open(StringBuilder b, String tag, String... attributes) {
        b.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2)
            b.append(' ').append(attributes[i]).append('=').append('"').append(attribute(attributes[i + 1]))
                    .append('"');
        b.append('>');
    }

    private static void close(StringBuilder b, String tag) {
        b.append('<').append('/').append(tag).append('>');
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /**
     * Text as an attribute value: {@link #xml}, and a tab or a line break as a character reference (a parser turns
     * each one written as it is into a space).
     */
    private static String attribute(String s) {
        return xml(s).replace("\t", "&#9;").replace("\n", "&#10;");
    }

    /**
     * Text as XML character data or an attribute value; characters XML 1.0 cannot hold become U+FFFD; a carriage return
     * is a character reference (a parser reads one written as it is as a line feed).
     */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\r' -> b.append("&#13;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                            || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
                    b.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return b.toString();
    }

    /** One line of JSON (no line breaks inside). */
    public static String jsonLine(CheckRun.Result r, String submission, Messages m) {
        try {
            return JSON.writeValueAsString(json(r, submission, m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A submission SocketLab could not judge: the reason ({@code not_run}) instead of the rules, and no score. */
    public static String jsonLineNotRun(String check, @Nullable String submission, String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("check", check);
        if (submission != null) o.put("submission", submission);
        o.put("passed", false);
        o.put("not_run", reason);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A judged run's row: the failed rules' ids, the points, each rule's points ({@code rule:points/max}, in the check
     * file's order) and the first failed rule's reason as the terminal shows it ({@code echo: ...}; empty when all
     * passed).
     */
    public static String csvRow(CheckRun.Result r, String submission, Messages m) {
        List<String> failed = r.failed().stream().map(v -> v.rule().id()).toList();
        String points = String.join(" ", r.verdicts().stream()
                .map(v -> v.rule().id() + ":" + v.score() + "/" + v.weight()).toList());
        String reason = r.failed().stream().findFirst().map(v -> v.rule().id() + ": " + v.reason(m)).orElse("");
        return String.join(",", csv(submission), String.valueOf(r.passed()), csv(String.join(" ", failed)),
                r.exitCode() == null ? "" : String.valueOf(r.exitCode()), String.valueOf(r.timedOut()),
                String.valueOf(r.millis()), "", String.valueOf(score(r)), String.valueOf(maxScore(r)), points,
                csv(reason));
    }

    /**
     * The row of a submission SocketLab could not judge: {@code not-run}, the reason in not_judged and in reason, and no
     * score (empty cells: a gradebook reads no points for it, not 0).
     */
    public static String csvRowNotRun(String submission, String reason) {
        return String.join(",", csv(submission), "false", "not-run", "", "false", "0", csv(reason), "", "", "",
                csv(reason));
    }

    /** A cell: never a formula nor a line break ({@link ShownText#cell}), quoted when it holds a comma or a quote. */
    private static String csv(String text) {
        String s = ShownText.cell(text);
        if (s.chars().noneMatch(c -> c == ',' || c == '"')) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

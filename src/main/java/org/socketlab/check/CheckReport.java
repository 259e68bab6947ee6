package org.socketlab.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.socketlab.i18n.Messages;

/**
 * A run's verdicts written for machines: one JSON object ({@code --json}, and one line each in a batch) or one CSV
 * row. The fields: {@code check}, {@code submission} (batch), {@code passed}, {@code exit_code} (null: SocketLab
 * stopped the program, a server's normal end), {@code timed_out}, {@code millis}, and {@code rules}: a list of
 * {@code rule}, {@code passed}, {@code seq} (null when no event shows it), {@code reason} (in the language asked for).
 */
public final class CheckReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The CSV columns, in order (score and max_score last: the weighted points, for a gradebook's column). */
    public static final String CSV_HEADER = "submission,passed,failed_rules,exit_code,timed_out,millis,not_judged,score,max_score";

    /** The formats a report is written in ({@code --format}): gradebooks' and autograders' own. */
    public enum Format {
        /** One row per submission (a spreadsheet, a gradebook import). */
        CSV,
        /** One JSON object per line. */
        JSONL,
        /** Gradescope's {@code results.json}: score, and tests with name, score, max_score, status and output. */
        GRADESCOPE,
        /** JUnit XML, as GitHub Classroom, Jenkins and GitLab read it: a testsuite per submission, a testcase per rule. */
        JUNIT;

        /** The formats as --format spells them, for a message: {@code csv, jsonl, gradescope, junit}. */
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
        o.put("output", m.get(r.passed() ? "check.passed" : "check.failed",
                r.passed() ? String.valueOf(r.verdicts().size()) : String.valueOf(r.failed().size()),
                String.valueOf(r.verdicts().size())));
        ArrayNode tests = o.putArray("tests");
        for (Verdict v : r.verdicts()) {
            ObjectNode t = tests.addObject();
            t.put("name", v.rule().id());
            t.put("score", v.score());
            t.put("max_score", v.weight());
            t.put("status", v.passed() ? "passed" : "failed");
            t.put("output", explained(v, m));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gradescope's {@code results.json} for a program that could not be run: no points, and why. */
    public static String gradescopeNotRun(String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("score", 0);
        o.put("output", reason);
        o.putArray("tests");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        b.append('\n');
        for (Verdict v : r.verdicts()) {
            b.append("    ");
            open(b, "testcase", "classname", "socketlab." + name, "name", v.rule().id());
            if (v.passed()) {
                b.insert(b.length() - 1, '/').append('\n');
                continue;
            }
            b.append("\n      ");
            open(b, "failure", "message", v.reason(m));
            b.append(xml(explained(v, m)));
            close(b, "failure");
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

    /** A submission whose program could not be run at all: the reason instead of the rules. */
    public static String jsonLineNotRun(String check, String submission, String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("check", check);
        o.put("submission", submission);
        o.put("passed", false);
        o.put("not_run", reason);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csvRow(CheckRun.Result r, String submission) {
        List<String> failed = r.failed().stream().map(v -> v.rule().id()).toList();
        return String.join(",", csv(submission), String.valueOf(r.passed()), csv(String.join(" ", failed)),
                r.exitCode() == null ? "" : String.valueOf(r.exitCode()), String.valueOf(r.timedOut()),
                String.valueOf(r.millis()), "", String.valueOf(score(r)), String.valueOf(maxScore(r)));
    }

    /** The row of a submission that could not be judged, with the reason in the last column. */
    public static String csvRowNotRun(String submission, String reason) {
        return String.join(",", csv(submission), "false", "not-run", "", "false", "0", csv(reason), "0", "");
    }

    /** A cell: never a formula nor a line break ({@link ShownText#cell}), quoted when it holds a comma or a quote. */
    private static String csv(String text) {
        String s = ShownText.cell(text);
        if (s.chars().noneMatch(c -> c == ',' || c == '"')) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

package org.socketlab.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.socketlab.i18n.Messages;

/**
 * A run's verdicts written for machines: one JSON object ({@code --json}, and one line each in a batch) or one CSV
 * row. The fields: {@code check}, {@code submission} (batch), {@code passed}, {@code exit_code} (null: SocketLab
 * stopped the program, a server's normal end), {@code timed_out}, {@code millis}, and {@code rules}: a list of
 * {@code rule}, {@code passed}, {@code seq} (null when no event shows it), {@code reason} (in the language asked for).
 */
public final class CheckReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The CSV columns, in order. */
    public static final String CSV_HEADER = "submission,passed,failed_rules,exit_code,timed_out,millis,not_judged";

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
        ArrayNode rules = o.putArray("rules");
        for (Verdict v : r.verdicts()) {
            ObjectNode n = rules.addObject();
            n.put("rule", v.rule().id());
            n.put("passed", v.passed());
            if (v.seq() == null) n.putNull("seq");
            else n.put("seq", v.seq());
            n.put("reason", v.reason(m));
        }
        return o;
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
                String.valueOf(r.millis()), "");
    }

    /** The row of a submission that could not be judged, with the reason in the last column. */
    public static String csvRowNotRun(String submission, String reason) {
        return String.join(",", csv(submission), "false", "not-run", "", "false", "0", csv(reason));
    }

    private static String csv(String s) {
        if (s.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

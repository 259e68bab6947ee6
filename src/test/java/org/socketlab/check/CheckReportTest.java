package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lesson.Text;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The gradebook formats (issue 37 item 4) carry the verdicts whole: Gradescope's results.json with the weighted score
 * and one test per rule, JUnit XML that an XML parser reads back (a reason holding {@code <}, {@code &} and a control
 * byte stays well-formed), and CSV rows as wide as their header.
 */
class CheckReportTest {
    private static final Messages ES = Messages.of(Lang.ES);

    private static CheckRun.Result result() {
        return result("<&\u0001>", "hola\n");
    }

    /** A run whose echo rule quotes {@code shown} (the bytes that came back) and whose program wrote {@code output}. */
    private static CheckRun.Result result(String shown, String output) {
        CheckFile check = CheckLoader.load("tcp-echo-server");
        List<Verdict> verdicts = List.of(
                new Verdict(Rule.PATTERN, true, "check.why.pattern.ok", List.of("12"), null, null, 1),
                new Verdict(Rule.ECHO, false, "check.why.echo.differs", List.of("1", "2", "100", "0", shown),
                        42L, new Text("Lee en un bucle.", "Read in a loop."), 3),
                new Verdict(Rule.LISTENER_OPEN, true, "check.why.listener.ok", List.of("3", "4"), 7L, null, 2));
        return new CheckRun.Result(check, List.of("./server", "5000"), verdicts, List.of(), output, null, false,
                1234);
    }

    /**
     * What a submission controls (its folder's name, the bytes it sent, what it wrote), from the audits' attack programs
     * (hostile_output.c, md_payload.c of 2026-11-28): XML's and CDATA's ends, HTML, formulas, a fake row, escapes,
     * control bytes, quotes and backslashes.
     */
    static final List<String> HOSTILE = List.of(
            "]]></system-out></testcase><testcase name=\"injected-pass\" classname=\"x\"/><system-out><![CDATA[\n",
            "<script>alert('gradescope')</script><img src=x onerror=alert(1)>", "``<img src=x onerror=alert(2)>`` x",
            "=cmd|' /C calc'!A0", "+HYPERLINK(\"http://evil.invalid\",\"ok\")", "'=1+1",
            "zz-fake,true,,,false,1,,6,6\n",
            "\u001b[2J\u001b]0;all passed\u0007 ctl:\u0001\u0002\b\u000b\f\u007f end \"quote\" \\backslash",
            "tab\there\r\nCRLF\rCR \\n \\x01 \\\\ \u202e\u2028 ñ \ud83d\ude00 \ufffd");

    /** The text an XML 1.0 document can hold: a control character it cannot becomes U+FFFD. */
    private static String inXml(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]", "\ufffd");
    }

    /** One CSV line's cells as RFC 4180 reads them (a quoted cell doubles its quotes). */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else cell.append(c);
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A cell's text back: its first {@code '} dropped, its escapes read ({@code \\}, {@code \n}, {@code \x01}...). */
    private static String uncell(String cell) {
        String s = cell.startsWith("'") ? cell.substring(1) : cell;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    @Test
    void gradescopeHasTheWeightedScoreAndATestPerRule() throws Exception {
        JsonNode o = new ObjectMapper().readTree(CheckReport.gradescope(result(), ES));
        assertEquals(3, o.get("score").asInt(), "pattern (1) and listener-open (2) passed; echo (3) failed");
        assertEquals(6, o.get("max_score").asInt());
        JsonNode echo = o.get("tests").get(1);
        assertEquals("echo", echo.get("name").asText());
        assertEquals(0, echo.get("score").asInt());
        assertEquals(3, echo.get("max_score").asInt());
        assertEquals("failed", echo.get("status").asText());
        assertTrue(echo.get("output").asText().contains("Lee en un bucle."), echo.toString());
        assertTrue(echo.get("output").asText().contains("42"), "the seq: " + echo);
    }

    @Test
    void junitIsWellFormedWithAFailurePerBrokenRule() throws Exception {
        String xml = CheckReport.JUNIT_START + "\n" + CheckReport.junitSuite(result(), "ana", ES) + "\n"
                + CheckReport.junitSuiteNotRun("tcp-echo-server", "ben", "no está") + "\n" + CheckReport.JUNIT_END;
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element first = (Element) d.getElementsByTagName("testsuite").item(0);
        assertEquals("tcp-echo-server/ana", first.getAttribute("name"));
        assertEquals("3", first.getAttribute("tests"));
        assertEquals("1", first.getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertTrue(((Element) d.getElementsByTagName("failure").item(0)).getAttribute("message").contains("<&"));
        assertEquals(1, d.getElementsByTagName("error").getLength(), "the submission that could not run");
    }

    @Test
    void csvRowsAreAsWideAsTheHeader() {
        int columns = CheckReport.CSV_HEADER.split(",", -1).length;
        List<String> row = csvCells(CheckReport.csvRow(result(), "ana", ES));
        assertEquals(columns, row.size(), row.toString());
        assertEquals(List.of("3", "6"), row.subList(7, 9), "score and max_score where they were: " + row);
        assertEquals(columns, csvCells(CheckReport.csvRowNotRun("ben", "no está")).size());
        assertTrue(CheckReport.CSV_HEADER.startsWith(
                "submission,passed,failed_rules,exit_code,timed_out,millis,not_judged,score,max_score,"),
                "the new columns come after the ones older readers know: " + CheckReport.CSV_HEADER);
    }

    /** A run where every rule passed: the weights of {@link #result()}, 6 points of 6. */
    private static CheckRun.Result passing() {
        CheckRun.Result r = result();
        List<Verdict> all = r.verdicts().stream().map(v -> new Verdict(v.rule(), true, "check.why.pattern.ok",
                List.of("12"), v.seq(), v.hint(), v.weight())).toList();
        return new CheckRun.Result(r.check(), r.command(), all, List.of(), "", 0, false, 900);
    }

    private static final String WHY = "The trace could not start: labnet: contain: the room at /proc: "
            + "Operation not permitted";

    /** Issue 74: the batch CSV's reason column, the first failed rule's reason; and no score for a row not judged. */
    @Test
    void csvSaysWhyARowFailedOrWasNotJudged() {
        List<String> header = List.of(CheckReport.CSV_HEADER.split(","));
        int reason = header.indexOf("reason"), points = header.indexOf("rule_points");
        assertEquals(header.size() - 1, reason, "appended: " + header);
        List<String> failed = csvCells(CheckReport.csvRow(result(), "ana", ES));
        assertEquals(ShownText.cell("echo: " + result().verdicts().get(1).reason(ES)), failed.get(reason));
        assertEquals("pattern:1/1 echo:0/3 listener-open:2/2", failed.get(points));
        List<String> passed = csvCells(CheckReport.csvRow(passing(), "ben", ES));
        assertEquals("", passed.get(reason), passed.toString());
        assertEquals("pattern:1/1 echo:3/3 listener-open:2/2", passed.get(points));
        List<String> notJudged = csvCells(CheckReport.csvRowNotRun("carla", WHY));
        assertEquals(WHY, notJudged.get(reason));
        assertEquals(WHY, notJudged.get(header.indexOf("not_judged")));
        assertEquals("", notJudged.get(header.indexOf("score")), "not judged is no score, not 0: " + notJudged);
        assertEquals("", notJudged.get(header.indexOf("max_score")), notJudged.toString());
    }

    /** Issue 74: PrairieLearn's results.json: gradable, the score 0 to 1, a test per rule with its points. */
    @Test
    void prairielearnHasAScoreFromZeroToOneAndPointsPerRule() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode good = json.readTree(CheckReport.prairielearn(passing(), ES));
        assertTrue(good.get("gradable").asBoolean(), good.toString());
        assertEquals(1.0, good.get("score").asDouble(), good.toString());
        JsonNode bad = json.readTree(CheckReport.prairielearn(result(), ES));
        assertTrue(bad.get("gradable").asBoolean());
        assertEquals(0.5, bad.get("score").asDouble(), "3 of 6 points: " + bad);
        JsonNode echo = bad.get("tests").get(1);
        assertEquals("echo", echo.get("name").asText());
        assertEquals(0, echo.get("points").asInt());
        assertEquals(3, echo.get("max_points").asInt());
        assertEquals(result().verdicts().get(1).reason(ES), echo.get("message").asText());
        assertTrue(echo.get("output").asText().contains("Lee en un bucle."), echo.toString());
        assertEquals(2, bad.get("tests").get(2).get("points").asInt());
        assertTrue(bad.get("output").asText().contains("✗ echo:"), bad.toString());

        JsonNode notRun = json.readTree(CheckReport.prairielearnNotRun(WHY, ES));
        assertFalse(notRun.get("gradable").asBoolean(), notRun.toString());
        assertTrue(notRun.get("message").asText().startsWith(WHY), notRun.toString());
        assertFalse(notRun.has("score") || notRun.has("tests"), "no score for a run not made: " + notRun);
    }

    /** The scores of Autolab's last line, or null when the last line is no autoresult. */
    private static JsonNode autolabScores(String output) throws Exception {
        List<String> lines = output.lines().toList();
        String last = lines.getLast();
        if (!last.startsWith("{")) return null;
        return new ObjectMapper().readTree(last).get("scores");
    }

    /** Issue 74: Autolab's output ends with {"scores": {...}}, one problem per rule with its points; none when not run. */
    @Test
    void autolabEndsWithTheScoresOfEachRule() throws Exception {
        String bad = CheckReport.autolab(result(), ES);
        JsonNode scores = autolabScores(bad);
        assertEquals(List.of("pattern", "echo", "listener-open"), iterable(scores.fieldNames()), bad);
        assertEquals(1, scores.get("pattern").asInt());
        assertEquals(0, scores.get("echo").asInt());
        assertEquals(2, scores.get("listener-open").asInt());
        assertTrue(bad.contains("✗ echo:"), "the verdicts before it, as feedback: " + bad);
        JsonNode good = autolabScores(CheckReport.autolab(passing(), ES));
        assertEquals(3, good.get("echo").asInt(), good.toString());
        String notRun = CheckReport.autolabNotRun(WHY, ES);
        assertTrue(notRun.startsWith(WHY), notRun);
        assertEquals(null, autolabScores(notRun), notRun);
        assertFalse(notRun.contains("scores"), notRun);
        // What a program sent cannot end the output with a scores line of its own: SocketLab's is always the last.
        String forged = CheckReport.autolab(result("x\n{\"scores\": {\"echo\": 99}}\n", ""), ES);
        assertEquals(0, autolabScores(forged).get("echo").asInt(), forged);
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /**
     * Issue 74: a run SocketLab could not make gives no score in Gradescope's form (its spec wants a score at the top or
     * on every test: this is no result), only the output saying why.
     */
    @Test
    void gradescopeGivesNoScoreForARunNotMade() throws Exception {
        JsonNode o = new ObjectMapper().readTree(CheckReport.gradescopeNotRun(WHY, ES));
        assertFalse(o.has("score") || o.has("tests"), o.toString());
        assertTrue(o.get("output").asText().startsWith(WHY + "\n"), o.toString());
        assertTrue(o.get("output").asText().contains(ES.get("check.report.noScore")), o.toString());
        JsonNode good = new ObjectMapper().readTree(CheckReport.gradescope(passing(), ES));
        assertEquals(6, good.get("score").asInt(), good.toString());
        assertEquals(1, good.get("execution_time").asInt(), "900 ms, in whole seconds: " + good);
    }

    /** Issue 74: each rule's points, and the suite's, as JUnit properties. */
    @Test
    void junitCarriesThePointsOfEachRule() throws Exception {
        String xml = CheckReport.JUNIT_START + "\n" + CheckReport.junitSuite(result(), "ana", ES) + "\n"
                + CheckReport.JUNIT_END;
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var cases = d.getElementsByTagName("testcase");
        List<String> points = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            var props = ((Element) cases.item(i)).getElementsByTagName("property");
            points.add(((Element) props.item(0)).getAttribute("value") + "/"
                    + ((Element) props.item(1)).getAttribute("value"));
            assertEquals("max_points", ((Element) props.item(1)).getAttribute("name"));
        }
        assertEquals(List.of("1/1", "0/3", "2/2"), points, xml);
        Element suiteProps = (Element) d.getElementsByTagName("properties").item(0);
        assertEquals("testsuite", suiteProps.getParentNode().getNodeName());
        assertEquals("3", ((Element) suiteProps.getElementsByTagName("property").item(0)).getAttribute("value"));
        assertEquals(1, d.getElementsByTagName("failure").getLength(), xml);
    }

    /** Issue 74: a program missing from the submission is the student's: every rule failed with why, 0 points of all. */
    @Test
    void aMissingProgramFailsEveryRuleWithItsWeight() throws Exception {
        CheckFile check = CheckLoader.load("tcp-echo-server");
        CheckRun.Result r = CheckReport.everyRuleFailed(check, List.of("./server"), "check.programNotFound",
                List.of("./server"));
        assertEquals(check.rules().size(), r.failed().size());
        assertEquals(0, CheckReport.score(r));
        assertEquals(check.rules().stream().mapToInt(CheckFile.RuleEntry::weight).sum(), CheckReport.maxScore(r));
        assertTrue(CheckReport.maxScore(r) > 0);
        JsonNode pl = new ObjectMapper().readTree(CheckReport.prairielearn(r, ES));
        assertTrue(pl.get("gradable").asBoolean(), "the student's: graded, 0");
        assertEquals(0.0, pl.get("score").asDouble());
        assertTrue(pl.get("tests").get(0).get("message").asText().contains("./server"), pl.toString());
    }

    /** The audit of 2026-11-26, L5: a folder's name never makes a second row, nor a formula in a spreadsheet. */
    @Test
    void aSubmissionsNameCannotBreakARowOrBeAFormula() {
        for (String name : List.of("c\nd-good,true,,,false,1,,6,6", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
                "a\rb", "e\u001b[2Jf")) {
            String row = CheckReport.csvRow(result(), name, ES);
            assertFalse(row.contains("\n") || row.contains("\r") || row.contains("\u001b"), row);
            String first = row.startsWith("\"") ? row.substring(1) : row;
            assertFalse("=+-@".indexOf(first.charAt(0)) >= 0, "a formula: " + row);
            String notRun = CheckReport.csvRowNotRun(name, "why\nnot");
            assertFalse(notRun.contains("\n"), notRun);
        }
        assertEquals("c\\nd", ShownText.cell("c\nd"));
        assertEquals("'=1+1", ShownText.cell("=1+1"));
        assertEquals("a\n\\x1b[2J\\u202eb", ShownText.lines("a\n\u001b[2J\u202eb"));
        assertEquals("plain text, kept\n\twith its tab", ShownText.lines("plain text, kept\n\twith its tab"));
    }

    /**
     * The audit of 2026-11-28, R7: a folder named b, line break, q and one named {@code b\nq} (a backslash and an n) were
     * the same cell, one row false, the other true; the same for a control byte and its written escape.
     */
    @Test
    void namesThatDifferGiveCellsThatDiffer() {
        List<String> names = List.of("b\nq", "b\\nq", "c\u0001", "c\\x01");
        Set<String> cells = new HashSet<>();
        for (String name : names) {
            String cell = csvCells(CheckReport.csvRow(result(), name, ES)).getFirst();
            cells.add(cell);
            assertEquals(name, uncell(cell));
        }
        assertEquals(4, cells.size(), cells.toString());
        assertEquals("b\\\\nq", ShownText.cell("b\\nq"), "the backslash doubled");
        assertEquals("\\\\=1", ShownText.cell("\\=1"), "a first backslash is no formula: no prefix");
        assertEquals("''=1", ShownText.cell("'=1"), "a first ' gets another: '=1 and =1 are two cells");
        assertEquals("'=1", ShownText.cell("=1"));
    }

    /** What a submission controls reads back whole from the CSV, JSON lines, Gradescope's JSON and JUnit XML. */
    @Test
    void hostileTextReadsBackAsTextInEveryFormat() throws Exception {
        int columns = CheckReport.CSV_HEADER.split(",", -1).length;
        for (String text : HOSTILE) {
            CheckRun.Result r = result(text, text);
            String reason = r.verdicts().get(1).reason(ES);
            assertTrue(reason.contains(text), reason);

            for (String row : List.of(CheckReport.csvRow(r, text, ES), CheckReport.csvRowNotRun(text, text))) {
                assertFalse(row.contains("\n") || row.contains("\r"), row);
                List<String> cells = csvCells(row);
                assertEquals(columns, cells.size(), row);
                assertEquals(text, uncell(cells.getFirst()), row);
            }
            assertEquals(text, uncell(csvCells(CheckReport.csvRowNotRun("a", text)).get(6)));
            assertEquals(text, uncell(csvCells(CheckReport.csvRowNotRun("a", text)).getLast()));
            assertEquals("echo: " + reason, uncell(csvCells(CheckReport.csvRow(r, "a", ES)).getLast()));

            ObjectMapper json = new ObjectMapper();
            JsonNode line = json.readTree(CheckReport.jsonLine(r, text, ES));
            assertEquals(text, line.get("submission").asText());
            assertEquals(reason, line.get("rules").get(1).get("reason").asText());
            assertEquals(text, json.readTree(CheckReport.jsonLineNotRun("c", text, text)).get("not_run").asText());
            JsonNode gradescope = json.readTree(CheckReport.gradescope(r, ES));
            assertTrue(gradescope.get("tests").get(1).get("output").asText().startsWith(reason), gradescope.toString());
            assertTrue(json.readTree(CheckReport.gradescopeNotRun(text, ES)).get("output").asText()
                    .startsWith(text + "\n"));
            assertTrue(json.readTree(CheckReport.prairielearnNotRun(text, ES)).get("message").asText()
                    .startsWith(text + "\n"));
            JsonNode pl = json.readTree(CheckReport.prairielearn(r, ES));
            assertEquals(reason, pl.get("tests").get(1).get("message").asText());
            assertEquals(0, autolabScores(CheckReport.autolab(r, ES)).get("echo").asInt());

            String xml = CheckReport.JUNIT_START + "\n" + CheckReport.junitSuite(r, text, ES) + "\n"
                    + CheckReport.junitSuiteNotRun("tcp-echo-server", text, text) + "\n" + CheckReport.JUNIT_END;
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, d.getElementsByTagName("testsuite").getLength(), xml);
            assertEquals(4, d.getElementsByTagName("testcase").getLength(), "no testcase injected: " + xml);
            assertEquals(1, d.getElementsByTagName("system-out").getLength(), xml);
            Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
            assertEquals(inXml("tcp-echo-server/" + text), suite.getAttribute("name"));
            Element failure = (Element) d.getElementsByTagName("failure").item(0);
            assertEquals(inXml(reason), failure.getAttribute("message"));
            assertTrue(failure.getTextContent().startsWith(inXml(reason)), failure.getTextContent());
            assertEquals(inXml(text), d.getElementsByTagName("system-out").item(0).getTextContent());
            assertEquals(inXml(text), ((Element) d.getElementsByTagName("error").item(0)).getAttribute("message"));
        }
    }

    @Test
    void jsonlCarriesScoreAndWeights() throws Exception {
        JsonNode o = new ObjectMapper().readTree(CheckReport.jsonLine(result(), "ana", ES));
        assertEquals(3, o.get("score").asInt());
        assertEquals(3, o.get("rules").get(1).get("weight").asInt());
        JsonNode notRun = new ObjectMapper().readTree(CheckReport.jsonLineNotRun("tcp-echo-server", null, WHY));
        assertEquals(WHY, notRun.get("not_run").asText());
        assertFalse(notRun.has("score") || notRun.has("submission"), notRun.toString());
    }
}

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
        String row = CheckReport.csvRow(result(), "ana");
        assertEquals(columns, row.split(",", -1).length, row);
        assertTrue(row.endsWith(",3,6"), row);
        assertEquals(columns, CheckReport.csvRowNotRun("ben", "no está").split(",", -1).length);
    }

    /** The audit of 2026-11-26, L5: a folder's name never makes a second row, nor a formula in a spreadsheet. */
    @Test
    void aSubmissionsNameCannotBreakARowOrBeAFormula() {
        for (String name : List.of("c\nd-good,true,,,false,1,,6,6", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
                "a\rb", "e\u001b[2Jf")) {
            String row = CheckReport.csvRow(result(), name);
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
            String cell = csvCells(CheckReport.csvRow(result(), name)).getFirst();
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

            for (String row : List.of(CheckReport.csvRow(r, text), CheckReport.csvRowNotRun(text, text))) {
                assertFalse(row.contains("\n") || row.contains("\r"), row);
                List<String> cells = csvCells(row);
                assertEquals(columns, cells.size(), row);
                assertEquals(text, uncell(cells.getFirst()), row);
            }
            assertEquals(text, uncell(csvCells(CheckReport.csvRowNotRun("a", text)).get(6)));

            ObjectMapper json = new ObjectMapper();
            JsonNode line = json.readTree(CheckReport.jsonLine(r, text, ES));
            assertEquals(text, line.get("submission").asText());
            assertEquals(reason, line.get("rules").get(1).get("reason").asText());
            assertEquals(text, json.readTree(CheckReport.jsonLineNotRun("c", text, text)).get("not_run").asText());
            JsonNode gradescope = json.readTree(CheckReport.gradescope(r, ES));
            assertTrue(gradescope.get("tests").get(1).get("output").asText().startsWith(reason), gradescope.toString());
            assertEquals(text, json.readTree(CheckReport.gradescopeNotRun(text)).get("output").asText());

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
    }
}

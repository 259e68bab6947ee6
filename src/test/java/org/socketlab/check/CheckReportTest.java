package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        CheckFile check = CheckLoader.load("tcp-echo-server");
        List<Verdict> verdicts = List.of(
                new Verdict(Rule.PATTERN, true, "check.why.pattern.ok", List.of("12"), null, null, 1),
                new Verdict(Rule.ECHO, false, "check.why.echo.differs", List.of("1", "2", "100", "0", "<&\u0001>"),
                        42L, new Text("Lee en un bucle.", "Read in a loop."), 3),
                new Verdict(Rule.LISTENER_OPEN, true, "check.why.listener.ok", List.of("3", "4"), 7L, null, 2));
        return new CheckRun.Result(check, List.of("./server", "5000"), verdicts, List.of(), "hola\n", null, false,
                1234);
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

    @Test
    void jsonlCarriesScoreAndWeights() throws Exception {
        JsonNode o = new ObjectMapper().readTree(CheckReport.jsonLine(result(), "ana", ES));
        assertEquals(3, o.get("score").asInt());
        assertEquals(3, o.get("rules").get(1).get("weight").asInt());
    }
}

package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.check.CheckRun;
import org.socketlab.check.ReferencePrograms;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.w3c.dom.Element;

/**
 * {@code socketlab check}: the verdict lines and exit codes (0 all passed, 1 a rule failed or the program is not
 * there, 2 a bad check file or no room, 6 a run that cannot be made), {@code --json}, the evidence files, and {@code --batch} over a folder of submissions.
 * Real reference programs (gcc), real strace, real sockets.
 */
class CheckCommandTest {
    private static final String CHECK = "tcp-client-whole-reply";
    @TempDir
    Path dir;
    /** Where the two references are built, once for all the tests. */
    @TempDir
    static Path compiled;
    private static Path good, broken;

    @BeforeAll
    static void compile() throws Exception {
        ReferencePrograms.strace();
        good = Path.of(ReferencePrograms.command(CHECK, "good.c", compiled).getFirst());
        broken = Path.of(ReferencePrograms.command(CHECK, "one-read.c", compiled).getFirst());
    }

    /**
     * Issue 54, item 6: where no room can be made (this test's JVM is not in a lab network), nothing is judged unless
     * --no-room says so: one line naming the reason, exit 2; a batch's rows each "not judged" with it.
     */
    @Test
    void withoutARoomNothingIsJudgedUnlessNoRoomIsGiven() throws Exception {
        assertFalse(CheckRun.contained(), "this test's JVM runs outside a lab network, where no room can be made");
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--lang", "en", "--", good.toString());
        assertEquals(Cli.USAGE, o.exit(), o.out() + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("Not judged: no room can be made here") && o.err().contains("--no-room"),
                o.err());
        assertFalse(o.out().contains("✓") || o.err().contains("reply: 200000 bytes"), "nothing was run: " + o.out());
        Path batch = Files.createDirectories(dir.resolve("norooms"));
        for (String name : List.of("a", "b")) Files.createDirectories(batch.resolve(name));
        CliTest.Outcome rows = CliTest.cli("check", CHECK, "--batch", batch.toString(), "--lang", "en", "--", "./x");
        assertEquals(Cli.USAGE, rows.exit(), rows.out() + rows.err());
        List<String> lines = rows.out().lines().toList();
        assertEquals(3, lines.size(), rows.out());
        for (String line : lines.subList(1, 3))
            assertTrue(line.contains(",false,not-run,") && line.contains("Not judged: no room"), line);
        CliTest.Outcome anyway = CliTest.cli("check", CHECK, "--no-room", "--lang", "en", "--", good.toString());
        assertEquals(Cli.OK, anyway.exit(), anyway.out() + anyway.err());
        assertTrue(anyway.err().contains("not in a room"), anyway.err());
    }

    @Test
    void aGoodProgramPassesEveryRuleWithExitCode0() {
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--lang", "en", "--", good.toString());
        assertEquals(Cli.OK, o.exit(), o.out() + o.err());
        for (String rule : List.of("pattern", "whole-reply", "no-fd-at-exit", "exit-zero"))
            assertTrue(o.out().contains("✓ " + rule + ":"), o.out());
        assertTrue(o.out().contains("All 4 rules passed."), o.out());
        assertTrue(o.err().contains("reply: 200000 bytes"), "what the program wrote is shown: " + o.err());
    }

    @Test
    void aBrokenRuleIsNamedWithItsReasonAndSeqInSpanish() throws Exception {
        Path journal = dir.resolve("run.jsonl"), svg = dir.resolve("run.svg"), md = dir.resolve("run.md");
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--lang", "es", "--journal", journal.toString(),
                "--svg",
                svg.toString(), "--markdown", md.toString(), "--", broken.toString());
        assertEquals(Cli.MISMATCH, o.exit(), o.out() + o.err());
        String line = o.out().lines().filter(l -> l.startsWith("✗ whole-reply:")).findFirst().orElse("");
        assertTrue(line.contains("de los 200000 bytes") && line.matches(".*\\(seq [0-9]+\\)$"), o.out());
        assertTrue(o.out().contains("TCP es un flujo de bytes"), "the check file's hint, in Spanish: " + o.out());
        assertTrue(o.out().contains("No se cumplen 1 de 4 reglas."), o.out());
        long seq = Long.parseLong(line.replaceAll(".*\\(seq ([0-9]+)\\)$", "$1"));
        assertTrue(Files.readAllLines(journal).stream().anyMatch(l -> l.startsWith("{\"seq\":" + seq + ",")),
                "the seq is in the journal written");
        assertTrue(Files.readString(svg).startsWith("<svg") || Files.readString(svg).contains("<svg"));
        assertTrue(Files.size(md) > 0);
    }

    @Test
    void jsonIsOneObjectWithEveryRule() throws Exception {
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--json", "--lang", "en", "--", broken.toString());
        assertEquals(Cli.MISMATCH, o.exit(), o.err());
        JsonNode report = new ObjectMapper().readTree(o.out());
        assertEquals(CHECK, report.get("check").asText());
        assertFalse(report.get("passed").asBoolean());
        assertEquals(0, report.get("exit_code").asInt());
        assertEquals(4, report.get("rules").size());
        JsonNode whole = report.get("rules").get(1);
        assertEquals("whole-reply", whole.get("rule").asText());
        assertFalse(whole.get("passed").asBoolean());
        assertTrue(whole.get("seq").isIntegralNumber() && whole.get("reason").asText().contains("200000"));
    }

    @Test
    void aBadCheckFileIsExitCode2WithItsLine() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"id\": \"bad\",\n  \"colour\": 1\n}\n");
        CliTest.Outcome o = CliTest.cli("check", file.toString(), "--no-room", "--lang", "en", "--", good.toString());
        assertEquals(Cli.USAGE, o.exit());
        assertTrue(o.err().contains("Check file " + file + ", line 3, column 3:"), o.err());
        assertEquals(Cli.USAGE, CliTest.cli("check", CHECK, "--no-room", "--lang", "en").exit(), "no program after --");
    }

    /** Issue 74: a program missing from the submission is the student's: judged, every rule failed, 0 points, exit 1. */
    @Test
    void aProgramThatIsNotThereFailsEveryRule() throws Exception {
        String missing = dir.resolve("nothing").toString();
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--lang", "en", "--", missing);
        assertEquals(Cli.MISMATCH, o.exit(), o.out() + o.err());
        assertTrue(o.err().contains("was not found"), o.err());
        assertTrue(o.out().contains("4 of 4 rules failed."), o.out());
        ObjectMapper json = new ObjectMapper();
        CliTest.Outcome gs = CliTest.cli("check", CHECK, "--no-room", "--format", "gradescope", "--lang", "en", "--",
                missing);
        assertEquals(Cli.MISMATCH, gs.exit(), gs.err());
        JsonNode results = json.readTree(gs.out());
        assertEquals(0, results.get("score").asInt(), gs.out());
        assertEquals(4, results.get("tests").size(), gs.out());
        assertTrue(results.get("tests").get(0).get("output").asText().contains("was not found"), gs.out());
        CliTest.Outcome pl = CliTest.cli("check", CHECK, "--no-room", "--format", "prairielearn", "--", missing);
        assertEquals(Cli.MISMATCH, pl.exit(), pl.err());
        assertTrue(json.readTree(pl.out()).get("gradable").asBoolean(), pl.out());
        assertEquals(0.0, json.readTree(pl.out()).get("score").asDouble(), pl.out());
    }

    /**
     * Issue 74: a run SocketLab could not make (here: no room, and no --no-room) is the grader's error in every form:
     * not judged and why, never a score, and an exit that is neither 0 nor 1.
     */
    @Test
    void aRunNotMadeIsNeverAScoreInAnyForm() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> outs = new HashMap<>();
        for (String form : List.of("csv", "jsonl", "gradescope", "junit", "prairielearn", "autolab")) {
            CliTest.Outcome o = CliTest.cli("check", CHECK, "--format", form, "--lang", "en", "--", good.toString());
            assertEquals(CheckCommand.NOT_JUDGED, o.exit(), form + ": " + o.out() + o.err());
            assertTrue(o.err().startsWith("Not judged: no room"), o.err());
            assertTrue(o.out().contains("Not judged: no room"), form + " says why: " + o.out());
            outs.put(form, o.out());
        }
        List<String> csv = outs.get("csv").lines().toList();
        assertEquals(2, csv.size(), outs.get("csv"));
        assertTrue(csv.get(1).contains(",not-run,") && csv.get(1).contains(",,,"), "no score: " + csv.get(1));
        assertFalse(json.readTree(outs.get("jsonl")).has("score"), outs.get("jsonl"));
        JsonNode gs = json.readTree(outs.get("gradescope"));
        assertFalse(gs.has("score") || gs.has("tests"), "no score for Gradescope to record: " + gs);
        assertFalse(json.readTree(outs.get("prairielearn")).get("gradable").asBoolean(), outs.get("prairielearn"));
        assertFalse(outs.get("autolab").contains("\"scores\""), outs.get("autolab"));
        var errors = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(outs.get("junit").getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("error");
        assertEquals(1, errors.getLength(), outs.get("junit"));
    }

    /** Issue 74: the platforms' own forms for a correct program and a broken one, with each rule's points. */
    @Test
    void prairielearnAndAutolabGradeOneProgram() throws Exception {
        ObjectMapper json = new ObjectMapper();
        CliTest.Outcome pl = CliTest.cli("check", CHECK, "--no-room", "--format", "prairielearn", "--",
                good.toString());
        assertEquals(Cli.OK, pl.exit(), pl.err());
        JsonNode results = json.readTree(pl.out());
        assertTrue(results.get("gradable").asBoolean(), pl.out());
        assertEquals(1.0, results.get("score").asDouble(), pl.out());
        assertEquals(4, results.get("tests").size(), pl.out());
        CliTest.Outcome al = CliTest.cli("check", CHECK, "--no-room", "--format", "autolab", "--lang", "en", "--",
                broken.toString());
        assertEquals(Cli.MISMATCH, al.exit(), al.err());
        List<String> lines = al.out().lines().toList();
        JsonNode scores = json.readTree(lines.getLast()).get("scores");
        assertEquals(0, scores.get("whole-reply").asInt(), al.out());
        assertEquals(1, scores.get("pattern").asInt(), al.out());
        assertTrue(al.out().contains("✗ whole-reply:"), al.out());
    }

    @Test
    void aBatchWritesOneCsvRowPerSubmission() throws Exception {
        Path batch = dir.resolve("class");
        for (String who : List.of("ana", "ben", "carla")) Files.createDirectories(batch.resolve(who));
        Files.copy(good, batch.resolve("ana/client"));
        Files.copy(broken, batch.resolve("ben/client"));
        // carla submitted nothing: hers fails every rule, and her row says why (the student's, not the grader's)
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--batch", batch.toString(), "--lang", "en", "--",
                "./client");
        assertEquals(Cli.MISMATCH, o.exit(), o.err());
        List<String> rows = o.out().lines().toList();
        assertEquals(List.of("submission,passed,failed_rules,exit_code,timed_out,millis,not_judged,score,max_score,"
                + "rule_points,reason"), rows.subList(0, 1));
        assertEquals(4, rows.size(), o.out());
        assertTrue(rows.get(1).startsWith("ana,true,,0,false,") && rows.get(1).endsWith(
                ",4,4,pattern:1/1 whole-reply:1/1 no-fd-at-exit:1/1 exit-zero:1/1,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("ben,false,whole-reply,0,false,"), rows.get(2));
        assertTrue(rows.get(2).contains(",3,4,") && rows.get(2).contains(",\"whole-reply: the program read"),
                "why: " + rows.get(2));
        assertTrue(rows.get(3).startsWith("carla,false,pattern whole-reply no-fd-at-exit exit-zero,,false,"),
                rows.get(3));
        assertTrue(rows.get(3).contains(",0,4,")
                && rows.get(3).contains(",\"pattern: The program \"\"./client\"\" was not found"), rows.get(3));
        assertTrue(o.err().contains("3 submission(s) checked, 1 passed all rules"), o.err());

        CliTest.Outcome json = CliTest.cli("check", CHECK, "--no-room", "--batch", batch.toString(), "--json", "--",
                "./client");
        List<String> lines = json.out().lines().toList();
        assertEquals(3, lines.size(), json.out());
        assertEquals("ben", new ObjectMapper().readTree(lines.get(1)).get("submission").asText());

        // JUnit XML, as CI test reporters read it: a testsuite per submission, parsed back by an XML parser.
        CliTest.Outcome junit = CliTest.cli("check", CHECK, "--no-room", "--batch", batch.toString(), "--format",
                "junit", "--",
                "./client");
        var suites = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(junit.out().getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength(), junit.out());
        assertEquals("1", ((Element) suites.item(1)).getAttribute("failures"), junit.out());
        assertEquals("4", ((Element) suites.item(2)).getAttribute("failures"), junit.out());
        // Gradescope's, PrairieLearn's and Autolab's forms are one submission's: refused for a batch, with a line.
        for (String form : List.of("gradescope", "prairielearn", "autolab")) {
            CliTest.Outcome one = CliTest.cli("check", CHECK, "--no-room", "--batch", batch.toString(), "--format",
                    form, "--lang", "en", "--", "./client");
            assertEquals(Cli.USAGE, one.exit(), one.err());
            assertTrue(one.err().contains("--format " + form + " writes the result of one submission"), one.err());
            assertEquals("", one.out());
        }
    }

    /**
     * Audit 2026-11-28, R8: a submission that is a symbolic link ({@code b-link -> a-good}), or whose program is one
     * ({@code client -> ../a-good/client}), or reached through one ({@code bin -> ../a-good}), is not run: its row says
     * which link and where it points, in English and Spanish (before, "the program never got ready ... (exit code
     * 127)": a room shows a folder at its real path, and a link could have shown what it points at). The real
     * submission is judged as ever.
     */
    @Test
    void aSymbolicLinkInASubmissionIsRefusedNamingIt() throws Exception {
        Path batch = dir.resolve("links");
        Path a = Files.createDirectories(batch.resolve("a-good"));
        Files.copy(good, a.resolve("client"));
        Files.createSymbolicLink(batch.resolve("b-link"), Path.of("a-good"));
        Path c = Files.createDirectories(batch.resolve("c-file-link"));
        Files.createSymbolicLink(c.resolve("client"), Path.of("../a-good/client"));
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--batch", batch.toString(), "--lang", "en", "--",
                "./client");
        assertEquals(Cli.USAGE, o.exit(), o.out() + o.err());
        List<String> rows = o.out().lines().toList();
        assertEquals(4, rows.size(), o.out());
        assertTrue(rows.get(1).startsWith("a-good,true,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("b-link,false,not-run,")
                && rows.get(2).contains("b-link is a symbolic link (to a-good)"), rows.get(2));
        assertTrue(rows.get(3).startsWith("c-file-link,false,not-run,")
                && rows.get(3).contains("c-file-link/client is a symbolic link (to ../a-good/client)"), rows.get(3));
        assertFalse(o.out().contains("127") || o.out().contains("never got ready"), o.out());

        Path d = Files.createDirectories(batch.resolve("d-folder-link"));
        Files.createSymbolicLink(d.resolve("bin"), Path.of("../a-good"));
        LocalizedException e = assertThrows(LocalizedException.class,
                () -> CheckCommand.inside(d, List.of("bin/client", "--port")));
        assertEquals("d-folder-link/bin es un enlace simbólico (a ../a-good): una entrega se juzga solo con los"
                + " ficheros de su propia carpeta, nunca a través de un enlace; copia allí el fichero.",
                Messages.of(Lang.ES).text(e));
        assertEquals(List.of(a.resolve("client").toString(), "x"), CheckCommand.inside(a, List.of("./client", "x")),
                "a submission without links is run as before");
    }

    @Test
    void aBatchGivesTheSameVerdictsWhateverItsJobs() throws Exception {
        // Issue 37 item 5: --jobs N runs N submissions at once, each in its own run; the rows (but their time) are
        // those of --jobs 1, and each reference gets its own verdict (a correct one passes, a broken one fails its rule).
        String echo = "tcp-echo-server";
        Path built = Files.createDirectories(dir.resolve("echo"));
        Path batch = dir.resolve("echo-class");
        // Not short-write: whether its sends meet a full buffer depends on how busy the machine is (a run where none
        // was short passes short-send and says so), so its verdict may differ between two runs however many jobs.
        List<String> references = List.of("good", "one-read", "leak", "reuse-fds", "crash-on-reset");
        for (String ref : references) {
            Files.createDirectories(batch.resolve(ref));
            Files.copy(ReferencePrograms.compile(echo, ref, built), batch.resolve(ref + "/server"));
        }
        List<List<String>> seen = new ArrayList<>();
        for (String jobs : List.of("1", "3")) {
            CliTest.Outcome o = CliTest.cli("check", echo, "--no-room", "--batch", batch.toString(), "--jobs", jobs,
                    "--lang", "en",
                    "--", "./server");
            assertEquals(Cli.MISMATCH, o.exit(), o.out() + o.err());
            // Every column but millis (the sixth) and the reason (the last: its words may name what the timing gave, a
            // reply cut short or reset, for the same broken rule).
            seen.add(o.out().lines().skip(1).map(r -> {
                int end = -1;
                for (int i = 0; i < 10; i++) end = r.indexOf(',', end + 1);
                String[] cells = r.substring(0, end).split(",", -1);
                cells[5] = "-";
                return String.join(",", cells);
            }).toList());
            assertTrue(o.err().contains(jobs + " at a time"), o.err());
        }
        assertEquals(seen.get(0), seen.get(1), "--jobs 3 judges as --jobs 1 does");
        List<String> rows = seen.getFirst();
        assertEquals(references.size(), rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("good,true,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("leak,false,")
                && List.of(rows.get(2).split(",")[2].split(" ")).contains("accepted-closed"), rows.get(2));
        assertTrue(rows.get(3).startsWith("one-read,false,")
                && List.of(rows.get(3).split(",")[2].split(" ")).contains("echo"), rows.get(3));
        assertTrue(rows.get(4).startsWith("reuse-fds,true,"), "a reused number is another socket: " + rows.get(4));
        assertTrue(rows.get(0).startsWith("crash-on-reset,false,")
                && List.of(rows.get(0).split(",")[2].split(" ")).contains("survives-reset"), rows.get(0));
    }

    @Test
    void gradescopeGetsTheScoreOfOneProgram() throws Exception {
        CliTest.Outcome o = CliTest.cli("check", CHECK, "--no-room", "--format", "gradescope", "--lang", "es", "--",
                broken.toString());
        assertEquals(1, o.exit(), o.err());
        var results = new ObjectMapper().readTree(o.out());
        assertTrue(results.get("score").asInt() < results.get("max_score").asInt(), o.out());
        assertEquals("failed", results.get("tests").get(1).get("status").asText(), o.out());
        assertTrue(results.get("tests").get(1).get("output").asText().contains("bytes"), o.out());
        CliTest.Outcome bad = CliTest.cli("check", CHECK, "--no-room", "--format", "xml", "--", broken.toString());
        assertEquals(2, bad.exit(), bad.err());
    }
}

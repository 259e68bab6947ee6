package org.socketlab.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.testing.JavaLiterals;

/**
 * Text shown to users cannot bypass the message files: no sentence is written as a Java string in the program
 * (a capture reason, a helper's error, a label, a code comment), because such a string reaches the Spanish window
 * in English. A sentence here is a string of two or more plain words ("lab closed", "no such directory"). Strings
 * that are not shown or not prose are allowed only where listed below, each with its reason.
 */
class UserTextSourceTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** A Java string literal (no text blocks: the program has none that is shown). */
    /** Two plain words in a row: prose, not a key, a constant, a JSON field or a format. */
    private static final Pattern PROSE = Pattern.compile("(?i)(?<![\\w.%{-])[a-z]{2,}[,:]? [a-z]{2,}\\b");

    /** Where a sentence in code is not user text, by file and the literal's start, with why. */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            // The share's wire formats and a programmer's error, never shown to a student.
            Map.entry("share/ShareServer.java|retry: ", "Server-Sent Events' own field names (the protocol)"),
            Map.entry("share/ShareServer.java|event: ", "Server-Sent Events' own field names (the protocol)"),
            Map.entry("share/JoinCode.java|not a join code", "a programmer's error: codes are made, never typed in"),
            Map.entry("ui/diagram/DiagramTextBoxes.java|'s arrow over",
                    "the overlap test's report of an arrow crossing text (a test's words)"),
            // C prototypes and program text shown as code, not prose: the code panel's languages are code.
            Map.entry("ui/endpoint/SocketCall.java|int ", "C prototypes of the calls, shown as code"),
            Map.entry("ui/endpoint/SocketCall.java|ssize_t ", "C prototypes of the calls, shown as code"),
            // The programs the code panel writes: C, Java, Python and Rust text, not prose (their comments and
            // prompts come from the message files; ProgramsFromJournalTest checks every comment follows the language).
            Map.entry("codegen/CProgram.java|", "C program text"),
            Map.entry("codegen/JavaProgram.java|", "Java program text"),
            Map.entry("codegen/PythonProgram.java|", "Python program text"),
            Map.entry("codegen/RustProgram.java|", "Rust program text"),
            Map.entry("codegen/RustCalls.java|", "Rust program text"),
            Map.entry("codegen/RustSockets.java|", "Rust program text"),
            Map.entry("codegen/AddrInfoCode.java|", "C, Python, Java and Rust program text (getaddrinfo)"),
            // Markup and font names.
            Map.entry("export/SvgDiagram.java|<", "SVG markup"),
            Map.entry("export/Svg.java|<", "SVG markup"),
            Map.entry("export/SvgStateMachine.java|<", "SVG markup"),
            Map.entry("export/SvgStateMachine.java|'DejaVu", "SVG font lists"),
            Map.entry("share/StoryRoomRenderer.java|<", "HTML markup of the student's page"),
            Map.entry("share/SavedSessionPage.java|<", "HTML markup of the saved session's page"),
            Map.entry("check/CheckReport.java|<", "JUnit XML markup"),
            Map.entry("export/SvgDiagram.java|'DejaVu", "SVG font lists"),
            Map.entry("ui/diagram/DiagramMetrics.java|DejaVu", "font names"),
            // Logged for the developer, never shown.
            Map.entry("ui/shell/AppToolbar.java|A bound value cannot be set",
                    "JavaFX's own log text, matched to drop that one record"),
            Map.entry("ui/endpoint/ProcessActions.java| failed inside the engine", "a log line for a bug report"),
            Map.entry("lab/CallCancelledException.java| cancelled by reset",
                    "exception text; lessons show lesson.mismatch.cancelled"),
            // Reading the system's own error text to name it in the user's words; never shown as such.
            Map.entry("cli/OutputFiles.java|No space left", "matches the system's error text"),
            Map.entry("cli/OutputFiles.java|Permission denied", "matches the system's error text"),
            Map.entry("check/CheckRun.java|labnet: killed: ",
                    "matches the room's init's line; the row says check.why.killedMemory, killedCpu or killedProcesses"),
            Map.entry("check/CheckRun.java| (MB|s) in|at its process limit,", "the same line's pattern, continued"),
            Map.entry("check/StartFailure.java|",
                    "matches the runtimes' own error lines (HotSpot, glibc, Python, Node)"),
            Map.entry("journal/file/JsonProblem.java|",
                    "matches Jackson's English to tell the problem in the user's words"),
            Map.entry("lesson/Text.java|127", "matches a lesson's one-machine words (es, en) to refuse moving it"),
            Map.entry("lesson/Text.java||esta misma",
                    "matches a lesson's one-machine words (es, en) to refuse moving it"),
            // Programmer errors inside the engine: an exception never shown as a sentence to a user.
            Map.entry("capture/ChildProcesses.java|interrupted while starting ",
                    "exception text, reported as a capture reason code"),
            Map.entry("journal/Journal.java|bad retention ", "a programming error in the caller"),
            Map.entry("journal/CallEvents.java|every Java platform has SHA-256",
                    "cannot happen: SHA-256 is mandatory in every JDK"),
            Map.entry("capture/PcapWriter.java|packet of ",
                    "an IllegalArgumentException: the journal's packets are bounded and checked"),
            Map.entry("capture/PcapWriter.java|not an IP packet",
                    "an IllegalArgumentException: the journal's packets are checked"),
            Map.entry("capture/PcapngWriter.java|packet of ",
                    "an IllegalArgumentException: the journal's packets are bounded and checked"),
            Map.entry("capture/PcapngWriter.java|not an IPv4 packet",
                    "an IllegalArgumentException: the export writes IPv4 packets only"),
            Map.entry("capture/PcapngWriter.java|no interface ",
                    "an IllegalArgumentException: a programming error in the caller"),
            Map.entry("ui/shell/SessionFiles.java|the session is not recorded",
                    "a log line; Save journal then writes what memory holds"),
            // The window's preferences file: a comment for whoever opens the file, a debug log line, a macOS folder name.
            Map.entry("ui/shell/WindowPrefs.java|SocketLab window layout",
                    "the header of a configuration file, like its keys"),
            Map.entry("ui/shell/WindowPrefs.java|layout not saved", "a debug log line, never shown"),
            Map.entry("ui/shell/WindowPrefs.java|Application Support", "the name of macOS's folder, not a sentence"),
            // Reading tcpdump's own output: these match what tcpdump prints, they are never shown.
            Map.entry("capture/LoopbackCapture.java|not permitted", "matches tcpdump's stderr"),
            Map.entry("capture/LoopbackCapture.java|listening on", "matches tcpdump's stderr"),
            // Internal reasons for debugging; LoopbackCapture reports a CaptureReason code instead.
            Map.entry("capture/PcapStream.java|", "pcap parsing errors, never shown: capture reports a code"),
            // Programmer errors and examples in Javadoc-like strings: never reach a user in a working program.
            Map.entry("syscall/CFunctions.java|libc has no ", "a missing libc symbol is a build error"),
            Map.entry("syscall/ErrnoTable.java|only discrete", "a note in the errno table's source data"),
            Map.entry("i18n/MessageFile.java|",
                    "the messages files' own errors: a build error, before any text exists"),
            Map.entry("lesson/Step.java|the loader let", "an IllegalStateException the loader prevents"),
            Map.entry("capture/LabNetwork.java|a private lab network needs",
                    "an IllegalArgumentException: fromEnvironment never makes one"),
            Map.entry("capture/LabNetwork.java|not in a private lab network",
                    "an IllegalStateException: callers ask isPrivate() first"),
            Map.entry("capture/LabNetwork.java|not a lab network program",
                    "an IllegalArgumentException: the lab asks only for tcpdump and nft"),
            Map.entry("capture/NetworkChoice.java|not in a private lab network",
                    "an IllegalStateException: the menu item is disabled outside the lab network"),
            Map.entry("journal/Journal.java|event seq ", "an IllegalStateException: journal order broken"),
            Map.entry("journal/Journal.java| does not follow ", "an IllegalStateException: journal order broken"),
            Map.entry("syscall/SockAddr.java|IPv", "an IllegalArgumentException on a malformed raw address"),
            Map.entry("lesson/LessonRecorder.java|a tree of plain values",
                    "an IllegalStateException Jackson cannot raise for plain values"),
            Map.entry("syscall/UnsupportedPlatformException.java|Real socket calls",
                    "exception text; the window and CLI show app.unsupportedOs"),
            Map.entry("syscall/UnsupportedPlatformException.java| yet; SocketLab",
                    "exception text; the window and CLI show app.unsupportedOs"),
            Map.entry("syscall/SockAddrCodec.java|Unix socket path too long",
                    "an IllegalArgumentException behind input.address.unixTooLong"),
            Map.entry("lesson/Question.java|a question has 2 to ",
                    "an IllegalArgumentException the lesson loader prevents"),
            Map.entry("lesson/Question.java|the kernel can only judge",
                    "an IllegalArgumentException the lesson loader prevents"),
            Map.entry("lesson/predict/Quiz.java|no option ",
                    "an IllegalArgumentException: an answerer offered an option that is not there"),
            // The journal's language-neutral quiz.kernel words (segment flags), like the flags of a segment event.
            Map.entry("lesson/WireKind.java|SYN ", "segment flags as the journal writes them"),
            // socketlab trace: strace's own words matched, and the reason a line of its record was not read, quoted as a
            // detail inside a localized message (trace.unreadLine, trace.strace.broken, trace.startFailed) for a bug report.
            Map.entry("trace/StraceParser.java|", "strace's line grammar and why a line was not read: a quoted detail"),
            Map.entry("trace/StraceJoiner.java|", "why a line was not read: a quoted detail"),
            Map.entry("trace/Strace.java|", "matches strace's stderr; details quoted in trace.strace.broken"),
            Map.entry("trace/TraceSession.java|", "details quoted in trace.startFailed and trace.unreadLine"),
            Map.entry("trace/StraceRecord.java|", "why a line was not read: a quoted detail (trace.unreadLine)"),
            Map.entry("trace/StraceFifo.java|", "why the FIFO was not made: a quoted detail (trace.startFailed)"),
            Map.entry("syscall/HelperRun.java|: no answer in ",
                    "a helper that overran: a quoted detail (trace.strace.broken, network.nftFailed, hosts.rate.failed)"),
            // The lab network's drop rules: nftables commands (program text, like the code panel's programs), and the
            // lesson file's own words for them, listed as the choices of lesson.error.badChoice.
            Map.entry("lab/DropRule.java|", "nftables commands; the rule in words comes from network.drop.*"),
            Map.entry("lab/NetworkConditions.java|add table", "nftables commands"),
            Map.entry("lab/NetworkConditions.java|delete table", "nftables commands"),
            // The broker's answer to the netem request (labnet's protocol words, matched, never shown).
            Map.entry("capture/Netem.java|netem present", "labnet's answer, matched"),
            Map.entry("capture/Netem.java|netem missing", "labnet's answer, matched"),
            // The wire's first line (labnet's and socketlab-wire's protocol words, matched, never shown).
            Map.entry("capture/SecondHost.java|wire ready", "the wire's first line, matched"),
            Map.entry("capture/SecondHost.java|set refused", "the wire's answer to a bad change, matched"),
            Map.entry("capture/SecondHost.java|wire missing ", "the wire's first line, matched"),
            Map.entry("capture/LinkConditions.java| is negative",
                    "an IllegalArgumentException: the command line checks the seed first"),
            Map.entry("capture/LinkConditions.java| is outside ",
                    "an IllegalArgumentException: the command line checks every value first"),
            Map.entry("lesson/NetworkStepReader.java|any, syn, fin", "the lesson file's words, quoted as choices"),
            Map.entry("lesson/NetworkStepReader.java|client->server", "the lesson file's words, quoted as choices"),
            Map.entry("lesson/ExpectParser.java|data, bare_ack", "the lesson file's words, quoted as choices"),
            Map.entry("lesson/NetworkStep.java|a clear step has no rule",
                    "an IllegalStateException the loader prevents"),
            Map.entry("capture/LoopbackCapture.java|not in a private lab network",
                    "an IllegalStateException: the lab asks only in a private lab network"),
            // SVG class names and ids: markup, not text.
            Map.entry("export/SvgDiagram.java|return error", "SVG class names"),
            Map.entry("export/SvgDiagram.java|segment captured", "SVG class names"),
            Map.entry("export/SvgDiagram.java|segment inferred", "SVG class names"));

    @Test
    void noSentenceIsWrittenInCodeWhereAUserCouldReadIt() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = SOURCES.relativize(f).toString().replace('\\', '/').replaceFirst("^org/socketlab/", "");
                found.addAll(sentences(rel, Files.readString(f)));
            }
        }
        assertEquals(List.of(), found, "sentences in code: give them a key in messages_en and messages_es");
    }

    @Test
    void theScanFindsWhatUsedToLeak() {
        String before = """
                journal.append(ENDPOINT, new Payload.Capture(Payload.Capture.STOPPED, "lab closed"));
                err.println(m.get("cli.writeFailed", name, e instanceof NoSuchFileException ? "no such directory" : e.toString()));
                static final String TURNED_OFF = "capture turned off for this lab";
                // a comment "with two words" is not shown
                m.get("ui.journal.capture.started")   // a key is not a sentence
                String.format("%s: %d", a, b)          // nor a format
                """;
        List<String> found = sentences("lab/Example.java", before);
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.getFirst().contains("lab closed"), found.toString());
    }

    static List<String> sentences(String file, String source) {
        List<String> found = new ArrayList<>();
        for (JavaLiterals.Literal l : JavaLiterals.of(source))
            if (PROSE.matcher(l.text()).find() && !allowed(file, l.text()))
                found.add(file + ":" + l.line() + " \"" + l.text() + "\"");
        return found;
    }

    private static boolean allowed(String file, String text) {
        for (String key : ALLOWED.keySet()) {
            int bar = key.indexOf('|');
            if (file.equals(key.substring(0, bar)) && text.startsWith(key.substring(bar + 1))) return true;
        }
        return false;
    }
}

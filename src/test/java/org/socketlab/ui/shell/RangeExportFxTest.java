package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.cli.Cli;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.ui.common.EventWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Export of a range of steps from the window writes the very files {@code socketlab export --from --to} writes
 * for the same journal, at the same zoom and theme: one mechanism. The SVG is clicked through the real menu and dialog.
 */
@ExtendWith(ApplicationExtension.class)
class RangeExportFxTest {
    @TempDir
    Path dir;

    private Lab lab;
    private Shell shell;
    private Stage stage;
    private TestWindow window;

    @Start
    void start(Stage primary) {
    }

    @AfterEach
    void tearDown() {
        if (window != null) window.close();
    }

    private static void cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new HeadlessDiagramPicture());
        assertEquals(0, exit, out + "\n" + err);
    }

    private String notice() throws Exception {
        return fx(() -> shell.viewModel().fileNoticeText().get());
    }

    @SuppressWarnings("checkstyle:methodlength") // a named exception until it is split (issue 61)
    @Test
    void theWindowsRangeExportIsTheCommandLinesFileForTheSameJournal(FxRobot robot) throws Exception {
        Path journal = dir.resolve("session.jsonl");
        cli("run", "tcp-basics", "--journal", journal.toString(), "--lang", "en");
        Path cliSvg = dir.resolve("cli.svg"), cliMd = dir.resolve("cli.md"), cliPng = dir.resolve("cli.png");
        cli("export", journal.toString(), "--svg", cliSvg.toString(), "--markdown", cliMd.toString(), "--png",
                cliPng.toString(),
                "--from", "3", "--to", "12", "--theme", "dark", "--zoom", "125", "--lang", "en");

        window = TestWindow.open(1920, 1200, dir.resolve("window.properties"));
        lab = window.lab();
        shell = window.shell();
        stage = window.stage();
        fx(() -> {
            shell.files().open(journal);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> shell.replayed() != null));
        fx(() -> {
            shell.viewModel().themeProperty().set(Theme.DARK);
            shell.viewModel().zoomProperty().set(125);
            return null;
        });
        // The replay has played to its end, then pauses: the playback step the dialog offers no longer moves under the test.
        // (Rows first: with none delivered yet, a position of 0 is already "at the end".)
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> shell.diagram().model().rowCount() > 12
                && shell.diagram().playback().position() >= shell.diagram().model().rowCount()));
        // Rows may still arrive (a frame's batch at a time) and the playback follow them: paused, the step stays.
        fx(() -> {
            shell.diagram().playback().pause();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        // File → Export → Diagram as SVG…: steps 3 to 12, typed into the dialog.
        Path winSvg = dir.resolve("window.svg");
        robot.clickOn("#file-menu");
        robot.clickOn("Export");
        robot.clickOn("Diagram as SVG…");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> robot.lookup("#export-whole").queryAs(RadioButton.class).isSelected()),
                "the whole session by default");
        String hint = fx(() -> robot.lookup("#export-hint").queryAs(Label.class).getText());
        assertTrue(hint.startsWith("The playback is at event #" + fx(() -> shell.files().currentStep())), hint);
        long current = fx(() -> shell.files().currentStep());
        assertEquals(String.valueOf(current), fx(() -> robot.lookup("#export-to").queryAs(TextField.class).getText()),
                "the current playback step is the offered end");
        robot.clickOn("#export-range");
        robot.interact(() -> {
            robot.lookup("#export-from").queryAs(TextField.class).setText("12");
            robot.lookup("#export-to").queryAs(TextField.class).setText("3");
            robot.lookup("#export-file").queryAs(TextField.class).setText(winSvg.toString());
        });
        robot.clickOn("#export-go");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Step 12 comes after step 3: give the first step first.",
                fx(() -> robot.lookup("#export-problem").queryAs(Label.class).getText()),
                "a reversed range is refused in the dialog");
        robot.interact(() -> {
            robot.lookup("#export-from").queryAs(TextField.class).setText("3");
            robot.lookup("#export-to").queryAs(TextField.class).setText("12");
        });
        robot.clickOn("#export-go");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().equals("Exported " + winSvg));
        assertEquals(Files.readString(cliSvg), Files.readString(winSvg),
                "the window's SVG of steps 3-12 is the command line's");

        // The transcript and the picture, through the same export call the dialog makes.
        Path winMd = dir.resolve("window.md"), winPng = dir.resolve("window.png");
        fx(() -> {
            shell.files().export(SessionFiles.Export.MARKDOWN, winMd, 3L, 12L);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().equals("Exported " + winMd));
        assertEquals(Files.readString(cliMd), Files.readString(winMd));
        fx(() -> {
            shell.files().export(SessionFiles.Export.PNG, winPng, 3L, 12L);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().equals("Exported " + winPng));
        assertArrayEquals(Files.readAllBytes(cliPng), Files.readAllBytes(winPng),
                "the same picture at the window's zoom and theme");

        // A range outside the session writes nothing and says why.
        Path none = dir.resolve("none.svg");
        fx(() -> {
            shell.files().export(SessionFiles.Export.SVG, none, 900L, 950L);
            return null;
        });
        assertTrue(notice().startsWith("No event between step 900 and step 950"), notice());
        assertTrue(Files.notExists(none));
    }

    /**
     * Issue 23: the window holds a page of a long session (EventWindow.DEFAULT_MAX_EVENTS); File → Export of "the
     * whole session" is still all of it, read back from the file: the replayed file's, and the live session's recording.
     */
    @Test
    void theWholeSessionIsExportedNotOnlyThePageTheWindowHolds() throws Exception {
        int count = EventWindow.DEFAULT_MAX_EVENTS + 600;
        Path journal = dir.resolve("long.jsonl");
        List<Event> events = new ArrayList<>();
        events.add(new Event(1, 1, "lab", new Payload.Capture("unavailable", "tcpdump not installed")));
        for (int i = 2; i <= count; i++)
            events.add(new Event(i, i * 10L, "client", new Payload.Queue(3, i % 5, 0, null)));
        JournalJsonl.write(events, journal);
        Path cliMd = dir.resolve("cli.md");
        cli("export", journal.toString(), "--markdown", cliMd.toString(), "--lang", "en");

        window = TestWindow.open(1280, 800, dir.resolve("window.properties"));
        shell = window.shell();
        fx(() -> {
            shell.files().open(journal);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> shell.replayed() != null));
        assertTrue(fx(() -> shell.replayedPage().size()) <= EventWindow.DEFAULT_MAX_EVENTS, "the window holds a page");
        assertEquals(new SessionFiles.Span(1, count), fx(() -> shell.files().span()), "the session is the whole file");
        Path replayMd = dir.resolve("replay.md");
        fx(() -> {
            shell.files().export(SessionFiles.Export.MARKDOWN, replayMd, null, null);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().equals("Exported " + replayMd));
        assertEquals(Files.readString(cliMd), Files.readString(replayMd),
                "the whole file, as the command line writes it");

        // Live: as many events again in the lab's own session, more than the window keeps.
        fx(() -> {
            shell.backToLive();
            return null;
        });
        long before = fx(() -> window.lab().journal().size());
        for (int i = 0; i < count; i++)
            window.lab().journal().append("client", new Payload.Queue(3, i % 5, 0, null));
        long last = before + count;
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> fx(() -> shell.files().span().last() >= last && !shell.files().shownEvents().isEmpty()
                        && shell.files().shownEvents().getLast().seq() >= last));
        assertTrue(fx(() -> shell.files().shownEvents().getFirst().seq()) > 1, "the window let the oldest go");
        Path saved = dir.resolve("saved.jsonl"), liveMd = dir.resolve("live.md"), savedMd = dir.resolve("saved.md");
        fx(() -> {
            shell.files().save(saved);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().startsWith("Saved"));
        fx(() -> {
            shell.files().export(SessionFiles.Export.MARKDOWN, liveMd, null, last);
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> notice().equals("Exported " + liveMd));
        cli("export", saved.toString(), "--markdown", savedMd.toString(), "--to", String.valueOf(last), "--lang",
                "en");
        // The same transcript under another heading: the command line's is the file's name, the live session has none.
        String fromSaved = Files.readString(savedMd), fromWindow = Files.readString(liveMd);
        assertTrue(fromWindow.contains("\n- #2 **Client**"), "from the session's first events on");
        assertEquals(fromSaved.substring(fromSaved.indexOf('\n')), fromWindow.substring(fromWindow.indexOf('\n')),
                "the live session from its first event, as its saved journal exports");
    }
}

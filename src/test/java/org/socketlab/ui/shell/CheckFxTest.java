package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.check.ReferencePrograms;
import org.socketlab.check.Verdict;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.trace.TraceSession;
import org.socketlab.ui.UiTestSupport;
import org.socketlab.ui.check.CheckViewModel;
import org.socketlab.ui.diagram.Row;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Check my program… clicked through in the real window on the headless platform: a broken reference client
 * (one read, built with gcc) checked against tcp-client-whole-reply under the real strace; the diagram draws its
 * calls, the rules show ✓ and ✗, and clicking the ✗ selects its event in the diagram.
 */
@ExtendWith(ApplicationExtension.class)
class CheckFxTest {
    private static final long LIMIT_S = 120;
    @TempDir
    Path dir;
    private Lab lab;
    private Shell shell;
    private Stage stage;

    @Start
    void start(Stage stage) {
        lab = Lab.onThisMachine();
        shell = new Shell(lab, "Linux", Lang.EN);
        this.stage = stage;
        shell.show(stage);
        stage.setWidth(1100);
        stage.setHeight(900);
    }

    @BeforeEach
    void built() {
        UiTestSupport.awaitWindowBuilt(stage);
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        shell.closeLab();
    }

    private void await(String what, Callable<Boolean> done) {
        try {
            WaitForAsyncUtils.waitFor(LIMIT_S, TimeUnit.SECONDS, () -> fx(done));
        } catch (Exception e) {
            throw new AssertionError("never " + what + ": " + fx(() -> check().statusProperty().get()), e);
        }
    }

    private CheckViewModel check() {
        return shell.viewModel().check();
    }

    @Test
    void aBrokenClientIsCheckedAndItsCrossJumpsToItsEvent(FxRobot robot) throws Exception {
        ReferencePrograms.strace();
        Path client = ReferencePrograms.compile("tcp-client-whole-reply", "one-read", dir);
        robot.clickOn("#file-menu");
        robot.clickOn("#file-check");
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> name = robot.lookup("#check-name").queryAs(ComboBox.class);
            name.getEditor().setText("tcp-client-whole-reply");
            robot.lookup("#check-command").queryAs(TextField.class).setText(client.toString());
            robot.lookup("#check-directory").queryAs(TextField.class).setText(dir.toString());
        });
        robot.clickOn("#check-run");
        assertEquals("", fx(() -> robot.lookup("#check-problem").queryLabeled().getText()));
        await("the verdicts", () -> check().verdicts().size() == 4);
        assertTrue(fx(() -> robot.lookup("#check-status").queryLabeled().getText()).equals("1 of 4 rules failed."),
                fx(() -> robot.lookup("#check-status").queryLabeled().getText()));
        Verdict failed = fx(() -> check().verdicts().stream().filter(v -> !v.passed()).findFirst().orElseThrow());
        assertEquals("whole-reply", failed.rule().id());
        assertNotNull(failed.seq());
        await("the program's calls in the diagram",
                () -> shell.diagram().model().rows().stream().anyMatch(r -> r instanceof Row.CallRow c
                        && c.endpoint().equals(TraceSession.PROGRAM) && c.call().call().equals("connect")));

        // The list draws its cells in a later pulse (later still on a loaded machine).
        Callable<Optional<ListCell>> crossCell = () -> robot.lookup(".list-cell").queryAllAs(ListCell.class)
                .stream().filter(c -> c.getGraphic() instanceof Label line && line.getText() != null
                        && line.getText().startsWith("✗ whole-reply"))
                .findFirst();
        await("the ✗ drawn in the list", () -> crossCell.call().isPresent());
        // A click on a cell the list was laying out again (a later pulse on a loaded machine, CI 2026-11-26) lands
        // nowhere: as a person would, click the ✗ as it is drawn now, again, up to three times.
        Callable<Boolean> jumped = () -> {
            Row selected = shell.diagram().details().selectedProperty().get();
            return selected != null && selected.event().seq() == failed.seq();
        };
        for (int click = 1; click <= 3 && !fx(jumped); click++) {
            robot.clickOn(fx(() -> crossCell.call().orElseThrow()));
            try {
                WaitForAsyncUtils.waitFor(LIMIT_S / 3, TimeUnit.SECONDS, () -> fx(jumped));
            } catch (TimeoutException notYet) {
                // looked at again below, or clicked again
            }
        }
        // If it never jumps, say what the next look needs (ci51: three clicks in vain): whether the diagram has the
        // event's row at all, and what is selected instead.
        await("the ✗'s event selected in the diagram (event " + failed.seq() + ", in the diagram's rows: "
                + fx(() -> shell.diagram().model().rows().stream().anyMatch(r -> r.event().seq() == failed.seq()))
                + ", rows " + fx(() -> shell.diagram().model().rows().size()) + ", selected "
                + fx(() -> shell.diagram().details().selectedProperty().get() instanceof Row r ? r.event().seq() : null)
                + ")", jumped);
    }
}

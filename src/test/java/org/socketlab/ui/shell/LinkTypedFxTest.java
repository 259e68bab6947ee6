package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.time.Duration;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.testing.Await;
import org.socketlab.ui.HeadlessScreen;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.network.MachinesViewModel;
import org.socketlab.ui.network.TestMachines;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 78 item 6: the link's values can be typed beside their sliders (200 ms, which the keyboard's 10 ms steps and a
 * drag hardly reach); a typed value that is not a number in range is refused in one line, the link unchanged; and the
 * sliders stay where they are when the control's status line grows (it was at the top and pushed them 18 px down).
 */
@ExtendWith(ApplicationExtension.class)
class LinkTypedFxTest {
    private final Texts texts = new Texts(Lang.ES);
    private MachinesViewModel model;
    private MenuButton menu;

    @Start
    void start(Stage stage) {
        FxInbox inbox = new FxInbox();
        inbox.wakeWith(() -> Platform.runLater(inbox::drain)); // the window's bridge drains it on a pulse
        model = TestMachines.movingAtOnce(texts, inbox);
        menu = MachinesMenu.of(model, texts);
        // At the screen's top left, the menu's popup opens downwards inside the headless screen (past its edge the
        // headless platform's blit fails); its default size, whatever an earlier class left.
        HeadlessScreen.reset();
        StackPane root = new StackPane(menu);
        StackPane.setAlignment(menu, Pos.TOP_LEFT);
        stage.setScene(new Scene(root, 600, 500));
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @Test
    void aTyped200MsSetsTheLinkTo200MsAndNothingMovesUnderThePointer() {
        fx(() -> {
            model.choose(true);
            return null;
        });
        Await.until(Duration.ofSeconds(10), () -> fx(() -> model.twoProperty().get() && !model.busyProperty().get()),
                () -> "two machines");
        fx(() -> {
            menu.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        TextField delay = fx(() -> (TextField) lookup("machines-link-delay-typed"));
        Bounds sliderBefore = fx(() -> lookup("machines-link-jitter").localToScreen(
                lookup("machines-link-jitter").getLayoutBounds()));
        String statusBefore = fx(() -> model.statusProperty().get());
        fx(() -> {
            delay.setText("200");
            delay.fireEvent(new ActionEvent());
            return null;
        });
        assertEquals(200, (int) fx(() -> model.settingsProperty().get().delayMs()), "the link's delay");
        assertEquals(200.0, fx(() -> ((Slider) lookup("machines-link-delay")).getValue()), "the slider follows");
        // The change is applied (here there is no wire: the status says why in a line of its own): the sliders stay.
        Await.until(Duration.ofSeconds(10), () -> fx(() -> !model.busyProperty().get()), () -> "the change applied");
        WaitForAsyncUtils.waitForFxEvents();
        Bounds sliderAfter = fx(() -> lookup("machines-link-jitter").localToScreen(
                lookup("machines-link-jitter").getLayoutBounds()));
        System.out.printf("status before: %s%nstatus after: %s%njitter slider %s -> %s%n", statusBefore,
                fx(() -> model.statusProperty().get()), sliderBefore, sliderAfter);
        assertEquals(sliderBefore, sliderAfter, "the jitter slider moved when the status changed");

        // Bad input: one line in the user's language, nothing changed.
        for (String bad : new String[]{"abc", "400", "-5", "2.5"}) {
            fx(() -> {
                delay.setText(bad);
                delay.fireEvent(new ActionEvent());
                return null;
            });
            String said = fx(() -> ((Label) lookup("machines-link-refused")).getText());
            System.out.println("typed " + bad + ": " + said);
            assertTrue(said.contains(bad) && said.contains("300") && said.contains("enlace no cambia"), said);
            assertFalse(said.contains("\n"), said);
            assertEquals(200, (int) fx(() -> model.settingsProperty().get().delayMs()), "unchanged after " + bad);
            assertEquals("200", fx(delay::getText), "the field shows the value in force again");
        }
        fx(() -> {
            menu.hide();
            return null;
        });
    }

    private Node lookup(String id) {
        for (MenuItem item : menu.getItems())
            if (item instanceof CustomMenuItem c) {
                Node found = c.getContent().lookup("#" + id);
                if (found != null) return found;
            }
        throw new AssertionError("no #" + id + " in the Machines menu");
    }
}

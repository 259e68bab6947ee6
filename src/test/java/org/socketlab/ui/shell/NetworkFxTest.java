package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;
import org.socketlab.ui.UiTestSupport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's Network control clicked through on the headless platform. This test's JVM runs on this computer's
 * network, where no rule may ever be applied: the control is there, says why it cannot lose anything, applies nothing
 * when pressed, and the presenter window shows no loss. (In the private lab network the same view-model loses a real
 * segment: NetworkControlChild, run by LossLessonsTest.)
 */
@ExtendWith(ApplicationExtension.class)
class NetworkFxTest {
    private Lab lab;
    private Shell shell;
    private Stage stage;

    @Start
    void start(Stage stage) {
        lab = Lab.withoutCapture();
        shell = new Shell(lab, "Linux", Lang.EN);
        this.stage = stage;
        shell.show(stage);
        stage.setWidth(1200);
        stage.setHeight(900);
    }

    @BeforeEach
    void built() {
        UiTestSupport.awaitWindowBuilt(stage);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(shell::detach).get(60, TimeUnit.SECONDS);
        shell.closeLab();
    }

    @Test
    void onThisComputersNetworkTheControlSaysWhyAndAppliesNothing(FxRobot robot) {
        Messages en = Messages.of(Lang.EN);
        MenuButton menu = robot.lookup("#network-menu").queryAs(MenuButton.class);
        assertEquals(en.get("network.ui.menu"), fx(menu::getText));
        MenuItem status = fx(() -> menu.getItems().stream().filter(i -> "network-status".equals(i.getId()))
                .findFirst().orElseThrow());
        assertEquals(en.get("network.ui.unavailable"), fx(status::getText));
        int before = lab.journal().size();
        robot.clickOn("#network-menu");
        robot.clickOn(en.get("network.ui.loseNext"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(en.get("network.ui.unavailable"), fx(status::getText));
        assertFalse(fx(() -> shell.viewModel().network().armedProperty().get()));
        assertFalse(lab.networkConditionsActive(), "no rule on this computer's network");
        assertEquals(before, lab.journal().size(), "nothing journaled, nothing run");
        assertFalse(fx(() -> menu.getStyleClass().contains("network-armed")));
        // Spanish, as every control
        fx(() -> {
            shell.viewModel().texts().langProperty().set(Lang.ES);
            return null;
        });
        assertTrue(fx(status::getText).startsWith("Red: "), fx(status::getText));
    }
}

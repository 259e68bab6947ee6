package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
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
 * The window's Machines control clicked through on the headless platform (issue 40 item 3). This test's JVM runs on
 * this computer's network, where no second machine may be made: the control is beside Network, says "One machine",
 * its menu says why there is no second one, both choices are off, clicking changes nothing, and delay and loss on the
 * link are off with the kernel's reason, in both languages. (In the private lab network the same lab moves to two
 * machines and back: LabNetworkHostsTest, MovingLabProbe; MachinesViewModelTest checks the move's hand-over.)
 */
@ExtendWith(ApplicationExtension.class)
class MachinesFxTest {
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

    private static MenuItem item(MenuButton menu, String id) {
        return fx(() -> menu.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow());
    }

    @Test
    void withoutTheLabNetworkTheControlSaysWhyAndMovesNothing(FxRobot robot) throws Exception {
        Messages en = Messages.of(Lang.EN), es = Messages.of(Lang.ES);
        MenuButton menu = robot.lookup("#machines-menu").queryAs(MenuButton.class);
        assertEquals(en.get("machines.ui.one"), fx(menu::getText));
        // Beside the Network control.
        int network = fx(() -> menu.getParent().getChildrenUnmodifiable()
                .indexOf(robot.lookup("#network-menu").query()));
        assertEquals(network + 1, (int) fx(() -> menu.getParent().getChildrenUnmodifiable().indexOf(menu)));
        MenuItem status = item(menu, "machines-status"), two = item(menu, "machines-two");
        assertTrue(fx(status::getText).startsWith(en.get("hosts.notPrivate", "").substring(0, 40)),
                fx(status::getText));
        int before = lab.journal().size();
        robot.clickOn("#machines-menu");
        assertTrue(fx(two::isDisable), "no second machine can be chosen here");
        robot.clickOn(en.get("machines.ui.two"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(en.get("machines.ui.one"), fx(menu::getText));
        assertFalse(lab.hosts().isPresent());
        assertEquals(before, lab.journal().size(), "nothing journaled, nothing run");
        // No line about netem: delay and loss are SocketLab's own wire's (issue 55), not the kernel's.
        assertTrue(robot.lookup("#machines-netem").tryQuery().isEmpty());
        robot.type(KeyCode.ESCAPE);
        fx(() -> {
            shell.viewModel().texts().langProperty().set(Lang.ES);
            return null;
        });
        assertEquals(es.get("machines.ui.one"), fx(menu::getText));
        assertTrue(fx(status::getText).startsWith(es.get("hosts.notPrivate", "").substring(0, 40)),
                fx(status::getText));
    }
}

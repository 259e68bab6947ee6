package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.ui.UiTestSupport.fx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 62: the combo box's list is not styled and laid out with the window until it is first opened, and then opens
 * as JavaFX's own combo box opens its list: as high, every choice in it, and again after it was closed.
 */
@ExtendWith(ApplicationExtension.class)
class FittingComboBoxSkinFxTest {
    private static final List<String> CHOICES = List.of("AF_INET", "AF_INET6", "AF_UNIX", "AF_PACKET");
    private ComboBox<String> stock;
    private ComboBox<String> fitting;

    @Start
    void start(Stage stage) {
        stock = new ComboBox<>();
        fitting = FittingComboBoxSkin.install(new ComboBox<>());
        for (ComboBox<String> c : List.of(stock, fitting)) {
            c.getItems().setAll(CHOICES);
            c.getSelectionModel().selectFirst();
        }
        stage.setScene(new Scene(new HBox(20, stock, fitting), 500, 300));
        stage.show();
    }

    @Test
    void theListJoinsWhenFirstOpenedAndOpensAsJavaFxsOwn() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(fx(() -> stock.lookup(".list-view")), "JavaFX's own keeps its list among its children");
        assertNull(fx(() -> fitting.lookup(".list-view")), "not styled nor laid out with the window");
        for (int round = 1; round <= 2; round++) {
            for (ComboBox<String> c : List.of(stock, fitting)) {
                fx(() -> {
                    c.show();
                    return null;
                });
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> list(c).getHeight() > 0));
            }
            WaitForAsyncUtils.waitForFxEvents();
            double stockHeight = fx(() -> list(stock).getHeight()), fittingHeight = fx(() -> list(fitting).getHeight());
            assertEquals(stockHeight, fittingHeight, 0.5, "round " + round + ": as high as JavaFX's own list");
            assertTrue(fx(() -> list(fitting).lookupAll(".list-cell").stream()
                    .filter(cell -> cell instanceof ListCell<?> l && l.getItem() != null)
                    .count()) >= CHOICES.size(), "round " + round + ": every choice in it");
            for (ComboBox<String> c : List.of(stock, fitting)) {
                fx(() -> {
                    c.hide();
                    return null;
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ListView<String> list(ComboBox<String> c) {
        return (ListView<String>) ((ComboBoxListViewSkin<String>) c.getSkin()).getPopupContent();
    }
}

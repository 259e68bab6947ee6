package org.socketlab.ui.shell;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.socketlab.ui.common.LazyTooltip;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.network.MachinesViewModel;

/**
 * The presenter's gesture, held: while F9, the clicker's key {@link #CLICKER_KEY} or the on-screen button is held down
 * in the main window or in presenter mode, the link between the machines drops every packet for real; released, it
 * carries as before. One mechanism for every way in: each holder is counted here and the link is told through
 * {@link MachinesViewModel#dropEverything} alone (the diagram draws each loss and its banner says the key is held).
 * A window that loses focus (or closes) with a key down lets go of what it held: the link never stays cut by a key
 * whose release went to another window.
 */
final class HoldToDrop {
    /**
     * The clicker's key: D, for drop (and "descartar"). Programmable clickers map a button to a letter; the keys they
     * send unprogrammed (Page Up/Down, B and period for a black screen, F5, Esc) are taken already. In the main window
     * D is the drop key only when no text field has focus (there it is a letter).
     */
    static final KeyCode CLICKER_KEY = KeyCode.D;

    /** Who holds the drop now. */
    enum Holder {
        F9, CLICKER_KEY, BUTTON
    }

    /** The holders of the drop: the link drops while any one holds it (a view-model, no FX). */
    static final class Holds {
        private final Set<Holder> held = EnumSet.noneOf(Holder.class);
        private final Consumer<Boolean> link;

        /** {@code link} is told {@code true} when the first holder presses and {@code false} when the last lets go. */
        Holds(Consumer<Boolean> link) {
            this.link = link;
        }

        /** {@code holder} pressed (again, as a key repeats: nothing new). */
        void press(Holder holder) {
            boolean was = dropping();
            held.add(holder);
            if (!was) link.accept(true);
        }

        /** {@code holder} released; the link carries again when nobody else holds it. */
        void release(Holder holder) {
            if (!held.remove(holder)) return;
            if (!dropping()) link.accept(false);
        }

        /** Every holder let go (the window lost the keyboard or closed). */
        void releaseAll() {
            for (Holder h : Holder.values()) release(h);
        }

        /** Whether {@code holder} holds the drop now. */
        boolean holding(Holder holder) {
            return held.contains(holder);
        }

        boolean dropping() {
            return !held.isEmpty();
        }
    }

    private final MachinesViewModel machines;
    private final Holds holds;

    HoldToDrop(MachinesViewModel machines) {
        this.machines = machines;
        this.holds = new Holds(machines::dropEverything);
    }

    /** F9 and {@link #CLICKER_KEY} held on {@code scene}'s window drop the link, whatever control has focus. */
    void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Holder holder = holder(e, scene);
            if (holder == null || e.isShortcutDown() || e.isAltDown()) return;
            holds.press(holder);
            e.consume();
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            // A held D lets go wherever the focus went meanwhile (a field focused while it was down kept the drop).
            Holder holder = e.getCode() == CLICKER_KEY && holds.holding(Holder.CLICKER_KEY)
                    ? Holder.CLICKER_KEY
                    : holder(e, scene);
            if (holder == null) return;
            holds.release(holder);
            e.consume();
        });
        scene.windowProperty().addListener((obs, was, window) -> {
            if (window != null) window.focusedProperty().addListener((o, had, has) -> {
                if (!has) holds.releaseAll();
            });
        });
        if (scene.getWindow() != null) scene.getWindow().focusedProperty().addListener((o, had, has) -> {
            if (!has) holds.releaseAll();
        });
    }

    /** Which key of the gesture {@code e} is (null: none): D only where it is no letter typed into a field. */
    private static Holder holder(KeyEvent e, Scene scene) {
        if (e.getCode() == KeyCode.F9) return Holder.F9;
        if (e.getCode() == CLICKER_KEY && !typedInto(scene.getFocusOwner())) return Holder.CLICKER_KEY;
        return null;
    }

    /**
     * Whether a key pressed on {@code focus} is typed as text (a field, an editable combo box; the window has no
     * spinner: its link values are typed in fields).
     */
    private static boolean typedInto(Node focus) {
        return focus instanceof TextInputControl || focus instanceof ComboBoxBase<?> c && c.isEditable();
    }

    /**
     * The on-screen button (a touch screen, a mouse): pressed, the link drops every packet; released (or the finger
     * slides off), it carries again. Shown while there is a link to cut (two machines joined by SocketLab's wire).
     */
    Button button(Texts texts, String id, double height) {
        Button b = new Button(null, new FontIcon(Feather.SCISSORS));
        b.setId(id);
        b.getStyleClass().add("hold-to-drop");
        b.textProperty().bind(texts.text("ui.dropHold.button")); // one text: the strip keeps its places
        b.styleProperty().bind(Bindings.when(machines.droppingProperty())
                .then("-fx-background-color: -color-danger-emphasis; -fx-text-fill: -color-fg-emphasis;")
                .otherwise(""));
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setMinHeight(height);
        b.setFocusTraversable(false); // Space is "next step", never a press
        // There only while there is a link to cut (two machines joined by SocketLab's wire): on one machine it would be
        // a dead target taking a row of a 1024-px strip.
        b.visibleProperty().bind(machines.linkLineProperty().isNotEmpty().or(machines.droppingProperty()));
        b.managedProperty().bind(b.visibleProperty());
        b.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> holds.press(Holder.BUTTON));
        b.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> holds.release(Holder.BUTTON));
        b.pressedProperty().addListener((obs, was, is) -> {
            if (!is) holds.release(Holder.BUTTON); // a press that ends elsewhere ends too
        });
        b.sceneProperty().addListener((obs, was, is) -> {
            if (is == null) holds.release(Holder.BUTTON);
        });
        LazyTooltip.install(b, () -> {
            Tooltip t = new Tooltip();
            t.textProperty().bind(texts.text("ui.dropHold.tooltip"));
            return t;
        });
        return b;
    }

    /** Whether the gesture holds the link now (some key or the button). */
    boolean held() {
        return holds.dropping();
    }

    /** Lets go of everything held (presenter mode left while a key was down). */
    void releaseAll() {
        holds.releaseAll();
    }
}

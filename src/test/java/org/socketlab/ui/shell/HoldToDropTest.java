package org.socketlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.ui.shell.HoldToDrop.Holder;
import org.socketlab.ui.shell.HoldToDrop.Holds;

/**
 * Issue 78 item 1: F9, the clicker's key and the on-screen button hold one drop. The link is told once when the first
 * holder presses and once when the last lets go; a key's auto-repeat says nothing new; a release nobody pressed (a key
 * let go after the window closed) does not cut or mend the link; a window that loses the keyboard lets go of all.
 */
class HoldToDropTest {
    private final List<Boolean> told = new ArrayList<>();
    private final Holds holds = new Holds(told::add);

    @Test
    void theLinkDropsWhileAnyHolderHoldsAndCarriesWhenTheLastLetsGo() {
        holds.press(Holder.F9);
        holds.press(Holder.F9); // auto-repeat
        holds.press(Holder.BUTTON);
        assertTrue(holds.dropping());
        holds.release(Holder.F9);
        assertTrue(holds.dropping(), "the button still holds it");
        holds.release(Holder.BUTTON);
        assertFalse(holds.dropping());
        assertEquals(List.of(true, false), told);
    }

    @Test
    void aReleaseNobodyPressedChangesNothing() {
        holds.release(Holder.CLICKER_KEY);
        assertEquals(List.of(), told);
        holds.press(Holder.CLICKER_KEY);
        holds.release(Holder.F9); // F9 was never down: D still holds the drop
        assertEquals(List.of(true), told);
        holds.release(Holder.CLICKER_KEY);
        assertEquals(List.of(true, false), told);
    }

    @Test
    void losingTheKeyboardLetsGoOfEveryHolder() {
        holds.press(Holder.F9);
        holds.press(Holder.CLICKER_KEY);
        holds.releaseAll();
        assertFalse(holds.dropping());
        holds.releaseAll();
        assertEquals(List.of(true, false), told);
    }

    @Test
    void theClickerKeyIsNoneAClickerSendsUnprogrammedNorOneOfThePresentersKeys() {
        // Page Up/Down, B and period (black screen), F5 and Esc are what clickers send; M, Home and the arrows are taken.
        for (var taken : List.of("PAGE_UP", "PAGE_DOWN", "B", "PERIOD", "F5", "ESCAPE", "M", "HOME", "SPACE", "F11"))
            assertFalse(HoldToDrop.CLICKER_KEY.name().equals(taken), taken);
    }
}

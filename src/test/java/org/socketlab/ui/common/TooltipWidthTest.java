package org.socketlab.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 43 item 9: a tooltip is never wider than the screen it is shown on, and reads in lines of a sensible length. */
class TooltipWidthTest {
    @Test
    void aTooltipWrapsWithinA1024Screen() {
        double at1024 = TooltipWidth.widest(1024, 15);
        assertTrue(at1024 <= 1024 - 32, "inside a 1024 px projector: " + at1024);
        assertEquals(600, at1024, 0.001, "40 ems of 15 px text");
        assertEquals(1024 - 32, TooltipWidth.widest(1024, 45), 0.001, "at 300 % the screen is the limit");
        assertEquals(320, TooltipWidth.widest(1920, 6), 0.001, "tiny text still gets a readable column");
    }
}

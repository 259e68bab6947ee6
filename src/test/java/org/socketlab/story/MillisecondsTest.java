package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/** A retransmission's delay is written with the reader's decimal mark: "4,4 ms" in Spanish, "4.4 ms" in English. */
class MillisecondsTest {
    @Test
    void theDecimalMarkIsTheLanguages() {
        assertEquals("4,4", StoryText.millis(4_400_000, Messages.of(Lang.ES)));
        assertEquals("4.4", StoryText.millis(4_400_000, Messages.of(Lang.EN)));
        assertEquals("205", StoryText.millis(205_300_000, Messages.of(Lang.ES)));
    }
}

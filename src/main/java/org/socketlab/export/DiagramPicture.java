package org.socketlab.export;

import java.io.IOException;
import java.util.List;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;

/**
 * The window's sequence diagram as a PNG picture of the whole of {@code events}: drawn by the ui layer (the only one
 * with a toolkit, here headless) and handed to the command line by the launcher, so {@code --png} is the very picture
 * the window's File → Export gives.
 */
@FunctionalInterface
public interface DiagramPicture {
    /** Theme ids as the window stores them. */
    List<String> THEMES = List.of("light", "dark", "high-contrast");

    /**
     * @param theme {@code light}, {@code dark} or {@code high-contrast}
     * @param zoom  the window's zoom in percent (75-300)
     */
    byte[] png(List<Event> events, Lang lang, String theme, int zoom) throws IOException;

    /** Where no toolkit is at hand: says so. */
    DiagramPicture NONE = (events, lang, theme, zoom) -> {
        throw new IOException(Messages.of(lang).get("export.png.noToolkit"));
    };
}

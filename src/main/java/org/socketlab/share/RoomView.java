package org.socketlab.share;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the room sees at one moment, rendered once per language and served to every student (escaped HTML/SVG). */
public record RoomView(long version, int step, int steps, String lang, String title, String diagramSvg,
        String narrationHtml, String stateMachineSvg, String socketTableHtml, List<String> rowTexts,
        @Nullable RoomQuestion question) {
}

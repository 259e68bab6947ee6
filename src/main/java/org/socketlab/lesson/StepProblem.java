package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;

/**
 * A detail tied to a step and a place in the lesson file; {@link LessonLoader} turns it into the file-line-and-step
 * message ({@code lesson.error.step}).
 */
final class StepProblem extends RuntimeException {
    final int step;
    final String label;
    final LocalizedException detail;
    final LocatedJson.Position at;

    StepProblem(int step, @Nullable JsonNode node, LocalizedException detail, LocatedJson.Position at) {
        super(detail.getMessage(), null, false, false);
        this.step = step;
        this.label = label(node);
        this.detail = detail;
        this.at = at;
    }

    /** "client connect" for a step's node as far as it could be read, as mismatch lines name a step. */
    private static String label(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) return "?";
        if (node.has("network")) return "network";
        // Shown as it can be on one line: the step may be refused for a name holding a line break.
        return SafeName.shown(node.path("endpoint").asText("?")) + " "
                + (node.has("finish")
                        ? "finish " + SafeName.shown(node.path("finish").asText("?"))
                        : node.has("reset")
                                ? "reset"
                                : node.has("hand_over")
                                        ? "hand_over"
                                        : node.has("kill") ? "kill" : SafeName.shown(node.path("call").asText("?")));
    }
}

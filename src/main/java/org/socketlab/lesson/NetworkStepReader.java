package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.DropRule;

/**
 * Reads a network step: {@code "network": {"drop": "data", "direction": "client->server"}} (the next such packet),
 * with {@code "nth": 3} (the third from now on) or {@code "percent": 30, "seed": 7} (a seeded share); or
 * {@code "network": "clear"}.
 */
final class NetworkStepReader {
    private final LessonFieldReader read;

    NetworkStepReader(LessonFieldReader read) {
        this.read = read;
    }

    Step network(int number, JsonNode node, boolean recorded) {
        read.onlyFields(node, Set.of("network", "narration", "slide", "questions", "together", "said", "check"),
                "network");
        Text narration = read.narration(node, recorded);
        Slide slide = read.slide(node);
        read.at(node, "network");
        JsonNode n = node.get("network");
        if (n.isTextual() && n.asText().equals("clear"))
            return Step.network(number, NetworkStep.cleared(),
                    narration, slide);
        if (!n.isObject()) throw new LocalizedException("lesson.error.badValue", "network", n.toString());
        read.onlyFields(n, Set.of("drop", "direction", "nth", "percent", "seed"), "network");
        read.at(n, null);
        for (String f : List.of("drop", "direction"))
            if (n.get(f) == null) throw new LocalizedException("lesson.error.missingField", f, "network");
        read.at(n, "drop");
        String drop = read.string(n, "drop");
        DropRule.Kind kind = Arrays.stream(DropRule.Kind.values())
                .filter(k -> k.word().equals(drop)).findFirst().orElseThrow(() -> new LocalizedException(
                        "lesson.error.badChoice", "drop", drop, "any, syn, fin, data, ack"));
        read.at(n, "direction");
        String way = read.string(n, "direction");
        DropRule.Direction direction = Arrays
                .stream(DropRule.Direction.values()).filter(d -> d.word().equals(way))
                .findFirst().orElseThrow(() -> new LocalizedException("lesson.error.badChoice", "direction", way,
                        "client->server, server->client"));
        if (n.has("nth") && n.has("percent"))
            throw new LocalizedException("lesson.error.badValue", "network", "nth + percent");
        if (n.has("seed") && !n.has("percent"))
            throw new LocalizedException("lesson.error.missingField", "percent", "network");
        int nth = 1, percent = 0;
        long seed = 0;
        if (n.has("nth")) {
            read.at(n, "nth");
            nth = read.integer(n, "nth", 1, 1000);
        }
        if (n.has("percent")) {
            read.at(n, "percent");
            percent = read.integer(n, "percent", 1, 100);
            nth = 0;
            if (n.get("seed") == null) throw new LocalizedException("lesson.error.missingField", "seed", "network");
            read.at(n, "seed");
            seed = read.integer(n, "seed", 0, Integer.MAX_VALUE);
        }
        return Step.network(number, new NetworkStep(false, direction, kind, nth, percent, seed), narration, slide);
    }
}

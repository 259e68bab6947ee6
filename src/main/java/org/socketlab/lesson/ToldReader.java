package org.socketlab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.SysCall;

/**
 * Reads a step's {@code together}, {@code said}, {@code check} and {@code rest_of}: what it tells and checks of its
 * own run. A step run together with the one before it asks no question of its own (a person answering would delay it).
 */
final class ToldReader {
    private final LessonFieldReader read;

    ToldReader(LessonFieldReader read) {
        this.read = read;
    }

    Told told(JsonNode node, int number) {
        if (!node.has("together") && !node.has("said") && !node.has("check") && !node.has("rest_of"))
            return Told.NOTHING;
        List<Integer> restOf = restOf(node, number);
        boolean together = together(node, number);
        return new Told(together, said(node), checks(node), restOf);
    }

    /** {@code "rest_of": [3]}: a send that goes on where the sends of those earlier steps stopped. */
    private List<Integer> restOf(JsonNode node, int number) {
        List<Integer> restOf = new ArrayList<>();
        if (!node.has("rest_of")) return restOf;
        read.at(node, "rest_of");
        JsonNode r = node.get("rest_of");
        for (JsonNode n : r.isArray() ? r : List.of(r)) {
            if (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() >= number
                    || !SysCall.SEND.is(node.path("call").asText()))
                throw new LocalizedException("lesson.error.badValue", "rest_of", r.toString());
            restOf.add(n.asInt());
        }
        return restOf;
    }

    private boolean together(JsonNode node, int number) {
        if (!node.has("together")) return false;
        read.at(node, "together");
        if (!node.get("together").isBoolean())
            throw new LocalizedException("lesson.error.badValue", "together", node.get("together").toString());
        boolean together = node.get("together").asBoolean();
        if (together && number == 1)
            throw new LocalizedException("lesson.error.badValue", "together", node.get("together").toString());
        if (together && node.has("questions"))
            throw new LocalizedException("lesson.error.togetherQuestions");
        return together;
    }

    private List<Told.Said> said(JsonNode node) {
        List<Told.Said> said = new ArrayList<>();
        if (!node.has("said")) return said;
        for (JsonNode one : nonEmptyList(node, "said")) {
            read.at(one, null);
            if (!one.isObject()) throw new LocalizedException("lesson.error.notObject");
            read.onlyFields(one, Set.of("if", "text"), "said");
            RunExpr.Condition when = one.has("if") ? RunExpr.condition(read.string(one, "if")) : null;
            Text text = read.text(one, "text", false);
            RunExpr.checkPlaceholders(text.es());
            RunExpr.checkPlaceholders(text.en());
            said.add(new Told.Said(when, text));
        }
        return said;
    }

    private List<RunExpr.Condition> checks(JsonNode node) {
        List<RunExpr.Condition> checks = new ArrayList<>();
        if (!node.has("check")) return checks;
        for (JsonNode one : nonEmptyList(node, "check")) {
            if (!one.isTextual()) throw new LocalizedException("lesson.error.badValue", "check", one.toString());
            checks.add(RunExpr.condition(one.asText()));
        }
        return checks;
    }

    /** The step's {@code field}, which must be a list of one or more. */
    private JsonNode nonEmptyList(JsonNode node, String field) {
        read.at(node, field);
        JsonNode list = node.get(field);
        if (!list.isArray() || list.isEmpty())
            throw new LocalizedException("lesson.error.badValue", field, list.toString());
        return list;
    }
}

package org.socketlab.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.SafeName;
import org.socketlab.lab.LabHosts;

/**
 * Parses one lesson file's text into a {@link Lesson}: the file's own fields here, its steps one by one by
 * {@link StepReader} (each checked against the ones before it), what each step tells of its run by
 * {@link ToldReader}, its questions by {@link QuestionFile}. One parser reads one file.
 */
final class LessonFileParser {
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final LessonFieldReader read = new LessonFieldReader();
    private final ToldReader told = new ToldReader(read);
    /**
     * Whether the lessons run in the private lab network, where an abstract Unix name ({@code @name}) is the lab's own;
     * on this computer's network a lesson naming one is refused.
     */
    private final boolean privateNetwork;

    LessonFileParser(boolean privateNetwork) {
        this.privateNetwork = privateNetwork;
    }

    Lesson lesson(String json) {
        LocatedJson located;
        try {
            located = LocatedJson.read(MAPPER.getFactory(), json);
        } catch (LocatedJson.Broken b) {
            read.here = b.at;
            if (b.step > 0) throw new StepProblem(b.step, b.partialStep, b.detail, b.at);
            throw b.detail;
        }
        read.located = located;
        JsonNode root = located.root();
        if (root == null || !root.isObject()) throw new LocalizedException("lesson.error.notObject");
        read.onlyFields(root, Set.of("$schema", "id", "title", "summary", "recorded", "steps", "any_address", "hosts",
                "link", "two_hosts_steps"),
                null);
        boolean recorded = false;
        if (root.has("recorded")) {
            read.at(root, "recorded");
            if (!root.get("recorded").isBoolean())
                throw new LocalizedException("lesson.error.badValue", "recorded", root.get("recorded").toString());
            recorded = root.get("recorded").asBoolean();
        }
        if (root.has("$schema")) read.string(root, "$schema"); // editors' hint where the schema is; only its kind is checked
        boolean anyAddress = false;
        if (root.has("any_address")) {
            read.at(root, "any_address");
            JsonNode any = root.get("any_address");
            if (!any.isBoolean())
                throw new LocalizedException("lesson.error.badValue", "any_address", any.toString());
            anyAddress = any.asBoolean();
        }
        String id = read.string(root, "id");
        SafeName.check("id", id);
        if (!ID.matcher(id).matches()) throw new LocalizedException("lesson.error.badId", id);
        Text title = read.text(root, "title", false);
        Text summary = read.text(root, "summary", false);
        LabHosts hosts = root.has("hosts") ? LessonHosts.read(root, read) : null;
        LessonHosts.LessonLink link = root.has("link") ? LessonHosts.link(root, read, hosts) : null;
        read.at(root, "steps");
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty())
            throw new LocalizedException("lesson.error.noSteps");
        StepReader reader = new StepReader(read,
                new StepReader.FileSettings(recorded, anyAddress, hosts, privateNetwork));
        List<Step> parsed = new ArrayList<>();
        List<Step> twoHostsParsed = new ArrayList<>();
        Map<Integer, List<Question>> questions = new HashMap<>();
        Map<Integer, Told> toldByStep = new HashMap<>();
        // Steps only for two machines (issue 40) follow the others, numbered on; they may name the link's addresses.
        JsonNode tail = root.get("two_hosts_steps");
        if (tail != null && (!tail.isArray() || hosts != null)) {
            read.at(root, "two_hosts_steps");
            throw new LocalizedException("lesson.error.badValue", "two_hosts_steps", tail.toString());
        }
        int all = steps.size() + (tail == null ? 0 : tail.size());
        for (int i = 0; i < all; i++) {
            boolean onTwo = i >= steps.size();
            JsonNode node = onTwo ? tail.get(i - steps.size()) : steps.get(i);
            read.at(node, null);
            try {
                reader.twoHostsOnly(onTwo);
                Step step = reader.step(i + 1, node);
                (onTwo ? twoHostsParsed : parsed).add(step);
                if (node.has("questions"))
                    questions.put(step.number(),
                            QuestionFile.parse(node.get("questions"), step, reader::named, all));
                Told t = told.told(node, i + 1);
                if (t != Told.NOTHING) toldByStep.put(step.number(), t);
            } catch (LocalizedException detail) {
                throw new StepProblem(i + 1, node, detail, read.here);
            }
        }
        return new Lesson(id, title, summary, parsed, questions, anyAddress, toldByStep, hosts,
                link == null ? null : link.kbit(), link == null ? null : link.wire(), twoHostsParsed);
    }
}

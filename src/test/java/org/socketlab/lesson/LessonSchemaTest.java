package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.lab.Lab;

/**
 * docs/lesson.schema.json, the published lesson format, read by a maintained validator as an editor would: every
 * shipped lesson passes, broken ones fail, and the schema knows the same calls and fields as the loader.
 */
class LessonSchemaTest {
    static final Path SCHEMA = Path.of("docs", "lesson.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry
            .withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Schema schema() throws IOException {
        return REGISTRY.getSchema(Files.readString(SCHEMA, StandardCharsets.UTF_8));
    }

    /** What the validator says about a lesson's text; empty when it conforms. */
    static List<String> problems(String lessonJson) throws IOException {
        return schema().validate(JSON.readTree(lessonJson)).stream().map(Error::toString).toList();
    }

    static String shipped(String id) throws IOException {
        try (InputStream in = LessonLoader.class.getResourceAsStream(LessonLoader.RESOURCE_DIR + id + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSchemaIsAValidDraft2020_12Schema() throws IOException {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Error> errors = meta.validate(JSON.readTree(SCHEMA.toFile()));
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void everyShippedLessonConforms() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String id : LessonCatalog.IDS) {
            List<String> p = problems(shipped(id));
            if (!p.isEmpty()) failures.add(id + ": " + p);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void aLessonWrittenOutsideTheProgramConforms() throws IOException {
        assertEquals(List.of(), problems(LessonFileErrorsTest.GOOD));
    }

    @Test
    void brokenLessonsFail() throws IOException {
        String good = LessonFileErrorsTest.GOOD;
        Map<String, String> broken = Map.of(
                "unknown call", good.replace("\"call\": \"close\"", "\"call\": \"dial\""),
                "missing narration language",
                good.replace("{\"es\": \"cierra\", \"en\": \"closes\"}", "{\"es\": \"cierra\"}"),
                "empty narration outside a recorded lesson", good.replace("\"en\": \"closes\"", "\"en\": \"\""),
                "unknown field", good.replace("\"socket\": \"s\",", "\"socket\": \"s\", \"colour\": \"red\","),
                "a field another call takes", good.replace("\"socket\": \"s\",", "\"socket\": \"s\", \"backlog\": 3,"),
                "missing field the call needs",
                good.replace("\"call\": \"close\", \"socket\": \"s\",", "\"call\": \"close\","),
                "wrong type", good.replace("\"expect\": {\"result\": 0}", "\"expect\": {\"result\": \"zero\"}"),
                "unknown state",
                good.replace("\"expect\": {\"result\": 0}",
                        "\"expect\": {\"result\": 0, \"state\": {\"s\": \"WAITING\"}}"),
                "no steps",
                "{\"id\": \"x\", \"title\": {\"es\": \"a\", \"en\": \"b\"}, \"summary\": {\"es\": \"a\", \"en\": \"b\"}, \"steps\": []}",
                "wait false on close", good.replace("\"call\": \"close\", \"socket\": \"s\",",
                        "\"call\": \"close\", \"socket\": \"s\", \"wait\": false,"));
        for (Map.Entry<String, String> b : new TreeMap<>(broken).entrySet()) {
            assertFalse(b.getValue().equals(good), b.getKey());
            assertFalse(problems(b.getValue()).isEmpty(), () -> b.getKey() + " passed the schema");
        }
        String recorded = good.replace("\"en\": \"closes\"", "\"en\": \"\"").replace("\"id\": \"my-lesson\",",
                "\"id\": \"my-lesson\", \"recorded\": true,");
        assertEquals(List.of(), problems(recorded), "a recorded lesson's narration may wait to be written");
    }

    /** The user guide's example lesson is valid as printed: schema, loader, and a real run. */
    @Test
    void theUserGuidesExampleIsARealLesson() throws Exception {
        String readme = Files.readString(Path.of("docs", "user-guide.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Your own lessons");
        assertTrue(section > 0, "the user guide documents lesson files");
        int start = readme.indexOf("```json\n", section) + "```json\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        assertEquals(List.of(), problems(example));
        Lesson lesson = LessonLoader.parse("docs/user-guide.md", example);
        assertTrue(lesson.steps().get(1).slide() != null);
        try (Lab lab = Lab.onThisMachine()) {
            LessonReport report = new LessonRunner().run(lesson, lab);
            assertTrue(report.passed(),
                    () -> report.mismatch().describe(Messages.of(Lang.EN)));
        }
    }

    /** The schema lists exactly the loader's calls, each with exactly the fields the loader lets it have. */
    @Test
    void theSchemaKnowsTheLoadersCallsAndFields() throws IOException {
        JsonNode callStep = JSON.readTree(SCHEMA.toFile()).path("$defs").path("callStep");
        Set<String> calls = new TreeSet<>();
        callStep.path("properties").path("call").path("enum").forEach(c -> calls.add(c.asText()));
        Map<String, Set<String>> schemaFields = new TreeMap<>();
        for (JsonNode rule : callStep.path("allOf")) {
            JsonNode call = rule.path("if").path("properties").path("call").path("const");
            if (call.isMissingNode()) continue;
            Set<String> fields = new TreeSet<>();
            rule.path("then").path("propertyNames").path("enum").forEach(f -> fields.add(f.asText()));
            schemaFields.put(call.asText(), fields);
        }
        Map<String, Set<String>> loader = LessonLoader.fieldsByCall();
        assertEquals(loader.keySet(), calls);
        assertEquals(loader, schemaFields);
        Set<String> properties = new TreeSet<>();
        callStep.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> used = new TreeSet<>();
        loader.values().forEach(used::addAll);
        assertEquals(used, properties, "every field a call takes is described once in callStep.properties");
    }
}

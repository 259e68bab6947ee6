package org.socketlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * Check files: every shipped one loads and conforms to docs/check.schema.json (read by a maintained validator, as an
 * editor would); the schema knows the loader's fields; a broken file is refused with its file, line and column, in
 * both languages.
 */
class CheckFileTest {
    static final Path SCHEMA = Path.of("docs", "check.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry
            .withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Messages EN = Messages.of(Lang.EN), ES = Messages.of(Lang.ES);

    @TempDir
    Path dir;

    static String shipped(String id) throws IOException {
        try (InputStream in = CheckLoader.class.getResourceAsStream(CheckLoader.RESOURCE_DIR + id + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> problems(String json) throws IOException {
        Schema schema = REGISTRY.getSchema(Files.readString(SCHEMA, StandardCharsets.UTF_8));
        return schema.validate(JSON.readTree(json)).stream().map(Error::toString).toList();
    }

    @Test
    void theSchemaIsAValidDraft2020_12Schema() throws IOException {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Error> errors = meta.validate(JSON.readTree(SCHEMA.toFile()));
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void everyShippedCheckLoadsAndConforms() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String id : CheckLoader.IDS) {
            CheckFile c = CheckLoader.load(id);
            assertEquals(id, c.id());
            List<String> p = problems(shipped(id));
            if (!p.isEmpty()) failures.add(id + ": " + p);
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void theSchemaKnowsTheLoadersFieldsAndRules() throws IOException {
        JsonNode schema = JSON.readTree(SCHEMA.toFile());
        assertEquals(CheckLoader.FIELDS.get("check"), names(schema.get("properties")));
        assertEquals(CheckLoader.FIELDS.get("program"), names(schema.at("/properties/program/properties")));
        assertEquals(CheckLoader.FIELDS.get("limits"), names(schema.at("/properties/limits/properties")));
        assertEquals(CheckLoader.FIELDS.get("rule"), names(schema.at("/properties/rules/items/properties")));
        for (JsonNode play : schema.at("/properties/lab/items/oneOf")) {
            String kind = play.at("/properties/play/const").asText();
            assertEquals(CheckLoader.FIELDS.get(kind), names(play.get("properties")), kind);
        }
        Set<String> rules = new TreeSet<>();
        schema.at("/properties/rules/items/properties/rule/enum").forEach(n -> rules.add(n.asText()));
        Set<String> known = new TreeSet<>();
        for (Rule r : Rule.values()) known.add(r.id());
        assertEquals(known, rules);
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static final String GOOD = """
            {
              "id": "mine",
              "title": {"es": "Mío", "en": "Mine"},
              "program": {"role": "server", "protocol": "tcp", "args": ["{port}"]},
              "lab": [{"play": "clients", "count": 2}, {"play": "reset"}, {"play": "clients"}],
              "pattern": "socket ... listen (accept ... close)*",
              "rules": [{"rule": "echo"}, {"rule": "survives-reset"}]
            }
            """;

    @Test
    void aCheckWrittenOutsideTheProgramLoadsAndConforms() throws IOException {
        CheckFile c = CheckLoader.parse("mine.json", GOOD);
        assertEquals(CheckFile.Role.SERVER, c.role());
        assertEquals(3, c.plays().size());
        assertEquals(List.of(Rule.ECHO, Rule.SURVIVES_RESET),
                c.rules().stream().map(CheckFile.RuleEntry::rule).toList());
        assertEquals(CheckFile.Limits.DEFAULT, c.limits());
        assertEquals(List.of(), problems(GOOD));
    }

    @Test
    void aTeachersCheckWithAGreetingAChildPatternAndWeightsLoadsAndConforms() throws IOException {
        // The test's own teacher check (issue 37 item 3), beside its reference programs.
        String text;
        try (InputStream in = getClass().getResourceAsStream("/org/socketlab/check/greeting-fork/check.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CheckFile c = CheckLoader.parse("check.json", text);
        assertEquals("hello from the server\n", ((CheckFile.Clients) c.plays().getFirst()).greeting());
        assertTrue(c.childPattern().names("close"));
        assertEquals(List.of(1, 3, 2, 1, 1), c.rules().stream().map(CheckFile.RuleEntry::weight).toList());
        assertEquals(List.of(), problems(text));
        // child-pattern needs a child_pattern to judge by; a greeting belongs to a connection.
        String noChildPattern = text.replaceAll("(?m)^\\s*\"child_pattern\".*$", "");
        assertTrue(EN.text(assertThrows(LocalizedException.class, () -> CheckLoader.parse("c.json", noChildPattern)))
                .contains("child_pattern"));
    }

    /** Each broken file: what replaces what in GOOD, the line and column named, and words of the English detail. */
    @Test
    void brokenFilesNameTheirLineAndColumn() {
        Map<String, String[]> broken = Map.of(
                "unknown field",
                new String[]{"\"id\": \"mine\",", "\"id\": \"mine\", \"colour\": 1,", "2", "17",
                        "unknown field \"colour\""},
                "bad rule",
                new String[]{"{\"rule\": \"echo\"}", "{\"rule\": \"echoes\"}", "7", "14", "cannot be \"echoes\""},
                "rule without evidence",
                new String[]{"{\"rule\": \"survives-reset\"}", "{\"rule\": \"whole-reply\"}", "7", "32", "TCP client"},
                "no port", new String[]{"\"args\": [\"{port}\"]", "\"args\": [\"5000\"]", "4", "52", "{port}"},
                "pattern", new String[]{"(accept ... close)*", "(accept ... close*", "6", "3", "column 19"},
                "duplicate key",
                new String[]{"\"id\": \"mine\",", "\"id\": \"mine\", \"id\": \"yours\",", "2", "21", "JSON"},
                "server play for a server",
                new String[]{"{\"play\": \"reset\"}", "{\"play\": \"server\"}", "5", "45", "role is server"},
                "count too big", new String[]{"\"count\": 2", "\"count\": 99", "5", "31", "1 to 32"});
        for (var e : broken.entrySet()) {
            String[] b = e.getValue();
            String text = GOOD.replace(b[0], b[1]);
            assertTrue(!text.equals(GOOD), e.getKey() + ": the replacement did not apply");
            LocalizedException x = assertThrows(LocalizedException.class, () -> CheckLoader.parse("mine.json", text),
                    e.getKey());
            String en = EN.text(x);
            assertTrue(en.startsWith("Check file mine.json, line " + b[2] + ", column " + b[3] + ":"),
                    e.getKey() + ": " + en);
            assertTrue(en.contains(b[4]), e.getKey() + ": " + en);
            String es = ES.text(x);
            assertTrue(es.startsWith("Fichero de comprobación mine.json, línea " + b[2] + ", columna " + b[3]),
                    e.getKey() + ": " + es);
        }
    }

    @Test
    void filesAndIdsThatAreNotThere() throws IOException {
        assertTrue(EN.text(assertThrows(LocalizedException.class, () -> CheckLoader.load("no-such-check")))
                .contains("tcp-echo-server"));
        assertTrue(EN.text(assertThrows(LocalizedException.class,
                () -> CheckLoader.load(dir.resolve("missing.json").toString()))).contains("no such file"));
        Path file = dir.resolve("mine.json");
        Files.writeString(file, GOOD.replace("\"mine\"", "\"mine-2\""));
        assertEquals("mine-2", CheckLoader.load(file.toString()).id());
    }
}

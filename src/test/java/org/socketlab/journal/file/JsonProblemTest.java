package org.socketlab.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/** A broken JSON text is told in the user's language, with the character or word the parser stopped at. */
class JsonProblemTest {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Words of Jackson's own messages: none may reach a person. */
    private static final List<String> PARSER_WORDS = List.of("Unexpected", "marker", "Source", "expecting", "token",
            "REDACTED", "code ");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\": \"x\", \"title\": {\"en\": \"a\"     | json.problem.ended     | ",
            "{\"id\": #}                                   | json.problem.character | #",
            "{\"id\": tcp}                                 | json.problem.word      | tcp",
            "{\"id\": 1, \"id\": 2}                        | json.problem.duplicate | id",
            "{\"id\": 1]                                   | json.problem.close     | ]",
            "{\"id\": \"a\tb\"}                            | json.problem.control   | ",
    })
    void eachKindIsToldInBothLanguagesWithoutTheParsersWords(String json, String key, String quoted) {
        LocalizedException problem = JsonProblem.of(parseError(json));
        assertEquals(key, problem.key(), json);
        for (Lang lang : Lang.values()) {
            String text = Messages.of(lang).text(problem);
            for (String word : PARSER_WORDS) assertFalse(text.contains(word), lang + ": " + text);
            if (quoted != null) assertTrue(text.contains(quoted), lang + ": " + text);
        }
    }

    @ParameterizedTest
    @CsvSource({"1500", "100000"})
    void tooDeepIsToldAsSuch(int depth) {
        String json = "[".repeat(depth) + "]".repeat(depth);
        ObjectMapper shallow = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build()).build()).build();
        JacksonException e = assertThrows(JacksonException.class, () -> shallow.readTree(json));
        assertEquals("json.problem.tooBig", JsonProblem.of(e).key());
    }

    @Test
    void aLongWordIsCutInTheSentence() {
        String word = "w".repeat(500);
        LocalizedException problem = JsonProblem.of(parseError("{\"a\": " + word + "}"));
        String text = Messages.of(Lang.ES).text(problem);
        assertTrue(text.length() < 200, text);
        assertTrue(text.contains("w".repeat(JsonProblem.MAX_QUOTED)), text);
        assertFalse(text.contains("w".repeat(JsonProblem.MAX_QUOTED + 1)), text);
    }

    private static JacksonException parseError(String json) {
        return assertThrows(JacksonException.class, () -> {
            try (JsonParser p = STRICT.getFactory().createParser(json)) {
                STRICT.readTree(p);
            }
        });
    }
}

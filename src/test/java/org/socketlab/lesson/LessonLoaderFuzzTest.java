package org.socketlab.lesson;

import static org.socketlab.FuzzSupport.JSON_TOKENS;
import static org.socketlab.FuzzSupport.mutate;
import static org.socketlab.FuzzSupport.randomText;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;

/** Lesson files a user may write: mutated real lessons and random text are accepted or refused with a clear message. */
class LessonLoaderFuzzTest {
    private static String resource(String id) {
        try (InputStream in = LessonLoader.class.getResourceAsStream(LessonLoader.RESOURCE_DIR + id + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mutatedAndRandomLessonFilesNeverThrowAnythingButAClearMessage() {
        List<String> lessons = new ArrayList<>(LessonCatalog.IDS.stream().map(LessonLoaderFuzzTest::resource).toList());
        lessons.add(LessonHostsTest.TWO); // "hosts" and addresses naming them (issue 40)
        FuzzSupport.Tally t = FuzzSupport.fuzz("lesson file", r -> switch (r.nextInt(8)) {
            case 0 -> randomText(r, 300, "{}[]\":,0123456789abcdefghijklmnopqrstuvwxyz -.\\\n");
            case 1 -> "[".repeat(1 + r.nextInt(50_000)); // deeper than any parser should follow
            case 2 -> "{\"id\":\"x\",\"title\":{\"es\":\"" + "a".repeat(r.nextInt(200_000)) + "\"}}";
            case 3 -> lessons.get(r.nextInt(lessons.size())); // valid as shipped
            default ->
                mutate(lessons.get(r.nextInt(lessons.size())), r, 1 + r.nextInt(r.nextBoolean() ? 2 : 12), JSON_TOKENS);
        }, text -> LessonLoader.parse("fuzz.json", text));
        FuzzSupport.assertBothOutcomes(t, "lesson file");
    }
}

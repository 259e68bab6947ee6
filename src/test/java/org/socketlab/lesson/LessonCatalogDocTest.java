package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * docs/lessons.md and docs/es/lessons.md, the lesson catalogue, are generated from the shipped lesson files (their
 * topics, ids, titles, summaries and steps): this test fails when either file differs from what the lessons say now.
 * After changing a lesson, write them again with {@value #REGENERATE_COMMAND}.
 */
class LessonCatalogDocTest {
    static final String REGENERATE_PROPERTY = "socketlab.docs.regenerate";
    static final String REGENERATE_COMMAND = "mvn -B test -Dtest=LessonCatalogDocTest -D" + REGENERATE_PROPERTY
            + "=true";
    static final Path ENGLISH = Path.of("docs", "lessons.md");
    static final Path SPANISH = Path.of("docs", "es", "lessons.md");

    @Test
    void theEnglishCatalogueIsTheLessonFiles() throws IOException {
        check(ENGLISH, catalogue(Lang.EN));
    }

    @Test
    void theSpanishCatalogueIsTheLessonFiles() throws IOException {
        check(SPANISH, catalogue(Lang.ES));
    }

    @Test
    void everyShippedLessonIsInTheCatalogueOnce() {
        String text = catalogue(Lang.EN);
        for (String id : LessonCatalog.IDS) {
            String row = "| `" + id + "` |";
            assertEquals(text.indexOf(row), text.lastIndexOf(row), id + " appears once");
            assertTrue(text.contains(row), id + " is in the catalogue");
        }
    }

    private static void check(Path file, String wanted) throws IOException {
        if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, wanted, StandardCharsets.UTF_8);
        }
        String now = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(wanted, now, file + " is stale (the lesson files changed): write it again with "
                + REGENERATE_COMMAND);
    }

    /** The catalogue in {@code lang}: one section a topic, one row a lesson, in the menu's order. */
    static String catalogue(Lang lang) {
        Messages messages = Messages.of(lang);
        boolean es = lang == Lang.ES;
        StringBuilder out = new StringBuilder();
        out.append(es ? "# Lecciones\n\n" : "# Lessons\n\n");
        out.append(es
                ? "<!-- Generado a partir de src/main/resources/org/socketlab/lessons/*.json por LessonCatalogDocTest;"
                        + " no se edita a mano. Se vuelve a escribir con: " + REGENERATE_COMMAND + " -->\n\n"
                : "<!-- Generated from src/main/resources/org/socketlab/lessons/*.json by LessonCatalogDocTest; do not"
                        + " edit by hand. Write it again with: " + REGENERATE_COMMAND + " -->\n\n");
        int count = LessonCatalog.IDS.size();
        out.append(es
                ? "SocketLab trae " + count + " lecciones en " + LessonCatalog.TOPICS.size()
                        + " temas. El menú **Lecciones** de la ventana tiene un submenú por tema y `socketlab lessons`"
                        + " las lista bajo el título de cada tema. `socketlab run ID` ejecuta una sin ventana. Cómo"
                        + " escribir las tuyas: [guía de uso](user-guide.md#tus-propias-lecciones).\n"
                : "SocketLab ships " + count + " lessons in " + LessonCatalog.TOPICS.size()
                        + " topics. The window's **Lessons** menu has one submenu a topic, and `socketlab lessons`"
                        + " lists them under the topics' titles. `socketlab run ID` runs one without a window. How to"
                        + " write your own: [user guide](user-guide.md#your-own-lessons).\n");
        for (LessonCatalog.Topic topic : LessonCatalog.TOPICS) {
            out.append("\n## ").append(messages.get(topic.titleKey())).append("\n\n");
            out.append(es
                    ? "| id | lección | qué muestra | llamadas | errno que responde el núcleo | pasos |\n"
                    : "| id | lesson | what it shows | calls | errno the kernel answers | steps |\n");
            out.append("| --- | --- | --- | --- | --- | --- |\n");
            List<Lesson> lessons = new LessonCatalog().of(topic);
            for (Lesson lesson : lessons)
                out.append("| `").append(lesson.id()).append("` | ").append(cell(lesson.title().in(lang)))
                        .append(" | ").append(cell(lesson.summary().in(lang))).append(" | ").append(calls(lesson))
                        .append(" | ").append(errnos(lesson, lang)).append(" | ").append(lesson.steps().size())
                        .append(" |\n");
        }
        return out.toString();
    }

    /**
     * The calls the lesson's steps make, in the order of their first use (a reset or a hand-over step is no call of its
     * own).
     */
    private static String calls(Lesson lesson) {
        return lesson.steps().stream().filter(st -> st.kind() != Step.Kind.RESET && st.kind() != Step.Kind.HAND_OVER)
                .map(Step::call)
                .filter(Objects::nonNull).distinct().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }

    /**
     * The errno names a step expects (one of several where the kernel decides by privilege), then those only the
     * two-machine steps expect ({@code "two_hosts_steps"}), each marked as such; or a dash.
     */
    private static String errnos(Lesson lesson, Lang lang) {
        List<String> always = errnos(lesson.steps());
        String twoHosts = lang == Lang.ES ? " (con `--two-hosts`)" : " (with `--two-hosts`)";
        String named = Stream.concat(always.stream().map(n -> "`" + n + "`"),
                errnos(lesson.onTwoHostsOnly()).stream().filter(n -> !always.contains(n))
                        .map(n -> "`" + n + "`" + twoHosts))
                .collect(Collectors.joining(", "));
        return named.isEmpty() ? "–" : named;
    }

    private static List<String> errnos(List<Step> steps) {
        return steps.stream().map(Step::expect).filter(Objects::nonNull)
                .flatMap(e -> Stream.concat(Stream.of(e.result()), e.oneOf().stream().map(Expect.Outcome::result)))
                .filter(r -> r instanceof Expect.Result.Exact x && x.errno() != null)
                .map(r -> ((Expect.Result.Exact) r).errno()).distinct().toList();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            out.append(es ? "| id | lección | qué muestra | pasos |\n" : "| id | lesson | what it shows | steps |\n");
            out.append("| --- | --- | --- | --- |\n");
            List<Lesson> lessons = LessonCatalog.of(topic);
            for (Lesson lesson : lessons)
                out.append("| `").append(lesson.id()).append("` | ").append(cell(lesson.title().in(lang)))
                        .append(" | ").append(cell(lesson.summary().in(lang))).append(" | ")
                        .append(lesson.steps().size()).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

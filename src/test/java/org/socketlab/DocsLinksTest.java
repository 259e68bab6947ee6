package org.socketlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.socketlab.lesson.LessonCatalog;

/**
 * The README (both languages) and every page under docs/ point only at files the repository has, and at headings those
 * pages have: a link into target/ or to a page that moved fails here, not in a reader's browser.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    @Test
    void everyLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() >= 12, "README.md, README.es.md and the docs were found: " + pages);
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher m = LINK.matcher(withoutCodeBlocks(text));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) continue; // https:, mailto:
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                Path folder = page.toAbsolutePath().getParent();
                Path target = file.isEmpty()
                        ? page
                        : Path.of("").toAbsolutePath().relativize(folder.resolve(file).normalize());
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link + " (no file " + target + ")");
                    continue;
                }
                if (target.startsWith("target")) broken.add(page + ": " + link + " (under target/)");
                if (anchor != null && target.toString().endsWith(".md") && !anchors(target).contains(anchor))
                    broken.add(page + ": " + link + " (no heading #" + anchor + " in " + target + ")");
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmesStayShort() throws IOException {
        for (String readme : new String[]{"README.md", "README.es.md"}) {
            long lines = Files.readAllLines(Path.of(readme), StandardCharsets.UTF_8).size();
            // One screen: what it is, a screenshot, the two commands, links (issue 81).
            assertTrue(lines <= 60, readme + " has " + lines + " lines; the rest belongs in docs/");
        }
    }

    @Test
    void theReadmesKeepTheTwoCommands() throws IOException {
        for (String readme : new String[]{"README.md", "README.es.md"}) {
            String text = Files.readString(Path.of(readme), StandardCharsets.UTF_8);
            assertTrue(text.contains("`mvn -q compile exec:exec`"), readme + " says how to open the program");
            assertTrue(text.contains("`mvn -B test`"), readme + " says how to run the tests");
            String section = text.split("\n## ")[1];
            long commands = section.lines().filter(l -> l.startsWith("| ") && l.endsWith("` |"))
                    .count();
            assertEquals(2, commands, readme + "'s second section has the two commands, no third:\n" + section);
        }
    }

    @Test
    void theReadmesCountTheLessonsThereAre() throws IOException {
        int lessons = LessonCatalog.IDS.size();
        assertTrue(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).contains(lessons + " lessons"),
                "README.md says " + lessons + " lessons");
        assertTrue(Files.readString(Path.of("README.es.md"), StandardCharsets.UTF_8).contains(lessons + " lecciones"),
                "README.es.md says " + lessons + " lecciones");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("README.es.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Fenced code blocks hold commands and JSON, not links. */
    private static String withoutCodeBlocks(String text) {
        return text.replaceAll("(?s)```.*?```", "");
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher m = HEADING.matcher(withoutCodeBlocks(Files.readString(page, StandardCharsets.UTF_8)));
        while (m.find()) {
            String slug = m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            anchors.add(slug);
        }
        return anchors;
    }
}

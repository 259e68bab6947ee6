package org.socketlab.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.export.SvgDiagram;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/** The transcript and the SVG of real runs paint the same story, moment for moment. */
class StoryPaintersTest {

    /** The story's moments as "seq" and "seq-entry", notes left out (the transcript quotes them, unnumbered). */
    private static List<String> moments(Story story) {
        List<String> ids = new ArrayList<>();
        for (Beat b : story.beats()) {
            if (b instanceof Beat.Note) continue;
            ids.add(b.event().seq() + (b instanceof Beat.Call c && c.moment() == Beat.Moment.ENTRY ? "-entry" : ""));
        }
        return ids;
    }

    @Test
    void theTranscriptOfTcpBasicsWithCaptureListsEachCapturedSegmentOnceAndNoInferredOne() {
        List<Event> journal = RecordedRuns.captured("tcp-basics");
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            String md = MarkdownTranscript.render(journal, lang, "tcp-basics");
            List<String> segmentLines = md.lines().filter(l -> l.contains(" → ")).toList();
            long captured = journal.stream().filter(e -> e.payload() instanceof Payload.Segment s && s.captured())
                    .count();
            assertEquals(captured, segmentLines.size(), md);
            assertTrue(segmentLines.stream().allMatch(l -> l.endsWith(m.get("cli.transcript.captured"))), md);
            assertFalse(md.contains(m.get("cli.transcript.inferred")), md);
            assertTrue(segmentLines.stream().noneMatch(l -> l.contains(m.get("story.inferred"))), md);
            // Each moment has a number of its own, strictly increasing down the transcript (issue 79).
            List<Long> numbers = md.lines().filter(l -> l.startsWith("- #"))
                    .map(l -> Long.parseLong(l.substring(3, l.indexOf(' ', 3)))).toList();
            for (int i = 1; i < numbers.size(); i++)
                assertTrue(numbers.get(i) > numbers.get(i - 1), "strictly increasing: " + numbers + "\n" + md);
        }
    }

    @Test
    void theSvgAndTheTranscriptTellTheSameMomentsInTheSameOrder() {
        for (String lesson : List.of("tcp-basics", "connection-refused")) {
            List<Event> journal = RecordedRuns.best(lesson);
            List<String> story = moments(Story.of(journal));

            Story told = Story.of(journal);
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < told.beats().size(); i++)
                if (!(told.beats().get(i) instanceof Beat.Note)) numbers.add(String.valueOf(told.number(i)));
            List<String> svg = new ArrayList<>(), svgNumbers = new ArrayList<>();
            Matcher g = Pattern
                    .compile("<g class=\"row (\\w+)[^\"]*\" id=\"event-(\\d+(?:-entry)?)\" data-number=\"(\\d+)\">")
                    .matcher(SvgDiagram.render(journal, Lang.EN, lesson));
            while (g.find())
                if (!g.group(1).equals("note")) {
                    svg.add(g.group(2));
                    svgNumbers.add(g.group(3));
                }
            assertEquals(story, svg, lesson + ": the SVG paints the story");
            assertEquals(numbers, svgNumbers, lesson + ": the SVG numbers the story's moments");

            List<String> transcript = new ArrayList<>();
            String md = MarkdownTranscript.render(journal, Lang.EN, lesson);
            for (String line : md.lines().toList()) {
                Matcher item = Pattern.compile("^- #(\\d+) .*").matcher(line);
                if (item.matches()) transcript.add(item.group(1));
            }
            assertEquals(numbers, transcript, lesson + ": the transcript tells the story's moments, numbered\n" + md);
        }
    }
}

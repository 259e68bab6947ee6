package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.export.MarkdownTranscript;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonCatalog;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.JournalLine;
import org.socketlab.story.StoryText;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.journal.JournalViewModel;

/**
 * One numbering in the window (issue 26, issue 79): the playback counter, the details pane and the journal pane say the
 * story's moment numbers, the Markdown's, in the order the rows are drawn; the export dialog's "the playback is at" the
 * journal event the counter's row tells, on the view-models of a real lesson's journal (tcp-basics
 * on loopback). The journal pane words a listener's queue as accept queue and backlog, and numbers segments relative
 * to each side's first, as the diagram does (issue 20 §4).
 */
class OneNumberingTest {
    private static List<Event> journal;
    private static boolean captured;

    @BeforeAll
    static void runALesson() {
        try (Lab lab = Lab.onThisMachine()) {
            var lesson = new LessonCatalog().all().stream().filter(l -> l.id().equals("tcp-basics")).findFirst()
                    .orElseThrow();
            assertTrue(new LessonRunner().run(lesson, lab).passed());
            journal = lab.journal().snapshot();
            captured = lab.capturing();
        }
    }

    @Test
    void theCounterTheDetailsTheExportDialogAndTheJournalPaneSayTheSameNumbers() {
        for (Lang lang : Lang.values()) {
            Texts texts = new Texts(lang);
            Messages m = Messages.of(lang);
            DiagramFeature diagram = new DiagramFeature(texts, () -> 0);
            diagram.onEvents(journal);
            JournalViewModel pane = new JournalViewModel(texts);
            pane.onEvents(journal);
            List<JournalLine> lines = pane.lines();
            assertEquals(diagram.model().rowCount(), lines.size(), "one journal line per diagram row");
            // Issue 79: the moments are numbered in the order they are drawn, 1, 2, 3..., as the Markdown numbers them.
            for (int i = 0; i < lines.size(); i++) assertEquals(i + 1, lines.get(i).number(), "line " + i);
            String md = MarkdownTranscript.render(journal, lang, null);
            for (JournalLine line : lines)
                if (line.kind() != JournalLine.Kind.NOTE)
                    assertTrue(md.contains("- #" + line.number() + " **" + line.who() + "**"),
                            () -> "#" + line.number() + " " + line.who() + " in the Markdown:\n" + md);

            diagram.playback().jumpToStart();
            long before = 0, beforeEvent = 0;
            for (int shown = 0; shown <= diagram.model().rowCount(); shown++) {
                diagram.playback().seek(shown);
                int rows = diagram.playback().visibleRows();
                EventNumbers at = diagram.eventNumbers();
                String counter = diagram.counter().get();
                String first = "1", last = String.valueOf(lines.size());
                assertEquals(at.at() == 0
                        ? m.get("ui.playback.position.start", first, last)
                        : m.get("ui.playback.position", String.valueOf(at.at()), first, last), counter);
                assertFalse(counter.startsWith("#0 "), () -> "no moment #0: " + counter);
                // The counter's number is the journal pane's of the last row shown.
                assertEquals(rows == 0 ? 0 : lines.get(rows - 1).number(), at.at(), "counter at row " + rows);
                assertTrue(at.at() >= before, "the counter never goes back while the playback goes forward");
                before = at.at();
                // The export dialog's range is of journal events: the newest event the rows shown tell (a call counts
                // once it returned, a reading at its own row), or the journal's last once everything is shown.
                long newest = 0;
                for (int i = 0; i < rows; i++)
                    if (lines.get(i).kind() != JournalLine.Kind.ENTRY
                            && !(diagram.model().row(i) instanceof Row.StateMark s && s.deduced()))
                        newest = Math.max(newest, lines.get(i).seq());
                long expected = rows >= diagram.model().rowCount() ? journal.getLast().seq() : newest;
                assertEquals(expected, at.atEvent(), "the export's event at row " + rows + ": " + counter);
                assertTrue(at.atEvent() >= beforeEvent, "the export's event never goes back");
                beforeEvent = at.atEvent();
                if (rows == 0) continue;
                // The details of the row at the cursor: the journal pane's number of the same moment.
                Row row = diagram.model().row(rows - 1);
                diagram.details().selectedProperty().set(row);
                String number = diagram.details().details().stream()
                        .filter(d -> d.name().equals(m.get("ui.diagram.details.seq"))).findFirst().orElseThrow()
                        .value();
                assertEquals("#" + lines.get(rows - 1).number(), number, "details and journal pane of row " + rows);
                assertEquals(diagram.model().number(rows - 1), lines.get(rows - 1).number());
            }
            assertEquals(lines.size(), diagram.eventNumbers().at(), "at the end: N / N");
            assertEquals(lines.size(), diagram.eventNumbers().last());
            assertEquals(journal.getLast().seq(), diagram.eventNumbers().atEvent());
        }
    }

    /**
     * A new session (after a Reset all or a lesson's start) is a story of its own: the counter and the journal pane
     * number its moments from #1, as its Markdown export does, while the export's range stays in the journal's events.
     */
    @Test
    void aNewSessionsCounterSaysItsOwnRangeInTheStorysNumbers() {
        int cutAt = journal.size() / 2;
        long cut = journal.get(cutAt - 1).seq();
        List<Event> session = journal.subList(cutAt, journal.size());
        for (Lang lang : Lang.values()) {
            Texts texts = new Texts(lang);
            Messages m = Messages.of(lang);
            DiagramFeature diagram = new DiagramFeature(texts, () -> 0);
            assertEquals(m.get("ui.playback.position.none"), diagram.counter().get(), "before any event");
            diagram.model().startsSessionAfter(cut);
            diagram.onEvents(session);
            diagram.playback().jumpToEnd();
            long last = diagram.model().rowCount();
            assertEquals(m.get("ui.playback.position", String.valueOf(last), "1", String.valueOf(last)),
                    diagram.counter().get());
            assertEquals(session.getLast().seq(), diagram.eventNumbers().atEvent());
            JournalViewModel pane = new JournalViewModel(texts);
            pane.startsSessionAfter(cut);
            pane.onEvents(session);
            assertEquals(last, pane.lines().getLast().number(), "the journal pane's numbers are the counter's");
            assertTrue(pane.lines().stream().allMatch(l -> l.seq() > cut && l.seq() <= session.getLast().seq()),
                    "the journal pane tells the session's events");
        }
    }

    /**
     * Issue 57: the counter reads as words, never "#1 of #1–1" (a session of one event) nor "#0 of #31–60" (the playback
     * before the first event it tells).
     */
    @Test
    void theCounterReadsNaturallyWithOneEventAndBeforeTheFirst() {
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            String one = DiagramFeature.counterText(new EventNumbers(1, 1, 1, 1), m);
            String before = DiagramFeature.counterText(new EventNumbers(0, 31, 60, 0), m);
            String beforeOne = DiagramFeature.counterText(new EventNumbers(0, 7, 7, 0), m);
            String middle = DiagramFeature.counterText(new EventNumbers(39, 38, 40, 39), m);
            assertEquals(m.get("ui.playback.position.one", "1"), one);
            assertFalse(one.contains("1–1") || one.contains("1-1"), one);
            assertEquals(m.get("ui.playback.position.start", "31", "60"), before);
            assertFalse(before.contains("#0"), before);
            assertTrue(beforeOne.contains("#7") && !beforeOne.contains("7–7"), beforeOne);
            assertEquals(m.get("ui.playback.position", "39", "38", "40"), middle);
            assertEquals(m.get("ui.playback.position.none"),
                    DiagramFeature.counterText(new EventNumbers(0, 0, 0, 0), m));
        }
        assertEquals("#1 de 1",
                DiagramFeature.counterText(new EventNumbers(1, 1, 1, 1), Messages.of(Lang.of("es"))));
        assertEquals("before #31–60",
                DiagramFeature.counterText(new EventNumbers(0, 31, 60, 0), Messages.of(Lang.of("en"))));
    }

    @Test
    void theJournalPaneWordsQueuesAndSegmentsAsTheDiagramDoes() {
        for (Lang lang : Lang.values()) {
            Texts texts = new Texts(lang);
            Messages m = Messages.of(lang);
            DiagramModel model = new DiagramModel();
            model.append(journal);
            JournalViewModel pane = new JournalViewModel(texts);
            pane.onEvents(journal);
            int listeners = 0, segments = 0;
            for (int i = 0; i < model.rowCount(); i++) {
                Row row = model.row(i);
                String line = pane.lines().get(i).text();
                if (row instanceof Row.QueueMark q) {
                    // the diagram names the endpoint beside its mark; the pane has it in its own column
                    int meaning = line.indexOf(" \u2014 ");
                    assertEquals(
                            StoryText.whose(q.endpoint(), meaning < 0 ? line : line.substring(0, meaning), q.named(),
                                    m),
                            DiagramText.label(row, m),
                            () -> "a queue is worded as the diagram words it (then its meaning): " + line);
                    if (q.listener()) {
                        listeners++;
                        assertTrue(line.startsWith(StoryText.queue(q.queue(), true, false, m)), line);
                        assertFalse(line.contains("Recv-Q") || line.contains("Send-Q"), line);
                    }
                }
                if (row instanceof Row.SegmentArrow s) {
                    segments++;
                    assertTrue(line.contains(DiagramText.label(row, m)),
                            () -> "the segment's label, numbers relative as drawn: " + line + " / "
                                    + DiagramText.label(row, m));
                    if (s.captured() && s.segment().seqNo() != null && s.segment().seqNo() > 1000)
                        assertFalse(line.contains(String.valueOf(s.segment().seqNo())), "no absolute seq: " + line);
                }
            }
            assertTrue(listeners > 0, "tcp-basics has a listener's accept queue");
            assertTrue(segments > 0 || !captured && !CiRules.onCi(), "tcp-basics puts segments on the wire");
        }
    }
}

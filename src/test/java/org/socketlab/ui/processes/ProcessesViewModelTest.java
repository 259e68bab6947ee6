package org.socketlab.ui.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.table.ProcessRow;
import org.socketlab.ui.common.Texts;

/**
 * The Processes view's model on a real fork-server run (no toolkit): it shows the playback's moment, a replay that
 * starts after events the diagram let go gives the same table, and the journal written to a file and read back (a saved
 * journal opened in the window) gives the same table too.
 */
class ProcessesViewModelTest {
    private static List<Event> journal;
    private static int forked;

    @BeforeAll
    static void runTheLesson() {
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner().run(LessonLoader.load("fork-server"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
        for (int i = 0; i < journal.size(); i++)
            if (journal.get(i).payload() instanceof Payload.Process p && p.event().equals(Payload.Process.FORKED)) {
                forked = i;
                break;
            }
        assertTrue(forked > 0, "a fork in the run");
    }

    @Test
    void itShowsThePlaybacksMomentAndGoesBack() {
        ProcessesViewModel vm = new ProcessesViewModel(new Texts(Lang.EN));
        assertTrue(vm.rows().isEmpty());
        vm.replay(journal.subList(0, forked));
        assertTrue(vm.rows().stream().noneMatch(r -> r.endpoint().equals("server-2")), "before the fork: no child");
        vm.replay(journal.subList(0, forked + 1));
        ProcessRow child = vm.rows().stream().filter(r -> r.endpoint().equals("server-2")).findFirst().orElseThrow();
        assertTrue(child.descriptors().stream().allMatch(ProcessRow.Descriptor::shared), () -> "" + child);
        vm.replay(journal.subList(0, forked)); // the playback stepped back
        assertTrue(vm.rows().stream().noneMatch(r -> r.endpoint().equals("server-2")), "stepped back: no child");
    }

    @Test
    void aReplayAfterOlderEventsGivesTheSameTable() {
        ProcessesViewModel whole = new ProcessesViewModel(new Texts(Lang.EN));
        whole.replay(journal);
        ProcessesViewModel later = new ProcessesViewModel(new Texts(Lang.EN));
        later.older(journal.subList(0, forked + 3));
        later.replay(journal.subList(forked + 3, journal.size()));
        assertEquals(whole.rows(), later.rows());
        assertTrue(whole.rows().size() >= 4, () -> "server, its two children, the client: " + whole.rows());
    }

    @Test
    void aSavedJournalReadBackGivesTheSameTable() throws Exception {
        StringWriter file = new StringWriter();
        JournalJsonl.write(journal.subList(0, forked + 1), file);
        List<Event> readBack = JournalJsonl.read(new StringReader(file.toString()));
        ProcessesViewModel live = new ProcessesViewModel(new Texts(Lang.EN));
        live.replay(journal.subList(0, forked + 1));
        ProcessesViewModel saved = new ProcessesViewModel(new Texts(Lang.EN));
        saved.replay(readBack);
        assertEquals(live.rows(), saved.rows());
        assertTrue(saved.rows().stream().anyMatch(r -> r.endpoint().equals("server-2")), () -> "" + saved.rows());
    }
}

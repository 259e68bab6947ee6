package org.socketlab.ui.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.i18n.Lang;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.ChildLessonRun;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;
import org.socketlab.ui.common.Texts;

/**
 * Issue 57 (window review finding 7, screenshot 28): the lab's note "the next data segment client → server will be
 * lost" stayed above the diagram after the loss, the retransmission and the recv. On a real lost-segment run in the
 * lab network, its events as a live session shows them (the lab's own notes, no lesson's narration), the note is shown
 * until the lost segment and not after it.
 */
class SpentLossNoteTest {
    @TempDir
    static Path shared;
    private static List<Event> live;

    @BeforeAll
    static void loseASegmentOnTheLabsNetwork() throws Exception {
        Path labnet = Labnet.built();
        Labnet.Outcome probe = Labnet.run(List.of("enter", "--strict", "--", "true"));
        CiRules.requireOrSkip(probe.status() == 0, "a private lab network (user + network namespace): "
                + probe.output());
        List<String> classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
        Path file = shared.resolve("lost-segment.jsonl");
        List<String> command = new ArrayList<>(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + labnet.resolveSibling("socketlab-endpoint")));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main", "run",
                "lost-segment", "--lang", "en", "--journal", file.toString()));
        Labnet.Outcome run = Labnet.runCommand(command);
        assertEquals(0, run.status(), run.output());
        // Live, only the lab speaks: the lesson's step narration is left out.
        live = JournalJsonl.read(file).stream()
                .filter(e -> !(e.payload() instanceof Payload.Note) || e.endpoint().equals(Lab.ITSELF)).toList();
    }

    @Test
    void theLabsLossNoteIsSpentOnceTheSegmentWasLost() {
        int lost = -1;
        for (int i = 0; i < live.size() && lost < 0; i++)
            if (live.get(i).payload() instanceof Payload.Segment s && s.lost()) lost = i;
        assertTrue(lost > 0, "a segment journaled lost");
        int before = lost;
        String announced = "";
        for (int i = lost - 1; i >= 0 && announced.isEmpty(); i--)
            if (live.get(i).payload() instanceof Payload.Note n) announced = n.text().get("en");
        assertTrue(announced.contains("will be lost"), announced);
        DiagramFeature feature = new DiagramFeature(new Texts(Lang.EN), () -> 0);
        var narration = feature.narration();
        feature.onEvents(live.subList(0, before));
        feature.playback().jumpToEnd();
        assertEquals(announced, narration.get(), "announced before the loss");
        int nextNote = lost + 1;
        while (nextNote < live.size() && !(live.get(nextNote).payload() instanceof Payload.Note)) nextNote++;
        feature.onEvents(live.subList(before, nextNote));
        feature.playback().jumpToEnd();
        assertEquals("", narration.get(), "spent after the loss, events " + live.get(before).seq() + " to "
                + live.get(nextNote - 1).seq());
    }
}

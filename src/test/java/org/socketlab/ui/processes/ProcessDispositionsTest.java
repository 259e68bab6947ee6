package org.socketlab.ui.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;
import org.socketlab.lesson.LessonLoader;
import org.socketlab.lesson.LessonReport;
import org.socketlab.lesson.LessonRunner;
import org.socketlab.story.table.ProcessRow;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.common.Texts;

/**
 * Issue 57: the Processes view says each process's signal dispositions at the playback's moment, on a real run of the
 * eintr lesson (no toolkit): the client's SIGALRM handler without, then with, then again without SA_RESTART; the
 * server's SIGCHLD caught, then ignored; each fork's child starting with its parent's (fork keeps them).
 */
class ProcessDispositionsTest {
    private static List<Event> journal;

    @BeforeAll
    static void runTheLesson() {
        try (Lab lab = Lab.withoutCapture()) {
            LessonReport report = new LessonRunner(Duration.ofSeconds(20), Duration.ofSeconds(10))
                    .run(LessonLoader.load("eintr"), lab);
            assertTrue(report.passed(), () -> report.mismatch().describe(Messages.of(Lang.EN)));
            journal = lab.journal().snapshot();
        }
    }

    @Test
    void eachSignalCallSetsItsProcesssDispositionAsTheViewShowsIt() {
        ProcessesViewModel vm = new ProcessesViewModel(new Texts(Lang.EN));
        vm.replay(List.of());
        int calls = 0;
        for (int i = 0; i < journal.size(); i++) {
            if (!(journal.get(i).payload() instanceof Payload.Call c) || !c.is(SysCall.SIGNAL) || c.failed()) continue;
            vm.replay(journal.subList(0, i + 1));
            ProcessRow row = running(vm, c.pid());
            String signal = c.arg(CallArg.SIGNUM), handler = c.arg(CallArg.HANDLER);
            boolean restart = "SA_RESTART".equals(c.arg(CallArg.SA_FLAGS));
            assertTrue(row.dispositions().contains(new ProcessRow.Disposition(signal, handler, restart)),
                    () -> c + " -> " + row.dispositions());
            assertEquals(1, row.dispositions().stream().filter(d -> d.signal().equals(signal)).count(),
                    "one disposition a signal: the newest call's");
            for (Lang lang : Lang.values()) {
                Messages m = Messages.of(lang);
                String words = row.dispositionsText(m);
                assertTrue(words.contains(signal), words);
                assertTrue(words.contains(restart ? "SA_RESTART" : handler.equals("SIG_IGN") ? "SIG_IGN" : "EINTR"),
                        () -> lang + ": " + words);
            }
            calls++;
        }
        assertTrue(calls >= 5, "eintr sets SIGALRM three times and SIGCHLD twice: " + calls);
    }

    @Test
    void aForkedChildStartsWithItsParentsDispositions() {
        ProcessesViewModel vm = new ProcessesViewModel(new Texts(Lang.EN));
        int forks = 0;
        for (int i = 0; i < journal.size(); i++) {
            if (!(journal.get(i).payload() instanceof Payload.Process p) || !p.event().equals(Payload.Process.FORKED))
                continue;
            vm.replay(journal.subList(0, i + 1));
            ProcessRow child = running(vm, p.pid()), parent = running(vm, p.parentPid());
            assertEquals(parent.dispositions(), child.dispositions(), "fork keeps the dispositions");
            assertTrue(child.dispositions().stream().anyMatch(d -> d.signal().equals("SIGCHLD")),
                    () -> "the server set SIGCHLD before each fork: " + child);
            forks++;
        }
        assertEquals(2, forks, "eintr forks twice");
        vm.replay(journal.subList(0, 1));
        Messages m = Messages.of(Lang.ES);
        assertTrue(vm.rows().stream().filter(r -> !r.ended())
                .allMatch(r -> r.dispositionsText(m).equals(m.get("ui.processes.signals.default"))),
                "before any signal() every process has every default action");
    }

    private static ProcessRow running(ProcessesViewModel vm, Integer pid) {
        return vm.rows().stream().filter(r -> Objects.equals(r.pid(), pid) && !r.ended()).findFirst()
                .orElseThrow(() -> new AssertionError("no running process " + pid + " in " + vm.rows()));
    }
}

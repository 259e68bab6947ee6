package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;

/**
 * Issue 79 on strace's own lines (pids no process has here, so /proc cannot tell and the record alone must): a clone
 * with CLONE_THREAD is a thread of its creator's process, on its lane from its first line even when that line comes
 * before the clone's result; its own exit() ends it with a code, its process's exit_group without; a clone without
 * CLONE_THREAD is still a fork.
 */
class StraceThreadLinesTest {
    private static final int MAIN = 4_190_001, THREAD = 4_190_002, CHILD = 4_190_003, SECOND = 4_190_004;
    private static final String THREAD_FLAGS = "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD"
            + "|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0, parent_tid=0x7f0,"
            + " exit_signal=0, stack=0x7f1, stack_size=0x7fff00, tls=0x7f2}";

    @Test
    void aThreadIsJournaledAsAThreadOfItsProcess() {
        Journal journal = new Journal();
        StraceRecord record = new StraceRecord(journal, new TracedSockets(journal, null));
        for (String line : List.of(
                MAIN + " 1700000000.000100 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[91001]> <0.000010>",
                MAIN + " 1700000000.000200 clone3(" + THREAD_FLAGS + " <unfinished ...>",
                // The thread runs before its creator sees clone's result.
                THREAD + " 1700000000.000300 close(3<TCP:[91001]>) = 0 <0.000010>",
                MAIN + " 1700000000.000250 <... clone3 resumed> => {parent_tid=[" + THREAD + "]}, 88) = " + THREAD
                        + " <0.000100>",
                MAIN + " 1700000000.000350 clone3(" + THREAD_FLAGS + ", 88) = " + SECOND + " <0.000050>",
                THREAD + " 1700000000.000400 exit(0) = ?",
                THREAD + " 1700000000.000500 +++ exited with 0 +++",
                MAIN + " 1700000000.000550 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID"
                        + "|SIGCHLD, child_tidptr=0x7f3) = " + CHILD + " <0.000100>",
                CHILD + " 1700000000.000560 +++ exited with 0 +++",
                SECOND + " 1700000000.000600 +++ exited with 0 +++",
                MAIN + " 1700000000.000700 +++ exited with 0 +++"))
            record.read(line);
        record.ended();
        List<Event> events = journal.snapshot();
        String first = "program-" + MAIN + "-thread-1", second = "program-" + MAIN + "-thread-2";
        Event started = only(events, first, Payload.Process.THREAD);
        assertEquals(THREAD, ((Payload.Process) started.payload()).pid());
        assertEquals(MAIN, ((Payload.Process) started.payload()).parentPid());
        Event close = events.stream().filter(e -> e.payload() instanceof Payload.Call c && c.call().equals("close"))
                .findFirst().orElseThrow();
        assertEquals(first, close.endpoint(), "the thread's call is on its lane from its first line: " + events);
        assertTrue(started.seq() < close.seq(), "its start is journaled before its first call: " + events);
        assertTrue(started.atNs() < close.atNs(), "and happened before it: " + events);
        assertEquals(0, ((Payload.Process) only(events, first, Payload.Process.THREAD_ENDED).payload()).code(),
                "its own exit(0)");
        assertNull(((Payload.Process) only(events, second, Payload.Process.THREAD_ENDED).payload()).code(),
                "ended with its process: no exit() of its own");
        only(events, "program-" + CHILD, Payload.Process.FORKED);
        only(events, "program-" + CHILD, Payload.Process.EXITED);
        assertTrue(events.stream().noneMatch(e -> e.payload() instanceof Payload.Process p
                && (p.event().equals(Payload.Process.FORKED) || p.event().equals(Payload.Process.EXITED))
                && (p.pid() == THREAD || p.pid() == SECOND)), "no thread is a fork or a process's exit: " + events);
    }

    private static Event only(List<Event> events, String endpoint, String event) {
        List<Event> found = events.stream().filter(e -> e.endpoint().equals(endpoint)
                && e.payload() instanceof Payload.Process p && p.event().equals(event)).toList();
        assertEquals(1, found.size(), endpoint + " " + event + ": " + events);
        return found.getFirst();
    }
}

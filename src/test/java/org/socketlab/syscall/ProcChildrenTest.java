package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.testing.Await;

/** The children and descendants /proc lists are the ones the JDK finds by reading every process's status. */
class ProcChildrenTest {
    @Test
    void aShellsChildAndGrandchildAreItsChildrenAndDescendants() throws Exception {
        CiRules.requireOrSkip(Os.current() == Os.LINUX, "/proc (Linux)");
        // sh starts sleep in the background (a child), and another sh that starts its own sleep (a grandchild).
        Process p = ProcessStarts.start(new ProcessBuilder("/bin/sh", "-c",
                "sleep 30 & /bin/sh -c 'sleep 30 & wait' & wait"));
        try {
            int pid = (int) p.pid();
            Await.until(Duration.ofSeconds(20), () -> p.toHandle().descendants().count() == 3,
                    () -> "two sleeps and a shell started");
            List<Integer> jdk = p.toHandle().descendants().map(h -> (int) h.pid()).sorted().toList();
            assertEquals(3, jdk.size(), "two sleeps and a shell: " + jdk);
            assertEquals(jdk, ProcChildren.descendants(pid).stream().sorted().toList());
            Set<Integer> children = ProcChildren.of(pid);
            assertEquals(p.toHandle().children().map(h -> (int) h.pid()).collect(Collectors.toSet()),
                    children);
            assertEquals(2, children.size(), "" + children);
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(ProcChildren.of((int) p.pid()).isEmpty(), "an ended process has none");
        assertTrue(ProcChildren.descendants((int) p.pid()).isEmpty());
    }
}

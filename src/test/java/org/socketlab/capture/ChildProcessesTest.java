package org.socketlab.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;

/** Helper programs die with SocketLab, even on SIGKILL, and even when the thread that started them has ended. */
class ChildProcessesTest {

    /** The program the test kills: starts {@code sleep} from a thread that then ends, prints its pid, waits. */
    public static final class KilledParent {
        public static void main(String[] args) throws Exception {
            long[] pid = new long[1];
            Thread starter = new Thread(() -> {
                try {
                    pid[0] = ChildProcesses.startDyingWithParent(new ProcessBuilder("sleep", "600"), "sleep").process()
                            .pid();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            starter.start();
            starter.join(); // the starting thread is gone before the parent is killed
            System.out.println("child " + pid[0]);
            System.out.flush();
            while (true) LockSupport.park();
        }
    }

    @Test
    void theCommandIsWrappedInSetprivWhenThereIsOne() {
        List<String> command = List.of("/usr/bin/tcpdump", "-i", "lo");
        assertEquals(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "/usr/bin/tcpdump", "-i", "lo"),
                ChildProcesses.dyingWithParent(Optional.of(Path.of("/usr/bin/setpriv")), command));
        assertEquals(command, ChildProcesses.dyingWithParent(Optional.empty(), command));
    }

    @Test
    void aChildDiesWithItsParentKilledBySigkill() throws Exception {
        boolean hasSetpriv = ChildProcesses.setpriv().isPresent();
        CiRules.requireOnCi(hasSetpriv, "setpriv (util-linux)");
        Process parent = new ProcessBuilder(
                ChildJvm.command("-cp", System.getProperty("java.class.path"), KilledParent.class.getName()))
                .redirectErrorStream(true).start();
        ProcessHandle child = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("child "), "the parent started its child: " + line);
            child = ProcessHandle.of(Long.parseLong(line.substring(6))).orElseThrow();
            assertTrue(child.isAlive(), "the child outlives the thread that started it");
            parent.toHandle().destroyForcibly(); // SIGKILL
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            if (!hasSetpriv) return; // off CI without util-linux: nothing makes sleep die; CI fails above instead
            try {
                child.onExit().get(10, TimeUnit.SECONDS); // sleep writes nothing: only the parent-death signal ends it
            } catch (TimeoutException e) {
                fail("the child " + child.pid() + " outlived its parent killed by SIGKILL");
            }
        } finally {
            parent.destroyForcibly();
            if (child != null) child.destroyForcibly();
        }
    }
}

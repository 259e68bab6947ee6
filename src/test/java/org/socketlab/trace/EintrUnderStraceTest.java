package org.socketlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.file.JournalJsonl;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.testing.ChildJvm;

/**
 * Lesson eintr under {@code strace -f} (issue 39): each process's own record confirms the journal. The client installs
 * SIGALRM's handler with rt_sigaction without SA_RESTART, then with it; SocketLab's kill() sends SIGALRM (SI_USER) while
 * recvfrom waits: without SA_RESTART strace shows {@code = ? ERESTARTSYS}, the signal, and rt_sigreturn returning -1
 * EINTR to the program; with SA_RESTART the same recvfrom is made again and returns the 4 bytes. The server's accept is
 * interrupted the same way by the SIGCHLD (CLD_EXITED) of its child's exit; with SIGCHLD ignored, wait4 finds no child.
 */
class EintrUnderStraceTest {
    private static final long LIMIT_S = 600;
    /** {@code PID TIME --- SIGALRM {si_signo=SIGALRM, si_code=SI_USER, ...} ---}, as strace -f -ttt prints a signal. */
    private static final Pattern SIGNAL = Pattern
            .compile("^(\\d+) +[0-9.]+ --- (SIG[A-Z0-9]+) \\{.*si_code=([A-Z_]+).*");

    @TempDir
    Path dir;

    /** One line of one process: a whole call, or a signal it got (call "---", args the signal and its si_code). */
    record Seen(int pid, String call, List<String> args, Long result, String errno) {
        boolean is(String name, String firstArg) {
            return call.equals(name) && (firstArg == null || !args.isEmpty() && args.getFirst().equals(firstArg));
        }
    }

    @Test
    void theSignalsTheirHandlersAndEintrAreInStracesRecord() throws Exception {
        var strace = TrustedPrograms.find("strace");
        CiRules.requireOnCi(strace.isPresent(), "strace");
        if (strace.isEmpty()) fail("strace is not installed: apt install strace (.ci/run installs it)");
        Path out = dir.resolve("strace.txt");
        List<String> command = new ArrayList<>(List.of(strace.get().toString(), "-f", "-ttt", "-qq", "-o",
                out.toString(), "-e", "trace=rt_sigaction,rt_sigreturn,kill,recvfrom,accept,accept4,wait4"));
        command.addAll(ChildJvm.command("-cp", System.getProperty("java.class.path"),
                LessonsUnderStraceTest.Child.class.getName(), dir.toString(), "eintr"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(LIMIT_S, TimeUnit.SECONDS), "eintr ended under strace within " + LIMIT_S + " s");
        assertEquals(0, p.exitValue());
        assertEquals("", Files.readString(dir.resolve("differed.txt")), "the lesson passed under strace");
        List<Event> events = JournalJsonl.read(dir.resolve("eintr.jsonl"));
        int client = pidOf(events, "client", Payload.Process.STARTED);
        int server = pidOf(events, "server", Payload.Process.STARTED);
        int child = pidOf(events, "server-2", Payload.Process.FORKED);
        List<Seen> seen = seen(Files.readAllLines(out));

        // SocketLab's kill() of the client, three times SIGALRM (from a thread of the JVM, not the client).
        assertEquals(3, seen.stream().filter(s -> s.is("kill", String.valueOf(client)) && s.args().size() > 1
                && s.args().get(1).equals("SIGALRM") && Long.valueOf(0).equals(s.result())).count(),
                "kill(client, SIGALRM) x3: " + seen.stream().filter(s -> s.call().equals("kill")).toList());

        List<Seen> c = of(seen, client);
        int noRestart = indexOf(c, 0, s -> s.is("rt_sigaction", "SIGALRM") && s.args().get(1).contains("sa_handler=0x")
                && !s.args().get(1).contains("SA_RESTART"), "rt_sigaction(SIGALRM, handler, no SA_RESTART)");
        int interrupted = indexOf(c, noRestart, s -> s.call().equals("recvfrom") && s.result() == null
                && "ERESTARTSYS".equals(s.errno()), "recvfrom = ? ERESTARTSYS");
        int signal = indexOf(c, interrupted, s -> s.is("---", "SIGALRM") && s.args().get(1).equals("SI_USER"),
                "--- SIGALRM (SI_USER) ---");
        int eintr = indexOf(c, signal, s -> s.call().equals("rt_sigreturn") && "EINTR".equals(s.errno()),
                "rt_sigreturn = -1 EINTR");
        int restart = indexOf(c, eintr, s -> s.is("rt_sigaction", "SIGALRM")
                && s.args().get(1).contains("SA_RESTART"), "rt_sigaction(SIGALRM, handler, SA_RESTART)");
        int again = indexOf(c, restart, s -> s.call().equals("recvfrom") && "ERESTARTSYS".equals(s.errno()),
                "recvfrom = ? ERESTARTSYS under SA_RESTART");
        int taken = indexOf(c, again, s -> s.is("---", "SIGALRM"), "the second SIGALRM");
        int back = indexOf(c, taken, s -> s.call().equals("rt_sigreturn"), "its rt_sigreturn");
        assertTrue(c.get(back).errno() == null, "with SA_RESTART the program is not told EINTR: " + c.get(back));
        int data = indexOf(c, back, s -> s.call().equals("recvfrom") && Long.valueOf(4).equals(s.result()),
                "the restarted recvfrom = 4");
        assertTrue(c.subList(back + 1, data).stream().noneMatch(s -> s.call().equals("rt_sigaction")),
                "no call of the lab between the restart and its data: the kernel made it again");

        List<Seen> sv = of(seen, server);
        int chld = indexOf(sv, 0, s -> s.is("rt_sigaction", "SIGCHLD") && s.args().get(1).contains("sa_handler=0x")
                && !s.args().get(1).contains("SA_RESTART"), "rt_sigaction(SIGCHLD, handler, no SA_RESTART)");
        int accept = indexOf(sv, chld, s -> s.call().startsWith("accept") && "ERESTARTSYS".equals(s.errno()),
                "accept = ? ERESTARTSYS");
        int exited = indexOf(sv, accept, s -> s.is("---", "SIGCHLD") && s.args().get(1).equals("CLD_EXITED"),
                "--- SIGCHLD (CLD_EXITED) ---");
        int told = indexOf(sv, exited, s -> s.call().equals("rt_sigreturn") && "EINTR".equals(s.errno()),
                "accept's rt_sigreturn = -1 EINTR");
        int reaped = indexOf(sv, told, s -> s.is("wait4", String.valueOf(child))
                && Long.valueOf(child).equals(s.result()), "wait4(server-2) = its pid");
        int ignored = indexOf(sv, reaped, s -> s.is("rt_sigaction", "SIGCHLD")
                && s.args().get(1).contains("sa_handler=SIG_IGN"), "rt_sigaction(SIGCHLD, SIG_IGN)");
        indexOf(sv, ignored, s -> s.is("wait4", "-1") && "ECHILD".equals(s.errno()), "wait4(-1) = -1 ECHILD");
    }

    private static int pidOf(List<Event> events, String endpoint, String what) {
        return events.stream().filter(e -> e.endpoint().equals(endpoint))
                .map(Event::payload).filter(p -> p instanceof Payload.Process x && x.event().equals(what))
                .map(p -> ((Payload.Process) p).pid()).findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " " + what + " not journaled"));
    }

    private static List<Seen> of(List<Seen> seen, int pid) {
        return seen.stream().filter(s -> s.pid() == pid).toList();
    }

    private static int indexOf(List<Seen> seen, int from, Predicate<Seen> what, String said) {
        for (int i = from; i < seen.size(); i++) if (what.test(seen.get(i))) return i;
        throw new AssertionError(said + " not in strace's record of the process after line " + from + ": "
                + seen.subList(from, seen.size()));
    }

    /** strace's whole calls (halves joined, with the project's parser) and the signals, in order. */
    private static List<Seen> seen(List<String> lines) {
        List<Seen> out = new ArrayList<>();
        StraceJoiner joiner = new StraceJoiner();
        for (String line : lines) {
            Matcher m = SIGNAL.matcher(line);
            if (m.matches()) {
                out.add(new Seen(Integer.parseInt(m.group(1)), "---", List.of(m.group(2), m.group(3)), null, null));
                continue;
            }
            for (StraceLine l : joiner.accept(StraceParser.parse(line)))
                if (l instanceof StraceLine.Syscall s)
                    out.add(new Seen(s.pid(), s.name(), s.args(), s.result(), s.errnoName()));
        }
        return out;
    }
}

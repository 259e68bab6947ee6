package org.socketlab.syscall;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Running a helper program (strace -V, mkfifo, the broker's nft or tc request) to its end: every wait for a helper's
 * end is here (LayerRulesTest: {@link Process#waitFor} is called only here and in a method that says which long-lived
 * program it awaits, {@link AwaitsLongLivedProgram}). A helper's run is bounded as a whole: its standard output and
 * error are drained on threads of their own while the limit runs, so a helper that hangs with a pipe open, or writes
 * without end, is ended at the limit instead of holding its caller in a read that comes before the timed wait.
 */
public final class HelperRun {
    /** What is kept of each of a helper's two outputs; the rest is read and dropped, so the helper never blocks. */
    static final int KEPT_BYTES = 64 * 1024;

    private HelperRun() {
    }

    /**
     * A helper's end: its exit status and what it wrote (at most {@link #KEPT_BYTES} of each), as UTF-8 text.
     *
     * @param exit its exit status
     * @param out  its standard output
     * @param err  its standard error
     */
    public record Ran(int exit, String out, String err) {
        /** Whether it exited with 0. */
        public boolean succeeded() {
            return exit == 0;
        }

        /** Why it failed in one line: the first line of its standard error, or {@code exit N} when it said nothing. */
        public String said() {
            String e = err.strip();
            return e.isEmpty() ? "exit " + exit : e.lines().findFirst().orElse(e);
        }
    }

    /** The helper did not end, or its outputs did not, within the limit: it was ended. */
    public static final class Overran extends IOException {
        private static final long serialVersionUID = 1L;

        Overran(String program, Duration limit) {
            super(program + ": no answer in " + seconds(limit));
        }

        private static String seconds(Duration limit) {
            long ms = limit.toMillis();
            return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        }
    }

    /**
     * Runs {@code command} (a list, never a shell line; its first word a program from {@link TrustedPrograms}) with
     * nothing on its standard input, to its end within {@code limit}.
     *
     * @throws Overran when it did not end in time (it is then killed)
     */
    public static Ran run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Process p = ProcessStarts.start(new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        return finish(p, command.getFirst(), limit);
    }

    /**
     * Reads a helper started elsewhere (the lab network's broker runs nft and tc for us) to its end within
     * {@code limit}; {@code program} names it in the message of {@link Overran}.
     */
    public static Ran finish(Process p, String program, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Drain out = new Drain(p.getInputStream(), "out"), err = new Drain(p.getErrorStream(), "err");
        boolean done = false;
        try {
            done = p.waitFor(left(deadline), TimeUnit.NANOSECONDS) && out.ended(deadline) && err.ended(deadline);
            if (!done) throw new Overran(program, limit);
            return new Ran(p.exitValue(), out.text(), err.text());
        } finally {
            if (!done) {
                p.destroyForcibly();
                // A pipe a grandchild still holds open would keep a drain reading: closing our end lets it end.
                out.close();
                err.close();
            }
            p.getOutputStream().close();
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** One output read to its end on its own thread, its first {@link #KEPT_BYTES} kept. */
    private static final class Drain {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;

        Drain(InputStream in, String name) {
            this.in = in;
            this.reader = Thread.ofPlatform().daemon().name("socketlab-helper-" + name).start(this::read);
        }

        private void read() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0;)
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.max(0, Math.min(n, KEPT_BYTES - kept.size())));
                    }
            } catch (IOException e) {
                // closed under us at the limit: what was kept is all there is
            }
        }

        boolean ended(long deadline) throws InterruptedException {
            return reader.join(Duration.ofNanos(Math.max(1, left(deadline))));
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // the pipe is going anyway
            }
        }
    }
}

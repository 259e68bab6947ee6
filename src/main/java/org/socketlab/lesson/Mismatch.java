package org.socketlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.kernel.SocketState;

/**
 * How a step differed from what its lesson expected, told in one line:
 * {@code step 4 (client connect): expected 0, got -1 ECONNREFUSED}.
 */
public sealed interface Mismatch {
    Step step();

    /** The one line, in the given language. */
    String describe(Messages m);

    private static String expected(Expect e, Messages m) {
        return e.anyFd() ? m.get("lesson.mismatch.anyFd") : e.resultText();
    }

    /** The call returned another value or errno. */
    record Result(Step step, String got) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.result", String.valueOf(step.number()), step.label(),
                    expected(step.expect(), m), got);
        }
    }

    /** The call transferred another number of bytes. */
    record Bytes(Step step, int got) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.bytes", String.valueOf(step.number()), step.label(),
                    String.valueOf(step.expect().bytes()), String.valueOf(got));
        }
    }

    /** The call transferred other bytes. */
    record Data(Step step, String got) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.data", String.valueOf(step.number()), step.label(), step.expect().data(),
                    got);
        }
    }

    /**
     * The call did not come back in time: it is still blocked in the kernel ({@code blocked}), or its process never
     * answered (the journal shows no wait).
     */
    record Timeout(Step step, long seconds, boolean blocked, @Nullable Long tcpCapSeconds) implements Mismatch {
        public Timeout(Step step, long seconds, boolean blocked) {
            this(step, seconds, blocked, null);
        }
        /**
         * {@code tcpCapSeconds}: set when TCP was still owed a retry as the wait ended at its limit (its own timeout
         * plus TCP's give-up time, issue 76 item 4), which the message says.
         */
        @Override
        public String describe(Messages m) {
            if (tcpCapSeconds != null)
                return m.get("lesson.mismatch.timeout.tcpLimit", String.valueOf(step.number()), step.label(),
                        expected(step.expect(), m), String.valueOf(seconds), String.valueOf(tcpCapSeconds));
            return m.get(blocked ? "lesson.mismatch.timeout" : "lesson.mismatch.unanswered",
                    String.valueOf(step.number()),
                    step.label(),
                    expected(step.expect(), m),
                    String.valueOf(seconds));
        }
    }

    /**
     * A state, queue or wire count still missing when its wait ended at TCP's limit, with TCP still owed a retry of what
     * the link lost (its own timeout plus TCP's give-up time, issue 76 item 4): the message says why it stopped waiting.
     */
    record AtTcpLimit(Mismatch within, long capSeconds) implements Mismatch {
        @Override
        public Step step() {
            return within.step();
        }

        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.atTcpLimit", within.describe(m), String.valueOf(capSeconds));
        }
    }

    /**
     * The same, when the wait had been made longer for TCP's retries and ended after the last one it was told of and
     * its own timeout, with the link's loss still not sent again: the real retry came later than tcp_info's timeout
     * said (its backoff) or was lost too late to be read. Said, with how long the step waited.
     */
    record AfterTcpRetries(Mismatch within, long waitedSeconds) implements Mismatch {
        @Override
        public Step step() {
            return within.step();
        }

        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.afterTcpRetries", within.describe(m), String.valueOf(waitedSeconds));
        }
    }

    /** The call could not be made at all (a named socket was never created, the input was refused). */
    record NotMade(Step step, LocalizedException reason) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.notMade", String.valueOf(step.number()), step.label(), m.text(reason));
        }
    }

    /**
     * The step's process died inside its call (killed by a signal, SIGPIPE's default action on a send to a reset
     * connection) or had ended: said as a death, with how a C program gets the error instead where there is a way.
     */
    record Died(Step step, @Nullable String signalName, @Nullable Integer signal, @Nullable Integer exitCode)
            implements
                Mismatch {
        @Override
        public String describe(Messages m) {
            String number = String.valueOf(step.number()), who = Names.endpoint(step.endpoint(), m).toLowerCase(
                    m.lang().locale());
            if ("SIGPIPE".equals(signalName))
                return m.get("lesson.mismatch.killedSigpipe", number, step.label(), step.call(), who,
                        String.valueOf(signal));
            if (signalName != null)
                return m.get("lesson.mismatch.killed", number, step.label(), step.call(), who, signalName,
                        String.valueOf(signal));
            return m.get("lesson.mismatch.exited", number, step.label(), step.call(), who,
                    exitCode == null ? "?" : String.valueOf(exitCode));
        }
    }

    /** A socket did not reach the expected state in time; {@code saw} is the last state the journal showed. */
    record State(Step step, String socket, SocketState expected, SocketState saw) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.state", String.valueOf(step.number()), step.label(), socket,
                    expected.journalName(), saw.journalName());
        }
    }

    /** A socket's queue ({@code recv_q} or {@code send_q}) did not hold the expected bytes in time. */
    record Queue(Step step, String socket, String queue, Expect.Range expected, long saw) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.queue", String.valueOf(step.number()), step.label(), socket, queue,
                    expected.text(),
                    String.valueOf(saw));
        }
    }

    /** A listener's accept queue did not hold the expected number of connections in time. */
    record AcceptQueue(Step step, String socket, Expect.Range expected, long saw) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.acceptQueue", String.valueOf(step.number()), step.label(), socket,
                    expected.text(),
                    String.valueOf(saw));
        }
    }

    /** A call that had to block returned at once. */
    record NotBlocked(Step step, String got) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.notBlocked", String.valueOf(step.number()), step.label(), got);
        }
    }

    /** A call that had to block was neither journaled as blocked nor returned in time. */
    record NeverBlocked(Step step, long seconds) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.neverBlocked", String.valueOf(step.number()), step.label(),
                    String.valueOf(seconds));
        }
    }

    /** poll() reported other revents for a socket than the step expects. */
    record Revents(Step step, String socket, String expected, String saw) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.revents", String.valueOf(step.number()), step.label(), socket, expected, saw);
        }
    }

    /** The wire did not carry the expected number of captured segments of one kind from one endpoint in time. */
    record Segments(Step step, Expect.Segments expected, long saw) implements Mismatch {
        @Override
        public String describe(Messages m) {
            return m.get("lesson.mismatch.segments", String.valueOf(step.number()), step.label(),
                    expected.count().text(),
                    m.get(switch (expected.kind()) {
                        case DATA -> "lesson.segments.data";
                        case BARE_ACK -> "lesson.segments.bare_ack";
                        case LOST -> "lesson.segments.lost";
                        case SYN -> "lesson.segments.syn";
                        case FIN -> "lesson.segments.fin";
                    }), expected.from(),
                    String.valueOf(expected.sinceStep()), String.valueOf(saw));
        }
    }

    /**
     * A check on the run did not hold: the step did not show its point ({@code values} are what the run gave, {@code ?}
     * where the journal could not tell). Said with the step in the reader's words; a value not measured is said as such,
     * with why, never as "= ?".
     */
    record Check(Step step, String condition, String values) implements Mismatch {
        @Override
        public String describe(Messages m) {
            String number = String.valueOf(step.number());
            List<String> unmeasured = new ArrayList<>(), measured = new ArrayList<>();
            for (String v : values.split(", (?=[a-z_]+\\()")) // each value starts with its fact's name
                if (v.endsWith(" = ?")) unmeasured.add(v.substring(0, v.length() - " = ?".length()));
                else if (!v.isBlank()) measured.add(v);
            if (unmeasured.isEmpty())
                return m.get("lesson.mismatch.check", number, shown(step, m), condition, values);
            return m.get("lesson.mismatch.check.unmeasured", number, shown(step, m), condition,
                    String.join(", ", unmeasured))
                    + (measured.isEmpty() ? "" : " (" + String.join(", ", measured) + ")");
        }
    }

    /**
     * A step in the reader's words ("the client's send()", "send() del cliente"); a step that is no call by its lesson
     * file's label.
     */
    static String shown(Step step, Messages m) {
        if (step.kind() != Step.Kind.CALL && step.kind() != Step.Kind.START) return step.label();
        String who = Names.endpoint(step.endpoint(), m).toLowerCase(m.lang().locale());
        return m.get("lesson.step.shown", who, step.call());
    }
}

package org.socketlab.lesson;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.socketlab.kernel.SocketState;

/**
 * What an option says will happen, in a form the kernel's result can prove or disprove. {@link #text()} is the
 * language-neutral form the journal keeps ({@code 0}, {@code -1 ECONNREFUSED}, {@code blocked}, {@code conn=CLOSE_WAIT},
 * {@code FIN}).
 */
public sealed interface Claim {
    String BLOCKED = "blocked";

    String text();

    boolean holds(Observed kernel);

    /** The call returns this (any new descriptor, an exact value with its errno, a byte count in a range). */
    record Returns(Expect.Result result) implements Claim {
        @Override
        public String text() {
            return new Expect(result, null, null).resultText();
        }

        @Override
        public boolean holds(Observed kernel) {
            var call = kernel.call();
            if (call == null) return false;
            return switch (result) {
                case Expect.Result.AnyFd a -> call.result() >= 0;
                case Expect.Result.Exact x ->
                    call.result() == x.value() && Objects.equals(call.errnoName(), x.errno());
                case Expect.Result.Between b -> !call.failed() && b.range().contains(call.result());
                case Expect.Result.Killed k -> false; // it never returns
                case Expect.Result.None n -> false;
            };
        }
    }

    /** The call does not return during the step: it waits (for a peer, for data, for room). */
    record Blocks() implements Claim {
        @Override
        public String text() {
            return BLOCKED;
        }

        @Override
        public boolean holds(Observed kernel) {
            return kernel.call() == null && kernel.blocked();
        }
    }

    /** After the step the named socket is in this state (RFC 9293 names; UDP's lab words). */
    record State(String socket, SocketState state) implements Claim {
        @Override
        public String text() {
            return socket + "=" + state.journalName();
        }

        @Override
        public boolean holds(Observed kernel) {
            return state.equals(kernel.states().get(socket));
        }
    }

    /** What crosses the wire during the step, as one {@link WireKind}. */
    record Wire(WireKind kind) implements Claim {
        @Override
        public String text() {
            return kind.text();
        }

        @Override
        public boolean holds(Observed kernel) {
            return kernel.wireKnown() && kernel.wire() == kind;
        }
    }

    /** The call returns these bytes (a recv() that reads "unodos", not "dosuno"). */
    record Receives(String data) implements Claim {
        @Override
        public String text() {
            return "data=" + data;
        }

        @Override
        public boolean holds(Observed kernel) {
            var call = kernel.call();
            return call != null && !call.failed() && call.data() != null
                    && Arrays.equals(call.data(), data.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A fact of the run holds, read from its journal ({@link RunFacts}: the capture's retransmissions and SACKs, how long
     * a call waited), as the lesson file writes it: where the proof of the answer is the wire, not the call's result.
     * It holds only where the journal tells; {@link #known} says whether it can.
     */
    record Run(RunExpr.Condition condition) implements Claim {
        @Override
        public String text() {
            return condition.source();
        }

        @Override
        public boolean holds(Observed kernel) {
            try {
                return kernel.run() != null && condition.holds(kernel.run(), kernel.runStep());
            } catch (RunFacts.Unknown u) {
                return false;
            }
        }

        /** Whether the run's journal tells if it holds (the wire captured, the steps it names reached). */
        public boolean known(Observed kernel) {
            if (kernel.run() == null) return false;
            try {
                condition.holds(kernel.run(), kernel.runStep());
                return true;
            } catch (RunFacts.Unknown u) {
                return false;
            }
        }

        /** The run's numbers it compared ({@code retransmit_ms(client) = 4.4}), {@code ?} where the journal cannot tell. */
        public String values(Observed kernel) {
            return kernel.run() == null ? "?" : condition.values(kernel.run(), kernel.runStep());
        }
    }
}

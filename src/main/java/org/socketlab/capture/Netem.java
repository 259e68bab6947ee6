package org.socketlab.capture;

import java.io.IOException;
import java.time.Duration;
import org.socketlab.syscall.ErrnoTable;
import org.socketlab.syscall.HelperRun;

/**
 * Whether this kernel has netem (delay, jitter, loss, duplication, reordering on a link; issue 40 item 2), found out for
 * real: the lab network's broker makes a netem qdisc on the lab's own loopback and removes it at once (labnet's
 * {@code netem}). Many desktop kernels have it as a module; some (this project's build machine) are built without it.
 *
 * @param state  what the kernel answered
 * @param detail the kernel's errno when it has none, or why it could not be asked; empty when present
 */
public record Netem(State state, String detail) {
    public enum State {
        /** The kernel made a netem qdisc. */
        PRESENT,
        /** The kernel refused it: no netem in this kernel (ENOENT: no such queueing discipline). */
        MISSING,
        /** Not asked: no private lab network to ask in, or the broker did not answer. */
        UNKNOWN
    }

    /** Asks the kernel through the lab network's broker; {@link State#UNKNOWN} without one. */
    public static Netem inThisKernel(LabNetwork network) {
        if (!network.isPrivate()) {
            CaptureReason why = network.whyNotPrivate();
            return new Netem(State.UNKNOWN, why == null ? "-" : why.code());
        }
        try {
            return parse(
                    HelperRun.finish(network.requireBroker().netem(), "netem", Duration.ofSeconds(10)).out().strip());
        } catch (HelperRun.Overran e) {
            return new Netem(State.UNKNOWN, "timeout");
        } catch (IOException e) {
            return new Netem(State.UNKNOWN, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Netem(State.UNKNOWN, "interrupted");
        }
    }

    /** The broker's line: {@code netem present}, or {@code netem missing ERRNO}. */
    static Netem parse(String said) {
        if (said.equals("netem present")) return new Netem(State.PRESENT, "");
        if (said.matches("netem missing [0-9]{1,4}"))
            return new Netem(State.MISSING, ErrnoTable.LINUX.name(Integer.parseInt(said.substring(14))));
        return new Netem(State.UNKNOWN, said.isEmpty() ? "-" : said.lines().findFirst().orElse(said));
    }
}

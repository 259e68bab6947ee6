package org.socketlab.trace;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code strace -f -ttt -T -yy} output, as {@link StraceParser} read it. A call that another thread's
 * line interrupted is printed in two halves ({@link Unfinished}, then {@link Resumed}); {@link StraceJoiner} makes
 * them one {@link Syscall} again.
 */
public sealed interface StraceLine {
    /** The thread or process id strace printed first on the line. */
    int pid();

    /**
     * A whole call. {@code enteredUs} is strace's {@code -ttt} stamp (wall clock, microseconds since the epoch, when the
     * call was entered) and {@code durationUs} its {@code -T} time inside the kernel, -1 when not printed (the process
     * ended inside it). {@code result} is the returned number (an fd, a byte count, 0 or -1), null when strace printed
     * {@code ?}; {@code errnoName} is set for a failed call ({@code ECONNREFUSED}). {@code resultFd} is the result's
     * fd annotation ({@code 5<TCP:[...]>}), else null. {@code args} are the top-level arguments as strace wrote them.
     * {@code detail} is what strace wrote in parentheses after a successful result, without them (poll's
     * {@code [{fd=4, revents=POLLIN}]}, select's {@code in [4], left {...}}), else null.
     */
    record Syscall(int pid, long enteredUs, String name, List<String> args, @Nullable Long result,
            @Nullable String errnoName, StraceValues.@Nullable Fd resultFd, long durationUs,
            @Nullable String detail) implements StraceLine {
        public Syscall {
            args = List.copyOf(args);
        }
        /** A call without strace's words after its result. */
        public Syscall(int pid, long enteredUs, String name, List<String> args, @Nullable Long result,
                @Nullable String errnoName, StraceValues.@Nullable Fd resultFd, long durationUs) {
            this(pid, enteredUs, name, args, result, errnoName, resultFd, durationUs, null);
        }
        public boolean failed() {
            return errnoName != null;
        }
    }

    /** The first half of a call another thread interrupted: its name and the arguments strace could print on entry. */
    record Unfinished(int pid, long enteredUs, String name, String argsSoFar) implements StraceLine {
    }

    /** The second half: the rest of the arguments, the closing parenthesis and the result. */
    record Resumed(int pid, long atUs, String name, String rest) implements StraceLine {
    }

    /** The process ended with an exit code ({@code +++ exited with 0 +++}). */
    record Exited(int pid, int code) implements StraceLine {
    }

    /** The process was killed by a signal ({@code +++ killed by SIGSEGV (core dumped) +++}). */
    record Killed(int pid, String signal) implements StraceLine {
    }

    /** A signal delivered to the process ({@code --- SIGCHLD {...} ---}). */
    record Signal(int pid, String signal) implements StraceLine {
    }

    /**
     * A line that is not one of the above (truncated, or from a strace that writes something new). {@code reason}
     * says, in English, what was wrong; the line is kept so a message can quote it.
     */
    record Unparsed(String line, String reason) implements StraceLine {
        @Override
        public int pid() {
            return -1;
        }
    }
}

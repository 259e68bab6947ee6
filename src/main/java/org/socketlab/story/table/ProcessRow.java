package org.socketlab.story.table;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;

/**
 * One process of the lab as of one moment, with its descriptor table ({@link ProcessTracker}).
 *
 * @param endpoint       its endpoint ({@code server}, {@code server-2}...)
 * @param pid            its pid; null when the journal does not say (older journals, a traced program's first process)
 * @param role           {@code server}, {@code client}, {@code added-client}, or a traced program's
 * @param host           the host it runs on in a lab of two machines, else null; {@code address} its address there
 * @param parentEndpoint the endpoint of the process that forked it, else null; {@code parentPid} that process's pid
 * @param status         running, a zombie ({@code ps} state Z), ended, or ended and reaped by its parent
 * @param code           its exit code when it exited; {@code signal} and {@code signalName} when a signal killed it
 * @param depth          0 for a process SocketLab started, 1 for its child, 2 for a grandchild...
 * @param descriptors    its open descriptors, by number (none once it ended: the kernel closed them)
 * @param dispositions   the signals its signal() or sigaction() calls took from their default action, by name (a
 *                       fork's child starts with its parent's)
 */
public record ProcessRow(String endpoint, @Nullable Integer pid, String role, @Nullable String host,
        @Nullable String address, @Nullable String parentEndpoint, @Nullable Integer parentPid, Status status,
        @Nullable Integer code, @Nullable Integer signal, @Nullable String signalName, int depth,
        List<Descriptor> descriptors, List<Disposition> dispositions) {
    private static final String NONE = "\u2014";

    public ProcessRow {
        descriptors = List.copyOf(descriptors);
        dispositions = List.copyOf(dispositions);
    }

    /**
     * What the process does on a signal whose default action it changed: {@code handler} SIG_IGN or on_signal (as the
     * journal's {@code handler} argument says it), {@code restart} whether sa_flags held SA_RESTART.
     */
    public record Disposition(String signal, String handler, boolean restart) {
        /** "SIGALRM caught by on_signal with SA_RESTART: a waiting call goes on waiting". */
        public String text(Messages m) {
            if (handler.equals("SIG_IGN")) return m.get("ui.processes.signal.ignored", signal);
            return m.get(restart ? "ui.processes.signal.restart" : "ui.processes.signal.caught", signal, handler);
        }
    }

    /**
     * The Signals line of a running process: each disposition it changed, or that every signal has its default action
     * (issue 57: the Processes view says what a signal will do to each process). Empty once it ended.
     */
    public String dispositionsText(Messages m) {
        if (ended()) return "";
        if (dispositions.isEmpty()) return m.get("ui.processes.signals.default");
        return m.get("ui.processes.signals", String.join("; ", dispositions.stream().map(d -> d.text(m)).toList()));
    }

    /** Where a process is in its life, as {@code ps} would say. */
    public enum Status {
        /** Alive: it can make calls. */
        RUNNING,
        /** Ended, its pid and exit status kept until its parent's waitpid() ({@code ps} state Z). */
        ZOMBIE,
        /** Ended (its parent, SocketLab for the lab's own, took its status at once, or has not yet been told). */
        EXITED,
        /** Ended and reaped by its parent's waitpid(): gone from the process table. */
        REAPED
    }

    /**
     * One descriptor: its number, the inode of the socket it points at (null when not known) and that socket as the
     * socket table has it (null when not known), and the other processes holding a descriptor for that same socket.
     */
    public record Descriptor(int fd, @Nullable Long inode, @Nullable SocketRow socket, List<Holder> sharedWith) {
        public Descriptor {
            sharedWith = List.copyOf(sharedWith);
        }

        /** "socket:[442165]", as {@code ls -l /proc/PID/fd} shows it; a dash when not known. */
        public String socketText() {
            return inode == null ? NONE : "socket:[" + inode + "]";
        }

        public String kindText(Messages m) {
            return socket == null ? NONE : socket.kind().label(m);
        }

        public String stateText(Messages m) {
            return socket == null ? NONE : socket.stateText(m);
        }

        public String localText() {
            return socket == null ? NONE : socket.localText();
        }

        public String peerText() {
            return socket == null ? NONE : socket.peerText();
        }

        /** Whether another process holds this same socket (after a fork). */
        public boolean shared() {
            return !sharedWith.isEmpty();
        }

        /** "also Server 2's fd 4 (pid 4250)"; empty when no other process holds it. */
        public String sharedText(Messages m) {
            if (sharedWith.isEmpty()) return "";
            List<String> each = sharedWith.stream().map(h -> h.text(m)).toList();
            return m.get("ui.processes.sharedWith", String.join(", ", each));
        }
    }

    /** Another process holding a socket: its endpoint, pid and the descriptor it holds it by. */
    public record Holder(String endpoint, @Nullable Integer pid, int fd) {
        String text(Messages m) {
            String name = Names.endpoint(endpoint, m);
            return pid == null
                    ? m.get("ui.processes.holder.noPid", name, String.valueOf(fd))
                    : m.get("ui.processes.holder", name, String.valueOf(fd), String.valueOf(pid));
        }
    }

    /** "Server 2": the endpoint in the language. */
    public String endpointText(Messages m) {
        return Names.endpoint(endpoint, m);
    }

    /** "pid 4250", or that the journal does not say. */
    public String pidText(Messages m) {
        return pid == null ? m.get("ui.processes.pidUnknown") : m.get("ui.processes.pid", String.valueOf(pid));
    }

    /** "forked from Server (pid 4242)"; empty for a process SocketLab started. */
    public String parentText(Messages m) {
        if (parentPid == null) return "";
        String name = parentEndpoint == null ? "?" : Names.endpoint(parentEndpoint, m);
        return m.get("ui.processes.forkedFrom", name, String.valueOf(parentPid));
    }

    /** "on h2 (10.77.0.2)" in a lab of two machines; empty with one. */
    public String hostText(Messages m) {
        if (host == null) return "";
        return address == null ? m.get("ui.processes.host", host) : m.get("ui.processes.hostAddress", host, address);
    }

    /** Running, a zombie, exited (code 0), killed by SIGPIPE, and whether its parent reaped it. */
    public String statusText(Messages m) {
        String end = signal != null
                ? m.get("story.process.killed", signalName != null ? signalName : String.valueOf(signal))
                : m.get("story.process.exited", code == null ? "?" : String.valueOf(code));
        return switch (status) {
            case RUNNING -> m.get("ui.processes.running");
            case ZOMBIE -> m.get("ui.processes.zombie", end);
            case EXITED -> end;
            case REAPED -> m.get("ui.processes.reaped", end);
        };
    }

    /** Whether it has ended (zombie or not): it holds no descriptor any more. */
    public boolean ended() {
        return status != Status.RUNNING;
    }
}

package org.socketlab.journal.file;

import static org.socketlab.journal.file.JsonFields.integer;
import static org.socketlab.journal.file.JsonFields.optionalInt;
import static org.socketlab.journal.file.JsonFields.optionalString;
import static org.socketlab.journal.file.JsonFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.HostName;
import org.socketlab.journal.Payload;

/**
 * The fields of a {@code process} event in a JSON Lines journal (format 2): started, signal, exited; and since issue
 * 39 forked ({@code parent_pid}, {@code inherited}: fd to inode), zombie and reaped; since issue 79 thread and
 * thread-ended ({@code parent_pid}: its process; {@code code} when it called exit() itself). Older journals have none of the
 * new events and read as before.
 */
final class ProcessEventJson {
    private ProcessEventJson() {
    }

    static void write(Payload.Process p, ObjectNode o) {
        o.put("event", p.event());
        o.put("pid", p.pid());
        if (p.role() != null) o.put("role", p.role());
        if (p.code() != null) o.put("code", p.code());
        if (p.signal() != null) o.put("signal", p.signal());
        if (p.signalName() != null) o.put("signal_name", p.signalName());
        if (p.host() != null) o.put("host", p.host());
        if (p.address() != null) o.put("address", p.address());
        if (p.parentPid() != null) o.put("parent_pid", p.parentPid());
        if (p.event().equals(Payload.Process.FORKED)) {
            ObjectNode fds = o.putObject("inherited");
            p.inherited().forEach((fd, inode) -> fds.put(String.valueOf(fd), inode));
        }
    }

    /** A {@code process} event (format 2): started with a role, a signal sent, or exited with a code or a signal. */
    static Payload.Process read(JsonNode o) {
        String event = string(o, "event");
        int pid = integer(o, "pid");
        if (pid < 1) throw new LocalizedException("cli.journal.badValue", "pid", String.valueOf(pid));
        return switch (event) {
            case Payload.Process.STARTED -> Payload.Process.started(pid, string(o, "role"))
                    .on(HostName.checkedName(optionalString(o, "host")),
                            HostName.checkedAddress(optionalString(o, "address")));
            case Payload.Process.SIGNAL -> Payload.Process.signalled(pid, signal(o), string(o, "signal_name"));
            case Payload.Process.EXITED -> {
                Integer code = optionalInt(o, "code"), signal = optionalInt(o, "signal");
                // Exactly one: it exited, or a signal ended it.
                if (code == null && signal == null) throw new LocalizedException("cli.journal.missingField", "code");
                if (code != null && signal != null)
                    throw new LocalizedException("cli.journal.badValue", "code", String.valueOf(code));
                yield code != null
                        ? Payload.Process.exited(pid, code)
                        : Payload.Process.killedBy(pid, signal(o), string(o, "signal_name"));
            }
            case Payload.Process.FORKED -> Payload.Process.forked(pid, parentPid(o), string(o, "role"), inherited(o));
            case Payload.Process.ZOMBIE -> Payload.Process.zombie(pid, parentPid(o));
            case Payload.Process.EXECED -> Payload.Process.execed(pid, string(o, "role"));
            case Payload.Process.THREAD -> Payload.Process.thread(pid, parentPid(o));
            case Payload.Process.THREAD_ENDED -> Payload.Process.threadEnded(pid, parentPid(o), optionalInt(o, "code"));
            case Payload.Process.REAPED -> {
                Integer code = optionalInt(o, "code"), signal = optionalInt(o, "signal");
                yield Payload.Process.reaped(pid, parentPid(o), code, signal == null ? null : signal(o),
                        signal == null ? null : string(o, "signal_name"));
            }
            default -> throw new LocalizedException("cli.journal.badValue", "event", event);
        };
    }

    private static int parentPid(JsonNode o) {
        int parent = integer(o, "parent_pid");
        if (parent < 1) throw new LocalizedException("cli.journal.badValue", "parent_pid", String.valueOf(parent));
        return parent;
    }

    /** A fork's inherited descriptors: {@code {"3": inode, ...}}, each fd from 0, each inode positive. */
    private static Map<Integer, Long> inherited(JsonNode o) {
        JsonNode v = o.get("inherited");
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw new LocalizedException("cli.journal.badValue", "inherited", v.toString());
        Map<Integer, Long> fds = new TreeMap<>();
        for (var e : v.properties()) {
            int fd;
            try {
                fd = Integer.parseInt(e.getKey());
            } catch (NumberFormatException bad) {
                throw new LocalizedException("cli.journal.badValue", "inherited", e.getKey());
            }
            if (fd < 0 || !e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber()
                    || e.getValue().asLong() < 1)
                throw new LocalizedException("cli.journal.badValue", "inherited", e.getKey());
            fds.put(fd, e.getValue().asLong());
        }
        return fds;
    }

    private static int signal(JsonNode o) {
        int signal = integer(o, "signal");
        if (signal < 1 || signal > 64)
            throw new LocalizedException("cli.journal.badValue", "signal", String.valueOf(signal));
        return signal;
    }
}

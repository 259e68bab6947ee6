package org.socketlab.story.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;
import org.socketlab.syscall.SysCall;

/**
 * The lab's processes and each one's descriptor table, rebuilt from the journal alone (issue 39 item 5), as {@code ps}
 * and {@code ls -l /proc/PID/fd} would show them: a process is its {@code process} events (started, forked, exited,
 * zombie, reaped), its table the numbers its endpoint and its threads' hold now and the socket each names, which is
 * {@link SocketIdentities}' answer (made, closed, inherited by a fork's child, handed to a thread, reused); an ended
 * process holds none (the kernel closed them). Two processes holding the same socket after fork() are seen as such;
 * the socket's type, addresses and state are the socket table's ({@link SocketTracker}, fed the same events).
 *
 * <p>A call names its process by {@code pid} (a threaded server's thread gives its process's); journals without it
 * (before issue 38, a traced program's calls) use the endpoint's newest process, and an endpoint with no process event
 * at all gets one whose pid is not known, so an older journal still shows each endpoint's descriptors.
 */
public final class ProcessTracker {
    /** At most this many ended processes are kept (the oldest go first): a long session stays bounded. */
    static final int ENDED_KEPT = 64;

    /** A process as the journal tells it; mutable inside the tracker, handed out as {@link ProcessRow}s. */
    private static final class Proc {
        final long order;
        final String endpoint;
        final @Nullable Integer pid;
        final String role;
        @Nullable
        String host, address;
        final @Nullable Integer parentPid;
        ProcessRow.Status status = ProcessRow.Status.RUNNING;
        @Nullable
        Integer code, signal;
        @Nullable
        String signalName;
        /** The endpoints whose calls are made in it: its own, its threads' (a call names its process by pid). */
        final Set<String> endpoints = new LinkedHashSet<>();
        /** The signals its signal()/sigaction() calls took from their default action, by name (issue 57). */
        final TreeMap<String, ProcessRow.Disposition> dispositions = new TreeMap<>();

        Proc(long order, String endpoint, @Nullable Integer pid, String role, @Nullable Integer parentPid) {
            this.order = order;
            this.endpoint = endpoint;
            this.pid = pid;
            this.role = role;
            this.parentPid = parentPid;
            endpoints.add(endpoint);
        }

        Proc copy() {
            Proc c = new Proc(order, endpoint, pid, role, parentPid);
            c.host = host;
            c.address = address;
            c.status = status;
            c.code = code;
            c.signal = signal;
            c.signalName = signalName;
            c.endpoints.addAll(endpoints);
            c.dispositions.putAll(dispositions);
            return c;
        }

        boolean ended() {
            return status != ProcessRow.Status.RUNNING;
        }
    }

    private final List<Proc> procs = new ArrayList<>();
    private SocketTracker sockets = new SocketTracker();
    private long nextOrder;

    /** An independent tracker in this one's state (a replay starts from the processes before its first event). */
    public ProcessTracker copy() {
        ProcessTracker c = new ProcessTracker();
        for (Proc p : procs) c.procs.add(p.copy());
        c.sockets = sockets.copy();
        c.nextOrder = nextOrder;
        return c;
    }

    /** Applies events in journal order. */
    public void accept(List<Event> batch) {
        for (Event e : batch) accept(e);
    }

    /** Applies one event. */
    public void accept(Event e) {
        sockets.accept(e);
        switch (e.payload()) {
            case Payload.Process p -> onProcess(e.endpoint(), p);
            case Payload.Call c -> onCall(e.endpoint(), c);
            default -> {
            }
        }
    }

    private void onProcess(String endpoint, Payload.Process p) {
        switch (p.event()) {
            case Payload.Process.STARTED -> {
                if (byPid(p.pid()) != null) return;
                Proc made = add(endpoint, p.pid(), roleOf(endpoint, p), null);
                made.host = p.host();
                made.address = p.address();
            }
            case Payload.Process.FORKED -> {
                if (byPid(p.pid()) != null) return;
                Proc child = add(endpoint, p.pid(), roleOf(endpoint, p), p.parentPid());
                Proc parent = p.parentPid() != null ? byPid(p.parentPid()) : null;
                if (parent != null) child.dispositions.putAll(parent.dispositions); // fork keeps them (signal(7))
            }
            case Payload.Process.EXITED -> {
                Proc ended = byPid(p.pid());
                if (ended == null) return;
                ended.status = ProcessRow.Status.EXITED;
                ended.code = p.code();
                ended.signal = p.signal();
                ended.signalName = p.signalName(); // the kernel closed every descriptor it still had
                forgetOldEnded();
            }
            case Payload.Process.ZOMBIE -> {
                Proc z = byPid(p.pid());
                if (z != null) z.status = ProcessRow.Status.ZOMBIE;
            }
            case Payload.Process.REAPED -> {
                Proc r = byPid(p.pid());
                if (r == null) return;
                r.status = ProcessRow.Status.REAPED;
                if (r.code == null && r.signal == null) {
                    r.code = p.code();
                    r.signal = p.signal();
                    r.signalName = p.signalName();
                }
            }
            default -> {
            }
        }
    }

    private void onCall(String endpoint, Payload.Call c) {
        Proc p = c.pid() != null ? byPid(c.pid()) : null;
        if (p == null) p = newestOf(endpoint);
        if (p == null) p = add(endpoint, c.pid(), Payload.Process.roleOf(endpoint), null); // no process event for it
        p.endpoints.add(endpoint); // a thread's calls: its numbers are its process's
        if (!c.failed() && c.is(SysCall.SIGNAL)) setDisposition(p, c);
    }

    /**
     * A signal() or sigaction() that returned 0: the signal's disposition from now on, as the journal's arguments say
     * it ({@code handler} SIG_DFL, SIG_IGN or on_signal; {@code sa_flags} SA_RESTART or 0).
     */
    private static void setDisposition(Proc p, Payload.Call c) {
        String signal = c.arg(CallArg.SIGNUM), handler = c.arg(CallArg.HANDLER);
        if (signal == null || handler == null) return;
        if (handler.equals("SIG_DFL")) p.dispositions.remove(signal);
        else
            p.dispositions.put(signal, new ProcessRow.Disposition(signal, handler,
                    "SA_RESTART".equals(c.arg(CallArg.SA_FLAGS))));
    }

    /** A start's or a fork's role as the journal tells it (the reader requires one), else the endpoint's by its name. */
    private static String roleOf(String endpoint, Payload.Process p) {
        return p.role() != null ? p.role() : Payload.Process.roleOf(endpoint);
    }

    private Proc add(String endpoint, @Nullable Integer pid, String role, @Nullable Integer parentPid) {
        Proc p = new Proc(nextOrder++, endpoint, pid, role, parentPid);
        procs.add(p);
        return p;
    }

    private @Nullable Proc byPid(int pid) {
        for (int i = procs.size() - 1; i >= 0; i--) if (Objects.equals(procs.get(i).pid, pid)) return procs.get(i);
        return null;
    }

    /** The endpoint's process now: its running one, else its newest. */
    private @Nullable Proc newestOf(String endpoint) {
        Proc newest = null;
        for (Proc p : procs) {
            if (!p.endpoint.equals(endpoint)) continue;
            if (!p.ended()) return p;
            newest = p;
        }
        return newest;
    }

    private void forgetOldEnded() {
        long ended = procs.stream().filter(Proc::ended).count();
        for (int i = 0; i < procs.size() && ended > ENDED_KEPT; i++) {
            if (procs.get(i).ended()) {
                procs.remove(i--);
                ended--;
            }
        }
    }

    /**
     * The processes as of now, each child right after its parent (and its parent's earlier children), with its
     * descriptor table and, for each descriptor, its socket and the other processes holding that same socket.
     * {@code nowNs} on the journal's clock (TIME_WAIT countdowns).
     */
    public List<ProcessRow> rows(long nowNs) {
        Map<Long, SocketRow> byInode = new HashMap<>();
        List<SocketRow> all = sockets.rows(nowNs);
        for (SocketRow s : all) if (s.inode() != null) byInode.put(s.inode(), s);
        Map<Proc, SortedMap<Integer, SocketIdentities.Socket>> tables = new HashMap<>();
        Map<SocketIdentities.Socket, List<HeldAt>> holders = new HashMap<>();
        for (Proc p : procs) {
            SortedMap<Integer, SocketIdentities.Socket> table = tableOf(p);
            tables.put(p, table);
            table.forEach(
                    (fd, socket) -> holders.computeIfAbsent(socket, k -> new ArrayList<>()).add(new HeldAt(p, fd)));
        }
        List<ProcessRow> out = new ArrayList<>();
        for (Proc p : procs) if (parentOf(p) == null) addTree(p, 0, out, byInode, all, tables, holders);
        return out;
    }

    /** A socket held by a process under a number. */
    private record HeldAt(Proc process, int fd) {
    }

    /** The numbers a process holds now and their sockets: its endpoints' (its own, its threads'); none once ended. */
    private SortedMap<Integer, SocketIdentities.Socket> tableOf(Proc p) {
        SortedMap<Integer, SocketIdentities.Socket> table = new TreeMap<>();
        if (p.ended()) return table;
        for (String endpoint : p.endpoints) table.putAll(sockets.identities().heldNow(endpoint));
        return table;
    }

    private @Nullable Proc parentOf(Proc p) {
        if (p.parentPid == null) return null;
        for (Proc q : procs) if (q != p && Objects.equals(q.pid, p.parentPid) && q.order < p.order) return q;
        return null;
    }

    private void addTree(Proc p, int depth, List<ProcessRow> out, Map<Long, SocketRow> byInode, List<SocketRow> all,
            Map<Proc, SortedMap<Integer, SocketIdentities.Socket>> tables,
            Map<SocketIdentities.Socket, List<HeldAt>> holders) {
        Proc parent = parentOf(p);
        List<ProcessRow.Descriptor> table = new ArrayList<>();
        tables.getOrDefault(p, new TreeMap<>()).forEach((fd, held) -> {
            Long inode = held.inode();
            SocketRow socket = inode != null ? byInode.get(inode) : openSocketOf(all, p.endpoint, fd);
            List<ProcessRow.Holder> others = new ArrayList<>();
            for (HeldAt h : holders.getOrDefault(held, List.of()))
                if (h.process() != p) others.add(new ProcessRow.Holder(h.process().endpoint, h.process().pid, h.fd()));
            table.add(new ProcessRow.Descriptor(fd, inode, socket, others));
        });
        out.add(new ProcessRow(p.endpoint, p.pid, p.role, p.host, p.address,
                parent != null ? parent.endpoint : null, p.parentPid, p.status, p.code, p.signal, p.signalName, depth,
                table, List.copyOf(p.dispositions.values())));
        for (Proc q : procs)
            if (q != p && parentOf(q) == p) addTree(q, depth + 1, out, byInode, all, tables, holders);
    }

    /** A descriptor whose inode the journal did not tell: the open socket its endpoint has under that number. */
    private static @Nullable SocketRow openSocketOf(List<SocketRow> all, String endpoint, int fd) {
        for (SocketRow s : all) if (s.open() && s.fd() == fd && s.endpoint().equals(endpoint)) return s;
        return null;
    }
}

package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * A traced program's launchers, made transparent (issue 79): a process that makes no socket call (but its C library's
 * own, {@link LibraryCalls}) and holds no socket
 * (the shell of {@code bash -c './server & nc ...'}, its subshells, sleep) gets no lifeline. The processes it started
 * stand at the top (or under their nearest ancestor that has a lifeline), and the launcher is said once, at the
 * first of them ("started by bash"). Only a trace's processes (role {@code program}) can be launchers: a lab's
 * endpoints always have their lanes. Learns from every event of a journal (those a window let go too), so what it
 * tells of the newest events is what the whole journal says.
 */
public final class Launchers {
    private static final String TRACED = "program";
    /** A traced process's endpoint, by pid. */
    private final Map<Integer, String> endpointOf = new HashMap<>();
    private final Map<Integer, Integer> parentOf = new HashMap<>();
    /** The program each process runs: its execve's, else its parent's (a subshell is its shell). */
    private final Map<Integer, String> nameOf = new HashMap<>();
    /** The endpoints that made a socket call, or held a socket from their fork, or were told anything but their life. */
    private final Set<String> active = new HashSet<>();
    /** The C library's own calls (bash's nscd probe when {@code $SHELL} is unset) make no launcher a socket maker. */
    private final LibraryCalls.AsTheyCome library = new LibraryCalls.AsTheyCome();

    /** What the whole journal {@code events} says, told of the same events: their visible ones. */
    public static List<Event> visibleOf(List<Event> events) {
        Launchers l = new Launchers();
        l.learnAll(events);
        return l.visible(events);
    }

    public void learnAll(List<Event> events) {
        for (Event e : events) learn(e);
    }

    public void learn(Event e) {
        if (!(e.payload() instanceof Payload.Process p)) {
            if (!library.library(e)) active.add(e.endpoint());
            return;
        }
        switch (p.event()) {
            case Payload.Process.STARTED -> {
                if (TRACED.equals(p.role())) endpointOf.put(p.pid(), e.endpoint());
            }
            case Payload.Process.FORKED -> {
                if (!TRACED.equals(p.role()) || p.parentPid() == null) return;
                endpointOf.put(p.pid(), e.endpoint());
                parentOf.put(p.pid(), p.parentPid());
                String parentName = nameOf.get(p.parentPid());
                if (parentName != null) nameOf.putIfAbsent(p.pid(), parentName);
                if (!p.inherited().isEmpty()) active.add(e.endpoint());
            }
            case Payload.Process.EXECED -> {
                if (p.role() != null) nameOf.put(p.pid(), p.role());
            }
            default -> {
            }
        }
    }

    /** Whether the traced process {@code pid} is a launcher: no socket call, no socket, nothing told but its life. */
    public boolean transparent(int pid) {
        String endpoint = endpointOf.get(pid);
        return endpoint != null && !active.contains(endpoint);
    }

    /** The launcher that started the traced process {@code pid} (its parent, transparent): its name; else null. */
    public @Nullable String launcher(int pid) {
        Integer parent = parentOf.get(pid);
        if (parent == null || !transparent(parent) || transparent(pid)) return null;
        return nameOf.getOrDefault(parent, String.valueOf(parent));
    }

    /**
     * {@code events} without the launchers' (nor any execve's: a name, not a moment), the first process each launcher
     * started said started by it, the others started by it too ({@link Payload.Process#LAUNCHED}, no name).
     */
    public List<Event> visible(List<Event> events) {
        Set<String> hidden = new HashSet<>();
        endpointOf.forEach((pid, endpoint) -> {
            if (transparent(pid)) hidden.add(endpoint);
        });
        List<Event> out = new ArrayList<>(events.size());
        Set<Integer> said = new HashSet<>();
        for (Event e : events) {
            if (e.payload() instanceof Payload.Process p) {
                if (Payload.Process.EXECED.equals(p.event()) || hidden.contains(e.endpoint())) continue;
                Integer parent = p.parentPid();
                if (Payload.Process.FORKED.equals(p.event()) && parent != null && TRACED.equals(p.role())
                        && transparent(parent)) {
                    out.add(new Event(e.seq(), e.atNs(), e.endpoint(), launched(p, parent, said)));
                    continue;
                }
            } else if (hidden.contains(e.endpoint())) continue;
            out.add(e);
        }
        return out;
    }

    /** A process a launcher started: under its nearest ancestor with a lane, the launcher named the first time. */
    private Payload.Process launched(Payload.Process p, int launcher, Set<Integer> said) {
        int top = launcher;
        @Nullable
        Integer ancestor = null;
        for (Integer a = launcher; a != null; a = parentOf.get(a)) {
            if (!transparent(a)) {
                ancestor = a;
                break;
            }
            top = a;
        }
        String name = nameOf.getOrDefault(launcher, String.valueOf(launcher));
        return Payload.Process.launched(p.pid(), said.add(top) ? name : null, ancestor);
    }
}

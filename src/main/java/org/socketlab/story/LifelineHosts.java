package org.socketlab.story;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Payload;

/**
 * Where each endpoint lives in a lab of two machines (issue 40), as its lifelines name it: the host and its address on
 * the link, read from the journal's {@code process started} events (a lab with one machine journals none, and its
 * lifelines say nothing more).
 */
public final class LifelineHosts {
    private LifelineHosts() {
    }

    /** Per endpoint, its process's latest start that named a host, in the order they started. */
    public static Map<String, Payload.Process> of(List<Beat> beats) {
        Map<String, Payload.Process> placed = new LinkedHashMap<>();
        for (Beat b : beats) remember(placed, b);
        return placed;
    }

    /**
     * Adds the beat's host to {@code placed} when it is a process's start on a host, or a fork of a process placed there:
     * a child lives on its parent's host (fork() keeps the network namespace), and its own lifelines say so.
     */
    public static void remember(Map<String, Payload.Process> placed, Beat beat) {
        if (!(beat instanceof Beat.Process p)) return;
        Payload.Process process = p.process();
        if (Payload.Process.STARTED.equals(process.event()) && process.host() != null)
            placed.put(p.event().endpoint(), process);
        if (Payload.Process.FORKED.equals(process.event()) && process.parentPid() != null)
            placed.values().stream().filter(parent -> parent.pid() == process.parentPid()).findFirst()
                    .ifPresent(parent -> placed.put(p.event().endpoint(),
                            process.on(parent.host(), parent.address())));
    }

    /** "on h2 (10.77.0.2)" under the endpoint's lifelines; empty when it is on no named host. */
    public static String label(String endpoint, Map<String, Payload.Process> placed, Messages m) {
        Payload.Process p = placed.get(endpoint);
        if (p == null || p.host() == null) return ""; // placed only with a host
        return p.address() == null ? p.host() : m.get("story.host", p.host(), p.address());
    }

    /** As {@link #label}, shorter (a title kept to its lane, issue 78): the host without its address. */
    public static String shortLabel(String endpoint, Map<String, Payload.Process> placed, Messages m) {
        Payload.Process p = placed.get(endpoint);
        if (p == null || p.host() == null) return "";
        return m.get("story.host.short", p.host());
    }
}

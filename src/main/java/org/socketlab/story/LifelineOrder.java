package org.socketlab.story;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.journal.Payload;

/**
 * The story's lifelines, left to right: which endpoints' programs and kernels the beats need, in what order. One rule
 * for every drawing (the window's diagram, the SVG, {@code socketlab trace}'s lanes): a parent, then its forked
 * children, then the peer; so a child stands beside its parent, between it and the peer (issue 57: a forked server
 * child was drawn left of the client).
 */
final class LifelineOrder {

    private LifelineOrder() {
    }

    /**
     * Clients in the order they first appear, the newest on the far left, each followed by its forked children; then
     * {@code external}'s kernel (a kernel with no program of ours); then the server's children (the first nearest to
     * it) and the server's kernel and program on the right.
     */
    static List<Lifeline> of(List<Beat> beats) {
        Set<String> seen = new LinkedHashSet<>();
        seen.add("client");
        boolean external = false;
        for (Beat b : beats) {
            List<String> names = switch (b) {
                case Beat.Segment s -> List.of(s.drawnFrom(), s.drawnTo());
                case Beat.Note n -> List.of();
                case Beat.Capture c -> List.of();
                default -> List.of(b.endpoint());
            };
            for (String n : names) {
                if (n.equals("external")) external = true;
                else if (!n.equals("server")) seen.add(n);
            }
        }
        // A traced program's journal (socketlab trace) draws the lab's client and server only when they took part.
        boolean traced = seen.stream().anyMatch(n -> n.equals("program") || n.startsWith("program-"));
        boolean serverSeen = beats.stream().anyMatch(b -> b.endpoint().equals("server")
                || b instanceof Beat.Segment s && (s.drawnFrom().equals("server") || s.drawnTo().equals("server")));
        boolean clientSeen = beats.stream().anyMatch(b -> b.endpoint().equals("client")
                || b instanceof Beat.Segment s && (s.drawnFrom().equals("client") || s.drawnTo().equals("client")));
        if (traced && !clientSeen) seen.remove("client");
        Map<String, String> parents = parents(beats);
        List<Lifeline> l = new ArrayList<>();
        // A child whose parent is drawn stands in its parent's family; any other endpoint starts a family of its own.
        List<String> roots = seen.stream().filter(n -> !parents.containsKey(n)
                || !seen.contains(parents.get(n)) && !parents.get(n).equals("server")).toList();
        for (int i = roots.size() - 1; i >= 0; i--) // the newest first, each before its children
            for (String n : family(roots.get(i), seen, parents)) {
                l.add(new Lifeline(n, Lifeline.Role.PROGRAM));
                l.add(new Lifeline(n, Lifeline.Role.KERNEL));
            }
        if (external) l.add(new Lifeline("external", Lifeline.Role.KERNEL));
        if (traced && !serverSeen) return l;
        List<String> serverSide = family("server", seen, parents);
        for (int i = serverSide.size() - 1; i >= 0; i--) { // mirrored: the server's children left of it
            l.add(new Lifeline(serverSide.get(i), Lifeline.Role.KERNEL));
            l.add(new Lifeline(serverSide.get(i), Lifeline.Role.PROGRAM));
        }
        return l;
    }

    /** Each forked endpoint's parent endpoint, by the parent's pid in the process events. */
    private static Map<String, String> parents(List<Beat> beats) {
        Map<Integer, String> byPid = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        for (Beat b : beats)
            if (b instanceof Beat.Process p) {
                Payload.Process process = p.process();
                if (Payload.Process.STARTED.equals(process.event())) byPid.put(process.pid(), b.endpoint());
                // A process a launcher started stands under its nearest ancestor with a lane, when it has one; a thread
                // stands in its process's family too, right beside it (issue 79).
                if (!Payload.Process.FORKED.equals(process.event())
                        && !Payload.Process.LAUNCHED.equals(process.event())
                        && !Payload.Process.THREAD.equals(process.event()))
                    continue;
                String parent = process.parentPid() == null ? null : byPid.get(process.parentPid());
                if (parent != null && !parent.equals(b.endpoint())) parents.putIfAbsent(b.endpoint(), parent);
                byPid.put(process.pid(), b.endpoint());
            }
        return parents;
    }

    /** {@code root}, then its children and theirs (depth first, each in the order it first appears). */
    private static List<String> family(String root, Set<String> seen, Map<String, String> parents) {
        List<String> out = new ArrayList<>();
        addFamily(root, seen, parents, out);
        return out;
    }

    private static void addFamily(String at, Set<String> seen, Map<String, String> parents, List<String> out) {
        if (out.contains(at)) return;
        out.add(at);
        for (String n : seen) if (at.equals(parents.get(n))) addFamily(n, seen, parents, out);
    }
}

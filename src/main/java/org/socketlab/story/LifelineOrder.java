package org.socketlab.story;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The story's lifelines, left to right: which endpoints' programs and kernels the beats need, in what order. */
final class LifelineOrder {

    private LifelineOrder() {
    }

    /**
     * Clients in the order they first appear, the newest on the far left; then {@code external}'s kernel (a kernel with
     * no program of ours); then the server's kernel and program on the right.
     */
    static List<Lifeline> of(List<Beat> beats) {
        Set<String> clients = new LinkedHashSet<>();
        clients.add("client");
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
                else if (!n.equals("server")) clients.add(n);
            }
        }
        // A traced program's journal (socketlab trace) draws the lab's client and server only when they took part.
        boolean traced = clients.stream().anyMatch(n -> n.equals("program") || n.startsWith("program-"));
        boolean serverSeen = beats.stream().anyMatch(b -> b.endpoint().equals("server")
                || b instanceof Beat.Segment s
                        && (s.drawnFrom().equals("server") || s.drawnTo().equals("server")));
        boolean clientSeen = beats.stream().anyMatch(b -> b.endpoint().equals("client")
                || b instanceof Beat.Segment s
                        && (s.drawnFrom().equals("client") || s.drawnTo().equals("client")));
        if (traced && !clientSeen) clients.remove("client");
        List<String> order = new ArrayList<>(clients);
        List<Lifeline> l = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            l.add(new Lifeline(order.get(i), Lifeline.Role.PROGRAM));
            l.add(new Lifeline(order.get(i), Lifeline.Role.KERNEL));
        }
        if (external) l.add(new Lifeline("external", Lifeline.Role.KERNEL));
        if (traced && !serverSeen) return l;
        l.add(new Lifeline("server", Lifeline.Role.KERNEL));
        l.add(new Lifeline("server", Lifeline.Role.PROGRAM));
        return l;
    }
}

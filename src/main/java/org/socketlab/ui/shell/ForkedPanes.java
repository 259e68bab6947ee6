package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.ui.endpoint.EndpointViewModel;

/**
 * The window's side of fork() (issue 39): a pane's Process → fork() forks its endpoint's process, and each child the
 * journal tells of ({@link Payload.Process#FORKED}, from a press or a lesson's fork step) gets a pane of its own, a tab
 * beside the clients' ({@code server-2}: "Server 2").
 */
final class ForkedPanes {
    private static final System.Logger LOG = System.getLogger(ForkedPanes.class.getName());

    private ForkedPanes() {
    }

    /** Forks {@code parent}'s process into the first free child name; never waits (the child comes by the journal). */
    static void fork(Lab lab, EndpointViewModel parent) {
        Endpoint endpoint = lab.endpoint(parent.name());
        lab.fork(endpoint, lab.childName(endpoint)).whenComplete((child, failure) -> {
            // A fork that made no child (-1 and errno) is journaled as the parent's call; anything else is a bug.
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause != null && !(cause instanceof LocalizedException))
                LOG.log(System.Logger.Level.ERROR, parent.name(), cause);
        });
    }

    /** The roles of the lab's own endpoints (a watched program's processes have the program's). */
    private static final Set<String> LAB_ROLES = Set.of(Payload.Process.SERVER, Payload.Process.CLIENT,
            Payload.Process.ADDED_CLIENT);

    /**
     * The lab's children forked in {@code batch} that have no pane yet ({@code shown}: the panes' endpoint names). A
     * watched program's fork is journaled too (its role is the program's), but it is drawn, not pressed: no pane.
     */
    static List<String> newChildren(List<Event> batch, Set<String> shown) {
        List<String> children = new ArrayList<>();
        for (Event e : batch)
            if (e.payload() instanceof Payload.Process p && Payload.Process.FORKED.equals(p.event())
                    && LAB_ROLES.contains(p.role())
                    && !shown.contains(e.endpoint()) && !children.contains(e.endpoint()))
                children.add(e.endpoint());
        return children;
    }
}

package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.socketlab.journal.Event;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.predict.PredictViewModel;

/**
 * The window's endpoint panes: the server, the first client, the clients the user added and the children a fork made,
 * each asking predict mode before its calls; and the client the keyboard shortcuts act on.
 */
final class WindowEndpoints {
    private final WindowLab lab;
    private final AddressPolicy policy;
    private final Texts texts;
    private final PredictViewModel predict;
    private final EndpointViewModel server;
    private final EndpointViewModel client;
    /** Every client pane: {@code client} first, then the ones the user added ({@code client-2}...). */
    private final ObservableList<EndpointViewModel> clients = FXCollections.observableArrayList();
    private final ObservableList<EndpointViewModel> readOnlyClients = FXCollections.unmodifiableObservableList(clients);
    /** The client the keyboard shortcuts act on: the one whose pane was shown or used last. */
    private final ObjectProperty<EndpointViewModel> activeClient;

    WindowEndpoints(Object bean, WindowLab lab, AddressPolicy policy, Texts texts, PredictViewModel predict) {
        this.lab = lab;
        this.policy = policy;
        this.texts = texts;
        this.predict = predict;
        activeClient = new SimpleObjectProperty<>(bean, "activeClient");
        server = pane(Lab.SERVER, switch (lab) {
            case WindowLab.Live l -> l.lab().server();
            case WindowLab.Absent a -> null;
        });
        client = pane(Lab.CLIENT, switch (lab) {
            case WindowLab.Live l -> l.lab().client();
            case WindowLab.Absent a -> null;
        });
        clients.add(client);
        activeClient.set(client);
    }

    /** A pane on {@code endpoint} (null: no lab, every call says so), asking predict mode first, forking on the lab. */
    private EndpointViewModel pane(String name, Endpoint endpoint) {
        EndpointViewModel pane = new EndpointViewModel(name, endpoint, policy, texts);
        pane.setGate(predict.gate());
        if (lab instanceof WindowLab.Live(Lab live)) pane.setForker(p -> ForkedPanes.fork(live, p));
        return pane;
    }

    EndpointViewModel server() {
        return server;
    }

    EndpointViewModel client() {
        return client;
    }

    ObservableList<EndpointViewModel> clients() {
        return readOnlyClients;
    }

    ObjectProperty<EndpointViewModel> activeClient() {
        return activeClient;
    }

    /** Adds a client endpoint and its pane; returns it. */
    EndpointViewModel addClient() {
        EndpointViewModel added = switch (lab) {
            case WindowLab.Live(Lab live) -> {
                String name = live.addClient().name();
                yield pane(name, live.endpoint(name));
            }
            case WindowLab.Absent a -> pane(Lab.CLIENT + "-" + (clients.size() + 1), null);
        };
        clients.add(added);
        activeClient.set(added);
        return added;
    }

    /**
     * Removes an added client: its pane goes at once, its sockets are closed (journaled) and its thread stops on a
     * short-lived thread of its own, since closing waits for the worker. The first client stays.
     */
    void removeClient(EndpointViewModel removed) {
        if (removed == client || !clients.remove(removed)) return;
        if (activeClient.get() == removed) activeClient.set(client);
        if (lab instanceof WindowLab.Live(Lab live))
            Thread.ofPlatform().name("socketlab-remove-" + removed.name())
                    .start(() -> live.removeEndpoint(removed.name()));
    }

    /**
     * A new session: the panes of endpoints the lab no longer has go (the children a fork made, which Reset all and a
     * lesson's start end). FX thread.
     */
    void dropEnded() {
        if (!(lab instanceof WindowLab.Live(Lab live))) return;
        Set<String> inLab = new HashSet<>();
        for (Endpoint e : live.endpoints()) inLab.add(e.name());
        List<EndpointViewModel> ended = clients.stream().filter(c -> c != client && !inLab.contains(c.name()))
                .toList();
        if (ended.contains(activeClient.get())) activeClient.set(client);
        clients.removeAll(ended);
    }

    /** Every pane checks its inputs again (the address policy changed). */
    void revalidate() {
        server.revalidate();
        for (EndpointViewModel c : clients) c.revalidate();
    }

    /** The panes refuse every call while the window replays a file, and make them again when it is live. */
    void setReplaying(boolean on) {
        server.replayingProperty().set(on);
        for (EndpointViewModel c : clients) c.replayingProperty().set(on);
    }

    /** Live events the panes have not seen, in journal order: a fork's child gets a pane of its own. FX thread. */
    void onEvents(List<Event> unseen) {
        server.onEvents(unseen);
        Set<String> shown = new HashSet<>(List.of(server.name()));
        for (EndpointViewModel c : clients) shown.add(c.name());
        List<EndpointViewModel> born = new ArrayList<>();
        if (lab instanceof WindowLab.Live(Lab live))
            for (String child : ForkedPanes.newChildren(unseen, shown)) born.add(pane(child, live.endpoint(child)));
        for (EndpointViewModel c : clients) c.onEvents(unseen);
        for (EndpointViewModel child : born) {
            // It holds its parent's sockets, whose states were journaled under the parent before it existed: the
            // listener in LISTEN is accept's argument in the child too (its pane said plain "fd 4", issue 57).
            child.learnStatesFrom(server);
            for (EndpointViewModel c : clients) child.learnStatesFrom(c);
            clients.add(child);
            child.onEvents(unseen);
        }
    }
}

package org.socketlab.ui.shell;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.binding.Bindings;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.AddressPolicy;
import org.socketlab.lab.Event;
import org.socketlab.lab.Lab;
import org.socketlab.ui.common.Texts;
import org.socketlab.ui.endpoint.EndpointViewModel;
import org.socketlab.ui.journal.JournalViewModel;
import org.socketlab.ui.sockets.SocketsViewModel;

import java.util.List;

/** The window as a whole: language, theme, the two endpoint panes, the socket table, the journal, and the reset of everything. */
public final class ShellViewModel {
    private final Lab lab;
    private final Texts texts;
    private final EndpointViewModel server;
    private final EndpointViewModel client;
    private final JournalViewModel journal;
    private final SocketsViewModel sockets;
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");

    /** {@code lab} is null when this system ({@code osName}) cannot make real calls: the window says so and calls nothing. */
    public ShellViewModel(Lab lab, String osName, Lang lang) {
        this.lab = lab;
        this.texts = new Texts(lang);
        AddressPolicy policy = lab != null ? lab.addressPolicy() : new AddressPolicy();
        server = new EndpointViewModel(Lab.SERVER, lab != null ? lab.server() : null, policy, texts);
        client = new EndpointViewModel(Lab.CLIENT, lab != null ? lab.client() : null, policy, texts);
        journal = new JournalViewModel(texts);
        sockets = new SocketsViewModel(texts);
        if (lab == null) banner.bind(Bindings.createStringBinding(
                () -> texts.messages().get("app.unsupportedOs", osName), texts.messagesProperty()));
    }

    public Texts texts() { return texts; }
    public ObjectProperty<Lang> langProperty() { return texts.langProperty(); }
    public BooleanProperty darkProperty() { return dark; }
    public EndpointViewModel server() { return server; }
    public EndpointViewModel client() { return client; }
    public JournalViewModel journal() { return journal; }
    public SocketsViewModel sockets() { return sockets; }
    /** Why no call can be made on this system; empty where calls work. */
    public ReadOnlyStringProperty bannerProperty() { return banner.getReadOnlyProperty(); }

    public void setLang(Lang lang) {
        texts.langProperty().set(lang);
    }

    /** Resets every endpoint; never waits (the closes arrive through the journal). */
    public void resetAll() {
        if (lab != null) lab.resetAll();
    }

    /** The bridge's sink: every new event, in journal order, on the FX thread. */
    public void onEvents(List<Event> batch) {
        journal.onEvents(batch);
        sockets.onEvents(batch);
        server.onEvents(batch);
        client.onEvents(batch);
    }
}

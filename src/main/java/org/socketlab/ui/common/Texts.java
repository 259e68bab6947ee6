package org.socketlab.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;

/**
 * The current language and its texts. Every visible text is a binding on {@link #messagesProperty()}, so
 * switching the language re-renders every label at once. Plain JavaFX beans: usable without the toolkit.
 */
public final class Texts {
    private final ObjectProperty<Lang> lang;
    private final ReadOnlyObjectWrapper<Messages> messages;

    public Texts(Lang initial) {
        lang = new SimpleObjectProperty<>(this, "lang", initial);
        messages = new ReadOnlyObjectWrapper<>(this, "messages", Messages.of(initial));
        lang.addListener((obs, old, now) -> messages.set(Messages.of(now == null ? Lang.EN : now)));
    }

    public ObjectProperty<Lang> langProperty() {
        return lang;
    }

    public ReadOnlyObjectProperty<Messages> messagesProperty() {
        return messages.getReadOnlyProperty();
    }

    public Messages messages() {
        return messages.get();
    }

    /** The text of a key in the current language, kept up to date. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> messages.get().get(key, args), messages);
    }
}

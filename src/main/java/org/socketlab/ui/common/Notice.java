package org.socketlab.ui.common;

import java.util.Arrays;
import java.util.Objects;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/** A message kept as key and arguments, so it is rendered again when the language changes. */
public record Notice(String key, Object... args) {
    public Notice {
        Objects.requireNonNull(key);
        args = args.clone();
    }

    public static Notice of(LocalizedException e) {
        return new Notice(e.key(), e.args());
    }

    public String render(Messages messages) {
        return messages.get(key, args);
    }

    @Override
    public Object[] args() {
        return args.clone();
    }
    @Override
    public boolean equals(Object o) {
        return o instanceof Notice n && n.key.equals(key) && Arrays.equals(n.args, args);
    }
    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(args);
    }
    @Override
    public String toString() {
        return key + Arrays.toString(args);
    }
}

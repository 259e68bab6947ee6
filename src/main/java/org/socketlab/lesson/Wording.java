package org.socketlab.lesson;

import java.util.List;
import org.socketlab.i18n.Messages;

/** A text of a question: written by the lesson file in both languages, or built from the message bundles. */
public sealed interface Wording {
    String in(Messages m);

    /** Written by a lesson file. */
    record Written(Text text) implements Wording {
        @Override
        public String in(Messages m) {
            return text.in(m.lang());
        }
    }

    /** A message key with its arguments (kept as text: call names, errno names, states). */
    record Key(String key, List<String> args) implements Wording {
        public Key {
            args = List.copyOf(args);
        }
        public static Key of(String key, String... args) {
            return new Key(key, List.of(args));
        }
        @Override
        public String in(Messages m) {
            return m.get(key, args.toArray());
        }
    }
}

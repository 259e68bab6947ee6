package org.socketlab.i18n;

import java.util.Arrays;

/**
 * Bad input from the user (a port out of range, an address that is not loopback, a payload too large,
 * a malformed lesson): carries a message key so it is shown in the user's language. Thrown before any
 * call is made, so nothing has changed.
 */
public class LocalizedException extends RuntimeException {
    private final String key;
    private final Object[] args;

    public LocalizedException(String key, Object... args) {
        super(key + (args.length == 0 ? "" : " " + Arrays.toString(args)));
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The message in English, for logs and the command line's error stream when no language is set. */
    @Override
    public String getMessage() {
        return Messages.of(Lang.EN).get(key, args);
    }
}

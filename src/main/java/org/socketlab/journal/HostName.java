package org.socketlab.journal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;

/**
 * A lab host as the journal names it: its name (one short word, as a lesson file writes it) and its address on the
 * link (dotted IPv4). Both are read from files, so both are checked where a journal is read.
 */
public final class HostName {
    /** A host's name: one short word, as a lesson file writes it and a journal carries it. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

    private static final Pattern IPV4 = Pattern
            .compile(
                    "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private HostName() {
    }

    /** A host's name as a saved journal carries it (null when absent), or refused: one short word. */
    public static @Nullable String checkedName(@Nullable String host) {
        if (host != null && (!NAME.matcher(host).matches() || !SafeName.isSafe(host)))
            throw new LocalizedException("cli.journal.badValue", "host", SafeName.shown(host));
        return host;
    }

    /** A host's address on the link as a saved journal carries it (null when absent), or refused: dotted IPv4. */
    public static @Nullable String checkedAddress(@Nullable String address) {
        if (address != null && !IPV4.matcher(address).matches())
            throw new LocalizedException("cli.journal.badValue", "address", SafeName.shown(address));
        return address;
    }
}

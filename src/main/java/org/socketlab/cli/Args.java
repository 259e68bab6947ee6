package org.socketlab.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.socketlab.i18n.LocalizedException;

/**
 * The words of one command: its positional arguments and its {@code --option value} pairs. Every value of an
 * option is checked, even a repeated one, and then a repeat is refused: {@code --port 5200 --port 5201} would
 * otherwise silently listen on one of them.
 */
final class Args {
    private final String command;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args(String command) {
        this.command = command;
    }

    /** Splits {@code args} (the command first); an unknown option or one without its value is refused. */
    static Args parse(String[] args, Set<String> allowed) {
        return parse(args, allowed, Set.of());
    }

    /** Likewise, with {@code flags}: options that take no value ({@code --lab-network}). */
    static Args parse(String[] args, Set<String> allowed, Set<String> flags) {
        Args parsed = new Args(args[0]);
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                if (parsed.flags.contains(a)) throw new LocalizedException("cli.repeatedOption", a, a);
                parsed.flags.add(a);
            } else if (a.startsWith("--")) {
                if (!allowed.contains(a)) throw new LocalizedException("cli.unknownOption", a, args[0]);
                if (i + 1 >= args.length || args[i + 1].startsWith("--"))
                    throw new LocalizedException("cli.missingValue", a);
                parsed.options.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
            } else {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    /** Whether the flag was given. */
    boolean flag(String flag) {
        return flags.contains(flag);
    }

    String command() {
        return command;
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    /** The positional arguments, refusing more than {@code max}. */
    List<String> positional(int max) {
        if (positional.size() > max) throw new LocalizedException("cli.extraArgument", positional.get(max));
        return List.copyOf(positional);
    }

    /**
     * The option's one value, checked by {@code check} (which throws {@link LocalizedException} for a bad value),
     * or null when the option is absent. Every value given is checked before a repeat is refused.
     */
    <T> T one(String option, Function<String, T> check) {
        List<String> values = options.getOrDefault(option, List.of());
        List<T> checked = values.stream().map(check).toList();
        if (checked.size() > 1) throw new LocalizedException("cli.repeatedOption", option, String.join(", ", values));
        return checked.isEmpty() ? null : checked.getFirst();
    }

    /** The option's one value as typed, or null. */
    String one(String option) {
        return one(option, Function.identity());
    }

    /**
     * A whole number in canonical form ({@code 80}, never {@code 080} or {@code +80}) within [min, max], or the error
     * (its arguments: the text, min and max).
     */
    static Function<String, Integer> number(int min, int max, String errorKey) {
        return text -> {
            boolean whole = text.matches("0|[1-9]\\d{0,9}");
            long value = whole ? Long.parseLong(text) : 0;
            if (!whole || value < min || value > max) // the bounds too: a message may say them ({1} to {2})
                throw new LocalizedException(errorKey, text, String.valueOf(min), String.valueOf(max));
            return (int) value;
        };
    }
}

package org.socketlab.ui.endpoint;

import static org.socketlab.FuzzSupport.mutate;
import static org.socketlab.FuzzSupport.randomText;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketlab.FuzzSupport;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SocketOption;
import org.socketlab.ui.common.Notice;
import org.socketlab.ui.common.Texts;

/**
 * What a student types in an endpoint pane (address, port, backlog, buffer, data as hex, option value): random and
 * mutated text is accepted or marked invalid with a clear message, and never throws out of the view-model. No toolkit.
 */
class EndpointInputsFuzzTest {
    private final Lab lab = Lab.withoutCapture();
    private final EndpointViewModel vm = new EndpointViewModel(Lab.CLIENT, lab.client(), lab.addressPolicy(),
            new Texts(Lang.EN));

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private static final String TYPED = "0123456789abcdefABCDEFxX:.[]%/ -+_\tlocahst\u00a0\u0663\u00e9@\u0000,;";
    private static final List<String> TOKENS = List.of(":", ".", "[", "]", "::", "0", "65535", "65536", "-1",
            "99999999999",
            "localhost", "ff", "\u0000", " ", "\u0663", "off", "OFF", "2147483648");

    /** Types {@code text} into one input, checks everything again, and turns a marked problem into its message. */
    private void type(InputField field, StringProperty input, String text) {
        input.set(text);
        vm.revalidate(); // anything but a LocalizedException inside would surface here
        if (vm.invalidProperty(field).get()) {
            Notice n = vm.notice();
            if (n == null) throw new AssertionError(field + " is invalid without a message for \"" + text + "\"");
            throw new LocalizedException(n.key(), n.args());
        }
    }

    @Test
    void everyTypedInputIsAcceptedOrRefusedClearly() {
        Map<InputField, Function<Random, String>> valid = Map.of(
                InputField.ADDRESS,
                r -> List.of("127.0.0.1", "localhost", "::1", "[::1]", "/tmp/x.sock", "8.8.8.8").get(r.nextInt(6)),
                InputField.PORT, r -> String.valueOf(r.nextInt(66_000)),
                InputField.BACKLOG, r -> String.valueOf(r.nextInt(5_000) - 10),
                InputField.BUFFER, r -> String.valueOf(r.nextInt(2_000_000)),
                InputField.PAYLOAD, r -> "68 6f 6c 61",
                InputField.OPTION_VALUE, r -> String.valueOf(r.nextInt(10) - 2),
                InputField.POLL_TIMEOUT, r -> String.valueOf(r.nextInt(70_000) - 3));
        for (Domain domain : Domain.values()) {
            vm.domainProperty().set(domain);
            for (var entry : valid.entrySet()) {
                InputField field = entry.getKey();
                StringProperty input = switch (field) {
                    case ADDRESS -> vm.addressProperty();
                    case PORT -> vm.portProperty();
                    case BACKLOG -> vm.backlogProperty();
                    case BUFFER -> vm.bufferSizeProperty();
                    case PAYLOAD -> vm.payloadProperty();
                    case OPTION_VALUE -> vm.optionValueProperty();
                    case POLL_TIMEOUT -> vm.pollTimeoutProperty();
                };
                String before = input.get();
                vm.payloadHexProperty().set(field == InputField.PAYLOAD);
                // A settable option, a different one per domain (SO_ERROR is read-only: its value is never checked).
                List<SocketOption> settable = Arrays.stream(SocketOption.values())
                        .filter(o -> o != SocketOption.SO_ERROR).toList();
                vm.optionProperty().set(settable.get(domain.ordinal() % settable.size()));
                String what = domain + " " + field;
                FuzzSupport.Tally t = FuzzSupport.fuzz(what, Math.max(100, FuzzSupport.RUNS / 4),
                        r -> switch (r.nextInt(3)) {
                            case 0 -> randomText(r, 40, TYPED);
                            case 1 -> entry.getValue().apply(r);
                            default -> mutate(entry.getValue().apply(r), r, 1 + r.nextInt(3), TOKENS);
                        }, text -> type(field, input, text));
                boolean anyPathIsFine = field == InputField.ADDRESS && domain == Domain.AF_UNIX;
                boolean noPort = field == InputField.PORT && domain == Domain.AF_UNIX;
                if (!anyPathIsFine && !noPort) FuzzSupport.assertBothOutcomes(t, what);
                input.set(before);
                vm.payloadHexProperty().set(false);
            }
        }
    }
}

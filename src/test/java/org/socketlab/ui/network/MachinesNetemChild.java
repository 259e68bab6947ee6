package org.socketlab.ui.network;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.socketlab.i18n.Lang;
import org.socketlab.lab.Lab;
import org.socketlab.testing.Await;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * A child program for LabNetworkHostsTest, run inside a private lab network: the window's Machines control's netem line
 * on the real kernel (asked through the broker, as the menu asks when it opens), without the toolkit; prints "netem
 * en: LINE" and "netem es: LINE" once the kernel answered. Exit 0, or 1 when it never did.
 */
public final class MachinesNetemChild {
    private MachinesNetemChild() {
    }

    /** The window's inbox: its workers on the caller's thread, drained as a frame would. */
    private static final FxInbox INBOX = new FxInbox((name, work) -> work.run());

    public static void main(String[] args) throws Exception {
        try (Lab lab = Lab.onThisMachine()) {
            Texts texts = new Texts(Lang.EN);
            MachinesViewModel vm = new MachinesViewModel(lab, texts, INBOX,
                    hosts -> CompletableFuture.completedFuture(null));
            String asking = vm.netemProperty().get();
            vm.askNetem();
            // The inbox is drained on each look, as the window's pulse would: the answer arrives through it.
            Await.until(Duration.ofSeconds(30), () -> {
                INBOX.drain();
                return !vm.netemProperty().get().equals(asking);
            }, () -> "the kernel never answered: " + asking);
            System.out.println("netem en: " + vm.netemProperty().get());
            texts.langProperty().set(Lang.ES);
            System.out.println("netem es: " + vm.netemProperty().get());
        }
        System.exit(0);
    }
}

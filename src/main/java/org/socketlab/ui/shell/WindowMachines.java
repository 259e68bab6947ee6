package org.socketlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.ui.endpoint.EndpointViewModel;

/**
 * The Machines control's change, as the window makes it ({@link ShellViewModel}'s part): as Reset all, the session ends
 * (its sockets closed, a lesson stopped) and the lab goes onto the chosen machines; a new session starts also when the
 * second host could not be made (the lab is then on one machine, and the control says why). The address a pane still
 * has at a machine's default follows the server to its machine.
 */
final class WindowMachines {
    private static final String LOOPBACK = "127.0.0.1";
    private final ShellViewModel vm;

    WindowMachines(ShellViewModel vm) {
        this.vm = vm;
    }

    /** Resets the session onto {@code hosts} (null: one machine). FX thread; never waits. */
    CompletableFuture<?> resetOnto(LabHosts hosts) {
        if (vm.lab() instanceof WindowLab.Absent || vm.replaying())
            return CompletableFuture.failedFuture(new LocalizedException("machines.ui.noLab"));
        vm.predict().stop(); // a lesson waiting for an answer ends: its sockets are about to be closed
        vm.lessons().stop(); // and one waiting for the instructor's go
        vm.lessons().clear();
        return vm.session().resetFirst(hosts).whenComplete((done, failure) -> {
            vm.session().cutSession();
            vm.network().resetDone(); // the lab removed the drop rules
            vm.deliverLater(this::addressesFollowTheServer);
            vm.wake();
        });
    }

    /** A pane's address still at a machine's default becomes the server's machine's (FX thread). */
    private void addressesFollowTheServer() {
        String server = vm.lab().live().flatMap(Lab::hosts).map(h -> h.addressOf(Lab.SERVER)).orElse(LOOPBACK);
        List<EndpointViewModel> panes = new ArrayList<>(vm.clients());
        panes.add(vm.server());
        for (EndpointViewModel pane : panes) {
            String now = pane.addressProperty().get() == null ? "" : pane.addressProperty().get().strip();
            if (now.equals(LOOPBACK) || LabHosts.isHostAddress(now)) pane.addressProperty().set(server);
            pane.revalidate();
        }
    }
}

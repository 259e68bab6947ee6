package org.socketlab.lab;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.capture.WireFate;

/**
 * The lab's machines (issue 40): one (everything on the lab's own loopback) or two (a {@link SecondHost} joined by a
 * real link, and where each endpoint lives). A lab made for it ({@link Lab#useHosts}) goes from one to two and back
 * between sessions: the second host is made, or removed with its link and the kernel's view into it, so nothing of it
 * outlives the two-machine mode.
 */
final class Machines implements AutoCloseable {
    private final LabNetwork network;
    /** Called before the second host goes: what the lab keeps in it (its drop rules' log) ends first. */
    private final Runnable beforeHostGoes;
    /** SocketLab's own wire between the hosts with these conditions (issue 55); null: the plain link. */
    private final @Nullable LinkConditions link;
    /** Where the wire's word on each packet goes. */
    private final Consumer<WireFate> fates;
    private volatile @Nullable SecondHost secondHost;
    private volatile @Nullable LabHosts hosts;

    Machines(LabNetwork network, Runnable beforeHostGoes, @Nullable LinkConditions link, Consumer<WireFate> fates) {
        this.network = network;
        this.beforeHostGoes = beforeHostGoes;
        this.link = link;
        this.fates = fates;
    }

    /** The second host, null with one machine. */
    @Nullable
    SecondHost secondHost() {
        return secondHost;
    }

    /** Where the endpoints live, null with one machine. */
    @Nullable
    LabHosts hosts() {
        return hosts;
    }

    /**
     * Moves the lab onto {@code wanted} between sessions ({@link Lab#useHosts}): each endpoint's process ends, then the
     * machines change ({@link #use}), the hosts' addresses are allowed exactly while two exist, and each endpoint is
     * placed where its next call starts its process. Its own lock, not the lab's: the endpoints' workers take the lab's
     * ({@code endpoints}) while their processes end.
     */
    synchronized void move(@Nullable LabHosts wanted, Supplier<List<Endpoint>> endpoints, EndpointProcesses processes,
            AddressPolicy policy, KernelObserver kernel) {
        if (Objects.equals(wanted, hosts)) return;
        processes.endStartedAhead(Lab.SERVER);
        processes.endStartedAhead(Lab.CLIENT);
        CompletableFuture.allOf(endpoints.get().stream().map(Endpoint::endProcess).toArray(CompletableFuture[]::new))
                .join();
        policy.allowHostAddresses(false);
        for (Endpoint e : endpoints.get()) e.placeOn(null, null);
        use(wanted, kernel);
        policy.allowHostAddresses(wanted != null);
        if (wanted != null)
            for (Endpoint e : endpoints.get()) e.placeOn(wanted.hostOf(e.name()), wanted.addressOf(e.name()));
    }

    /**
     * Puts the lab on {@code wanted} (null: one machine): the second host is made when there was none, removed when
     * one machine is wanted, and kept when only the placement changes. The kernel observer follows the second host's
     * closed connections while it exists. Refused with a {@link org.socketlab.i18n.LocalizedException} that says why
     * when the host cannot be made; the lab then has one machine.
     */
    void use(@Nullable LabHosts wanted, @Nullable KernelObserver kernel) {
        if (Objects.equals(wanted, hosts)) return;
        if (wanted == null) {
            hosts = null;
            removeHost(kernel);
            return;
        }
        if (secondHost == null) {
            hosts = null;
            secondHost = SecondHost.make(network, link, fates); // first: refused before anything else changes
            if (kernel != null) kernel.alsoFollowIn(secondHost.takeSockDiag());
        }
        hosts = wanted;
    }

    /** The second host goes (its link with it), and the kernel observer's netlink socket in it first. */
    private void removeHost(@Nullable KernelObserver kernel) {
        SecondHost gone = secondHost;
        secondHost = null;
        if (gone == null) return;
        if (kernel != null) kernel.noLongerFollowElsewhere(); // it held the namespace open
        beforeHostGoes.run(); // so did the log of its drop rules
        gone.close();
    }

    /** The second host goes once the lab's endpoints have ended. */
    @Override
    public void close() {
        SecondHost gone = secondHost;
        secondHost = null;
        hosts = null;
        if (gone == null) return;
        beforeHostGoes.run();
        gone.close();
    }
}

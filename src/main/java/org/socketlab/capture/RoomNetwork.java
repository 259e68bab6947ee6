package org.socketlab.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * The network of one checked program's room (issue 54): a namespace with its loopback only, made by the lab's broker
 * (labnet's {@code network}), joined to nothing. The program runs there ({@link Containment#network()}), and so does
 * everything the check plays against it: its sockets are made by an endpoint process the broker started there
 * ({@link #socket}), then used by this program (a socket belongs to the network it was made in, whoever holds it). A
 * batch's submissions, each in a network of its own, cannot see or reach one another; this program's own network does
 * not hold their sockets either. Its tables are read where they are ({@link #tables()}).
 */
public final class RoomNetwork implements AutoCloseable {
    /** The broker's requests answer in a moment; seconds only when stuck. */
    private static final Duration HELPER_LIMIT = Duration.ofSeconds(10);

    private final Libc libc;
    private final BrokerStarted keeper;
    private final BrokerStarted starter;
    private final EndpointProcess maker;

    private RoomNetwork(Libc libc, BrokerStarted keeper, BrokerStarted starter, EndpointProcess maker) {
        this.libc = libc;
        this.keeper = keeper;
        this.starter = starter;
        this.maker = maker;
    }

    /** A new network, with the endpoint that makes its sockets; refused with an {@link IOException} saying why. */
    public static RoomNetwork open(Broker broker, Libc libc) throws IOException {
        BrokerStarted keeper = broker.network();
        int pid = keeper.startedPid();
        if (pid <= 0) throw refused(keeper.process(), "network");
        PlatformConstants c = libc.constants();
        Libc.PairResult pair = libc.socketpair(c.afUnix(), c.sockStream() | c.sockCloexec(), 0);
        if (pair.result().failed()) {
            keeper.process().destroy();
            throw new IOException(SysCall.SOCKETPAIR.journalName + ": " + libc.errnos().name(pair.result().errno()));
        }
        int ours = pair.fds()[0], theirs = pair.fds()[1];
        BrokerStarted starter;
        try {
            starter = broker.endpoint("room-side", pid, theirs);
        } catch (IOException e) {
            libc.close(ours);
            keeper.process().destroy();
            throw e;
        } finally {
            libc.close(theirs);
        }
        int endpoint = starter.startedPid();
        if (endpoint <= 0) {
            libc.close(ours);
            keeper.process().destroy();
            throw refused(starter.process(), "endpoint");
        }
        CompletableFuture<EndpointProcess.Exit> ended = starter.process().onExit().thenApply(p -> {
            int status = p.exitValue();
            return status > 128 ? new EndpointProcess.Exit(-1, status - 128) : new EndpointProcess.Exit(status, -1);
        });
        return new RoomNetwork(libc, keeper, starter,
                EndpointProcess.startedElsewhere(libc, "room-side", endpoint, ours, ended));
    }

    private static IOException refused(Process p, String what) {
        String why;
        try {
            why = HelperRun.finish(p, what, HELPER_LIMIT).err().strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "";
        } catch (IOException e) {
            why = String.valueOf(e.getMessage());
        }
        p.destroy();
        return new IOException(why.isEmpty() ? what : why);
    }

    /** The pid that names this network to the broker ({@link Containment#network()}). */
    public int pid() {
        return keeper.startedPid();
    }

    /**
     * A sock_diag netlink socket of this network (made there by the broker), now the caller's to close; -1 when none
     * came or it was taken already.
     */
    public int takeSockDiag() {
        return keeper.takeHandedDescriptor();
    }

    /** The kernel's TCP tables of this network ({@code /proc/PID/net/tcp} and {@code tcp6} of a process in it). */
    public List<Path> tables() {
        Path net = Path.of("/proc", String.valueOf(maker.pid()), "net");
        return List.of(net.resolve("tcp"), net.resolve("tcp6"));
    }

    /**
     * socket(2) in this network: made by its endpoint, handed to this program (pidfd_getfd), the endpoint's own
     * descriptor closed. This program's descriptor, or the call's failure (the value -1 and its errno).
     */
    public synchronized SysResult socket(int domain, int type, int protocol) {
        SysResult made = maker.calls().socket(domain, type, protocol);
        if (made.failed()) return made;
        int theirs = (int) made.value();
        int ours = maker.borrow(theirs);
        maker.calls().close(theirs);
        return ours < 0
                ? new SysResult(-1, libc.errnos().number(Errno.EBADF.name()).orElse(9))
                : new SysResult(ours, 0);
    }

    /** Ends the endpoint, then lets the network go (it is gone once nothing in it is left). */
    @Override
    public void close() {
        try {
            maker.close();
        } catch (RuntimeException e) {
            // already ended
        }
        starter.process().destroy();
        keeper.process().destroy();
        closeQuietly(starter.process());
        closeQuietly(keeper.process());
    }

    private static void closeQuietly(Process p) {
        try {
            p.getInputStream().close();
            p.getErrorStream().close();
        } catch (IOException ignored) {
            // nothing to do with a pipe that would not close
        }
    }
}

package org.socketlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * A test program run inside a lab network (LabNetworkHostsTest): the window's lab ({@link Lab#capturingInBackground})
 * goes from one machine to two and back {@code ROUNDS} times between sessions, as the window's Machines control moves
 * it, making a real connection each time; it checks where the server's process starts, who the accepted peer is, that
 * the link exists exactly while two machines do, that the hosts' addresses are refused once back on one, and that the
 * rounds leave nothing behind: the same descriptors and child processes as before them. Prints one line per check
 * that held, and throws at the first that does not.
 */
public final class MovingLabProbe {
    private MovingLabProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        try (Lab lab = Lab.capturingInBackground(Libc.forThisMachine())) {
            lab.awaitCapture();
            check(lab.movable(), "the window's lab in the lab network can move");
            exchange(lab, "127.0.0.1", "127.0.0.1");
            settle(lab);
            int fds = fds();
            long children = ProcessHandle.current().descendants().count(), captures = captures(lab);
            for (int round = 1; round <= rounds; round++) {
                settle(lab);
                lab.useHosts(LabHosts.SERVER_APART);
                check(linkHere(), "round " + round + ": the link exists on two machines");
                long from = lab.journal().size();
                exchange(lab, SecondHost.SERVER_ADDRESS, SecondHost.CLIENT_ADDRESS);
                check(lab.journal().after(from).stream().anyMatch(e -> e.endpoint().equals(Lab.SERVER)
                        && e.payload() instanceof Payload.Process p && p.event().equals(Payload.Process.STARTED)
                        && "h2".equals(p.host()) && SecondHost.SERVER_ADDRESS.equals(p.address())),
                        "round " + round + ": the server's process started on h2 (" + SecondHost.SERVER_ADDRESS + ")");
                // A drop toward the server acts in h2's kernel, its log read there by a capture of its own (issue 40):
                // it must end with the host, as the rule goes with it.
                lab.drop(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, 9, DropRule.Kind.DATA));
                check(lab.networkConditionsActive(), "round " + round + ": a client->server drop on two machines");
                long reading = captures(lab);
                check(reading == captures + 1, "round " + round + ": h2's log read by one more capture (" + captures
                        + " before, " + reading + " now)");
                settle(lab);
                lab.useHosts(null);
                check(!linkHere(), "round " + round + ": the link is gone on one machine");
                try {
                    lab.addressPolicy().check(SockAddr.parse(SecondHost.SERVER_ADDRESS + ":80", Domain.AF_INET));
                    throw new AssertionError("round " + round + ": a host's address allowed on one machine");
                } catch (LocalizedException refused) {
                    check(refused.key().equals("input.address.labHostsOnly"),
                            "round " + round + ": the hosts' addresses are refused on one machine");
                }
                from = lab.journal().size();
                exchange(lab, "127.0.0.1", "127.0.0.1");
                check(lab.journal().after(from).stream().anyMatch(e -> e.endpoint().equals(Lab.SERVER)
                        && e.payload() instanceof Payload.Process p && p.event().equals(Payload.Process.STARTED)
                        && p.host() == null), "round " + round + ": the server's process started on one machine");
            }
            settle(lab);
            // The processes of the last exchange are the same number as before the rounds: as many children.
            long childrenAfter = ProcessHandle.current().descendants().count();
            check(childrenAfter == children, "child processes " + children + " before, " + childrenAfter + " after");
            int fdsAfter = fds();
            check(fdsAfter <= fds, "descriptors " + fds + " before the rounds, " + fdsAfter + " after");
            long capturesAfter = captures(lab);
            check(capturesAfter == captures,
                    "captures " + captures + " before the rounds, " + capturesAfter + " after");
        }
    }

    /** socket, bind, listen on the server; socket, connect on the client; accept: the peer is {@code clientHost}. */
    private static void exchange(Lab lab, String serverHost, String clientHost) throws Exception {
        Endpoint server = lab.server(), client = lab.client();
        int listener = fdOf(server.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get());
        call(server, new Request.Bind(listener, SockAddr.parse(serverHost + ":0", Domain.AF_INET)));
        call(server, new Request.Listen(listener, 5));
        int port = boundPort(lab, listener);
        int socket = fdOf(client.call(new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).get());
        call(client, new Request.Connect(socket, SockAddr.parse(serverHost + ":" + port, Domain.AF_INET)));
        Payload.Call accepted = (Payload.Call) server.call(new Request.Accept(listener)).get(30, TimeUnit.SECONDS)
                .payload();
        check(!accepted.failed() && accepted.args().getOrDefault("peer", "").startsWith(clientHost + ":"),
                "a connection to " + serverHost + ":" + port + " accepted from " + accepted.args().get("peer"));
    }

    /** The port the kernel gave the server's {@code fd} (getsockname). */
    private static int boundPort(Lab lab, int fd) throws Exception {
        Payload.Call name = (Payload.Call) lab.server().call(new Request.GetSockName(fd)).get(30, TimeUnit.SECONDS)
                .payload();
        String addr = name.args().getOrDefault("addr", "");
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }

    private static void call(Endpoint e, Request r) throws Exception {
        Payload.Call c = (Payload.Call) e.call(r).get(30, TimeUnit.SECONDS).payload();
        if (c.failed()) throw new AssertionError(e.name() + " " + r + " failed: " + c.errnoName());
    }

    private static int fdOf(Event e) {
        Payload.Call c = (Payload.Call) e.payload();
        if (c.failed()) throw new AssertionError("socket() failed: " + c.errnoName());
        return (int) c.result();
    }

    /** Every socket closed (a session's end). */
    private static void settle(Lab lab) throws Exception {
        lab.resetAll().get(30, TimeUnit.SECONDS);
    }

    private static int fds() throws Exception {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return (int) list.count();
        }
    }

    /**
     * The captures this lab's broker runs (labnet's own, named labnet-capture: the lab's capture and its logs, each a
     * child of a request process of the broker, not of this JVM), by /proc's names and parents (forked from the broker:
     * not dumpable).
     */
    private static long captures(Lab lab) throws Exception {
        long broker = lab.network().requireBroker().pid();
        long n = 0;
        try (var all = Files.list(Path.of("/proc"))) {
            for (Path p : all.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (!Files.readString(p.resolve("comm")).strip().equals("labnet-capture")) continue;
                    if (parentOf(parentOf(Long.parseLong(p.getFileName().toString()))) == broker) n++;
                } catch (IOException gone) {
                    // a process that ended meanwhile
                }
            }
        }
        return n;
    }

    private static long parentOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[1]);
    }

    private static boolean linkHere() throws Exception {
        return Files.readString(Path.of("/proc/net/dev")).contains(SecondHost.LINK + ":");
    }

    private static void check(boolean held, String what) {
        if (!held) throw new AssertionError("not so: " + what);
        System.out.println("ok " + what);
    }
}

package org.socketlab.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.capture.WireFate;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;
import org.socketlab.i18n.Names;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;

/** The endpoints of one exercise (a server and one or more clients), their shared journal and address policy. */
public final class Lab implements AutoCloseable {
    public static final String SERVER = "server";
    public static final String CLIENT = "client";
    /**
     * The journal endpoint of what the lab itself tells rather than a process of it: capture starting and stopping,
     * network conditions, segments no rule can deduce, and the notes of lessons, quizzes and the window.
     */
    public static final String ITSELF = "lab";

    private final Journal journal;
    private final Libc libc;
    /** The lab's private folder for its Unix-domain socket files (made on first use, removed with the lab). */
    private final LabFolder folder = LabFolder.forThisUser();
    private final AddressPolicy policy;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final KernelObserver kernel;
    private final WireCapture wire;
    private final CaptureStart captureStarted;
    private final CallObserver observer;
    private final ReadWriteLock fdTable = new ReentrantReadWriteLock();
    /** Starts the endpoints' processes from one thread that lives as long as the lab. */
    private final EndpointProcesses processes;
    /** Notices calls stuck inside the kernel (a connect to a full backlog): journals them blocked, wakes them on reset. */
    private final LabWatchdog watchdog;
    /** The network the lab's sockets live in: private (made by the launcher) or this computer's. */
    private final LabNetwork network;
    /** Drop rules of the private lab network (refused on this computer's network). */
    private final NetworkConditions conditions;
    /** One machine or two (issue 40): the second host and which endpoints live on it. */
    private final Machines machines;
    /** Whether the lab may change its machines between sessions ({@link #useHosts}): it captures every interface. */
    private final boolean movable;
    /** What SocketLab's own wire between the hosts told of each packet (issue 55). */
    private final LinkFates linkFates = new LinkFates();

    /** A lab that captures the wire when this machine allows it. */
    public Lab(Libc libc, Journal journal) {
        this(libc, journal, true);
    }

    /**
     * @param capture whether to capture the wire with tcpdump when the machine allows it; off (or impossible), the
     *                journal says so in one {@code capture} event and shows inferred segments only
     */
    public Lab(Libc libc, Journal journal, boolean capture) {
        this(libc, journal, capture, false);
    }

    private Lab(Libc libc, Journal journal, boolean capture, boolean captureInBackground) {
        this(libc, journal, capture, captureInBackground ? CaptureStart.When.IN_BACKGROUND : CaptureStart.When.NOW,
                null, false, null);
    }

    private Lab(Libc libc, Journal journal, boolean capture, CaptureStart.When captureWhen, @Nullable LabHosts hosts,
            boolean movable, @Nullable LinkConditions link) {
        this.libc = libc;
        this.journal = journal;
        this.network = LabNetwork.current();
        boolean twoHosts = hosts != null;
        this.movable = movable && network.isPrivate();
        // A window's lab joins its machines by SocketLab's wire, carrying only, so that its link can change live.
        LinkConditions joined = link != null || !this.movable
                ? link
                : LinkConditions.ideal(ThreadLocalRandom.current().nextInt(1_000_000_000));
        this.machines = new Machines(network, this::forgetFarTable, joined, this::linkTold);
        // First: refused (no private lab network, the broker could not) before anything else starts.
        machines.use(hosts, null);
        this.processes = new EndpointProcesses(libc);
        // The server's and the client's processes start now, while tcpdump does; each is journaled at its first call
        // with the time it really started (Endpoint#process). With two hosts none is started ahead: an endpoint on the second host starts there at its first call, and
        // the others' starts keep their order with it.
        if (!twoHosts && captureWhen != CaptureStart.When.WHEN_BEGUN)
            for (String name : List.of(SERVER, CLIENT)) processes.startAhead(name);
        this.kernel = new KernelObserver(journal, libc, fdTable, this::endpoints);
        // The server's closed connections live on in the second host's kernel: followed there too.
        if (twoHosts) kernel.alsoFollowIn(Objects.requireNonNull(machines.secondHost()).takeSockDiag()); // use made it
        this.policy = new AddressPolicy(folder, network, twoHosts);
        this.wire = WireCapture.notStarted(journal, kernel.owners(), network,
                twoHosts || this.movable ? SecondHost.CAPTURE_DEVICE : null);
        this.conditions = new NetworkConditions(network, wire, journal, machines::secondHost);
        kernel.capturingWhen(wire::running);
        wire.linkWire(wired());
        wire.afterEachSegment(kernel::segmentSeen);
        this.captureStarted = new CaptureStart(wire, capture, captureWhen);
        this.watchdog = new LabWatchdog(this::endpoints, wire);
        this.observer = new LabCallObserver(this::awaitCapture, wire, kernel, this::endpoints, watchdog);
        endpoint(SERVER);
        endpoint(CLIENT);
        watchdog.start();
    }

    /**
     * A lab on two machines (issue 40): the server's endpoint process runs on a second host joined to this one by a real
     * link ({@link SecondHost}); the client's, as always, here. Refused with a {@link LocalizedException} that says why
     * in one line where the second host cannot be made (no private lab network, or the broker could not): there is then
     * no two-host lab, never one on this computer's network.
     */
    public static Lab onTwoHosts(Libc libc, Journal journal) {
        return onTwoHosts(libc, journal, LabHosts.SERVER_APART);
    }

    /** A lab on two machines with its endpoints where {@code hosts} places them (a lesson's {@code "hosts"}). */
    public static Lab onTwoHosts(Libc libc, Journal journal, LabHosts hosts) {
        return new Lab(libc, journal, true, CaptureStart.When.NOW, hosts, false, null);
    }

    /**
     * A lab on two machines placed as {@code hosts} says, joined by SocketLab's own wire with {@code link} (issue 55):
     * delay, jitter, losses, duplicates, reordering and rate, each packet's fate told by the wire. Where the wire cannot
     * run the hosts keep the plain link and {@link SecondHost#wireMissing()} says why.
     */
    public static Lab onTwoHosts(Libc libc, Journal journal, LabHosts hosts, LinkConditions link) {
        return new Lab(libc, journal, true, CaptureStart.When.NOW, hosts, false, link);
    }

    /** A line of the wire between the hosts, from its reader thread (it may speak while the lab is still being made). */
    private void linkTold(WireFate fate) {
        // The capture first: a packet the line says arrived is journaled before the wire is taken as quiet.
        WireCapture capture = wire;
        if (capture != null) capture.linkTold(fate);
        linkFates.told(fate);
    }

    /** Whether the hosts are joined by SocketLab's own wire now. */
    private boolean wired() {
        SecondHost host = machines.secondHost();
        return host != null && host.wire().isPresent();
    }

    /** The link between the machines now, when SocketLab's wire joins them (empty: one machine, or a plain link). */
    public Optional<LinkConditions> link() {
        SecondHost host = machines.secondHost();
        return host == null ? Optional.empty() : host.wire();
    }

    /**
     * The wire between the machines carries every packet read from now on with {@code conditions} (issue 60: the
     * window's live link controls), once the wire says it is in force (within a second); journaled as a note that says
     * the link in one line. Refused with a {@link LocalizedException} that says why: no wire now (one machine, or the
     * plain link). Waits for the wire: not for the FX thread.
     */
    public void changeLink(LinkConditions conditions) {
        changeLink(conditions, "link.live.changed");
    }

    /**
     * The wire carries with {@code conditions} and its random draws start again from their seed, as on a wire started
     * with them: a lesson's pinned seed gives the same fates in the window's lab, whatever crossed before. Journaled
     * as {@link #changeLink} is when the conditions differ from the link's.
     */
    public synchronized void restartLink(LinkConditions conditions) {
        SecondHost host = machines.secondHost();
        if (host == null || host.wire().isEmpty()) throw new LocalizedException("link.live.noWire");
        linkRestarted = true;
        if (!conditions.equals(host.wire().get())) {
            changeLink(conditions, "link.live.changed", true);
            return;
        }
        wire.catchUp();
        host.changeWire(conditions, true);
        linkChanged();
    }

    /**
     * A lesson's run that set its own link ({@code lessons}) ended: the wire carries with {@code before} again (the link
     * the lesson replaced), journaled as a note that names the lesson and says the link now in force. Left alone when
     * the link is no longer the lesson's (someone changed it during the run: their choice stands). While the presenter's
     * key drops everything, {@code before} is what comes back when the key is released.
     */
    public synchronized void returnLink(LinkConditions lessons, LinkConditions before, String lessonId) {
        SecondHost host = machines.secondHost();
        if (host == null || host.wire().isEmpty()) return; // the machines changed meanwhile: nothing to give back
        if (!lessons.equals(beforeDropping != null ? beforeDropping : host.wire().get())) return;
        if (beforeDropping != null) {
            beforeDropping = before;
        } else {
            wire.catchUp(); // what crossed on the lesson's link is journaled before the note
            host.changeWire(before, false);
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            text.put(lang.code(), m.get("lesson.link.back", lessonId, LinkSummary.of(before, m)));
        }
        journal.append(ITSELF, new Payload.Note(text));
        linkChanged();
    }

    /**
     * Both ends of the link between the machines send at most {@code kbit} kbit/s (0: no limit; the broker sets it),
     * said in the journal by {@code said} (null: nothing to say). Refused with a {@link LocalizedException} that says
     * why: one machine, or the broker could not. Waits for the broker: not for the FX thread.
     */
    public synchronized void limitRate(int kbit, Payload.@Nullable Note said) {
        SecondHost host = machines.secondHost();
        if (host == null) throw new LocalizedException("machines.ui.noLab");
        host.limitRate(kbit);
        if (said != null) journal.append(ITSELF, said);
        linkChanged();
    }

    /**
     * The user's own rate for the link (the window's control, {@code run --rate}): {@link #limitRate(int, Payload.Note)}
     * said in the journal as the command line says it; a limit removed is not said.
     */
    public void limitRate(int kbit) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values())
            text.put(lang.code(), Messages.of(lang).get("cli.run.rate", String.valueOf(kbit)));
        limitRate(kbit, kbit == 0 ? null : new Payload.Note(text));
    }

    /** The link's rate now, kbit/s (0: no limit, or one machine). */
    public int linkRate() {
        SecondHost host = machines.secondHost();
        return host == null ? 0 : host.rateKbit();
    }

    /**
     * {@code watcher} runs after every change of the link or its rate, on the thread that made the change (a worker's,
     * never the FX thread's): the window's header follows a lesson's own link as well as the user's.
     */
    public void watchLink(Runnable watcher) {
        linkWatchers.add(watcher);
    }

    private final List<Runnable> linkWatchers = new CopyOnWriteArrayList<>();

    private void linkChanged() {
        for (Runnable watcher : linkWatchers) watcher.run();
    }

    /**
     * While {@code dropping}, the wire loses every packet (the presenter's key held: the lab's own markers still
     * pass); then it carries again as it did before. Each change journaled.
     */
    public synchronized void dropEverything(boolean dropping) {
        LinkConditions now = link().orElseThrow(() -> new LocalizedException("link.live.noWire"));
        if (dropping == (beforeDropping != null)) return;
        if (dropping) {
            LinkConditions.Way there = now.toServer(), back = now.toClient();
            changeLink(new LinkConditions(lossAll(there), lossAll(back), now.rateKbit(), now.seed()),
                    "link.live.dropAll");
            beforeDropping = now;
        } else {
            LinkConditions before = Objects.requireNonNull(beforeDropping);
            beforeDropping = null;
            changeLink(before, "link.live.dropAllEnded");
            dropEndedAt = journal.size(); // after its note: a step begun before this size saw the link cut
        }
    }

    /**
     * Whether the presenter's key held the link cut at some moment after the journal had {@code journalSize} events
     * (a lesson step's start): it is held now, or its release was journaled after that size.
     */
    public synchronized boolean dropHeldSince(long journalSize) {
        return beforeDropping != null || dropEndedAt > journalSize;
    }

    /** The journal's size just after the last release of the presenter's key was journaled; -1 before any. */
    private long dropEndedAt = -1;

    /** Whether {@link #restartLink} started the wire's draws again since this lab was made (a lesson's own seed). */
    public synchronized boolean linkRestarted() {
        return linkRestarted;
    }

    private boolean linkRestarted;

    /** The link as it was before the presenter's key made it drop everything; null while it does not. */
    private @Nullable LinkConditions beforeDropping;

    private static LinkConditions.Way lossAll(LinkConditions.Way w) {
        return new LinkConditions.Way(w.delayUs(), w.jitterUs(), LinkConditions.ALL_PPM, 1, w.duplicatePpm(),
                w.reorderPpm());
    }

    private void changeLink(LinkConditions conditions, String noteKey) {
        changeLink(conditions, noteKey, false);
    }

    private void changeLink(LinkConditions conditions, String noteKey, boolean reseed) {
        SecondHost host = machines.secondHost();
        if (host == null || host.wire().isEmpty()) throw new LocalizedException("link.live.noWire");
        wire.catchUp(); // what crossed before the change is journaled before its note
        host.changeWire(conditions, reseed);
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            text.put(lang.code(), m.get(noteKey, LinkSummary.of(conditions, m)));
        }
        journal.append(ITSELF, new Payload.Note(text));
        linkChanged();
    }

    /** What the wire between the hosts told so far (empty without the wire). */
    public LinkFates linkFates() {
        return linkFates;
    }

    /**
     * With SocketLab's wire between the hosts: waits until nothing is on the wire (what the steps before sent has
     * arrived, and what was lost has been sent again and acknowledged) and what the capture saw of it is journaled, at
     * most twice the longest way across plus three seconds (a lost SYN is sent again after one second, a segment lost
     * twice after twice its timeout); at once without the wire. A lesson's next step then sees what a loopback or a
     * plain link would have delivered already, and no retransmission of an earlier step's loss.
     */
    public void awaitLinkQuiet() {
        SecondHost host = machines.secondHost();
        LinkConditions link = host == null ? null : host.wire().orElse(null);
        if (link == null) return;
        long longestUs = Math.max(link.toServer().delayUs() + link.toServer().jitterUs(),
                link.toClient().delayUs() + link.toClient().jitterUs());
        try {
            linkFates.awaitQuiet(LINK_QUIET_NS, 2 * longestUs * 1000 + 3_000_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        wire.catchUp();
    }

    /**
     * How long the wire must say nothing, from the wait's start, before it is taken as quiet: it reads and tells a frame
     * within microseconds on an idle machine, but a frame a call just sent (the FIN of a close on h2) may wait for a busy
     * core before the wire reads it; 50 ms covers the waits seen at load 20 on two cores.
     */
    private static final long LINK_QUIET_NS = 50_000_000;

    /** Where the endpoints live, when the lab has two machines. */
    public Optional<LabHosts> hosts() {
        return Optional.ofNullable(machines.hosts());
    }

    /** The server's machine, when the lab has two. */
    public Optional<SecondHost> secondHost() {
        return Optional.ofNullable(machines.secondHost());
    }

    /** Whether this lab can go from one machine to two and back ({@link #useHosts}): a window's, in the lab network. */
    public boolean movable() {
        return movable;
    }

    /**
     * Puts the lab on one machine ({@code wanted} null) or on two placed as {@code wanted} says, between sessions (call
     * it once every socket is closed, {@link #resetAll}): each endpoint's process ends (journaled), the second host is
     * made or removed with its link, the hosts' addresses are allowed exactly while it exists, and each endpoint's next
     * call starts its process where it now lives. Refused with a {@link LocalizedException} that says why when the
     * second host cannot be made (the lab is then on one machine). Waits for processes and the broker: not for the FX
     * thread, nor an endpoint's.
     */
    public void useHosts(LabHosts wanted) {
        if (!movable && !Objects.equals(wanted, machines.hosts())) throw new LocalizedException("machines.ui.fixed");
        try {
            machines.move(wanted, this::endpoints, processes, policy, kernel);
        } finally {
            wire.linkWire(wired());
        }
    }

    /**
     * A new session on two machines (the window's, once cut after {@link #useHosts}, Reset all or a lesson's start): the
     * server's and the client's processes start now on their hosts, each journaled as started there with its host and
     * address, so the session says where each lives before either calls (issue 57: a client refused by h2's kernel
     * before the server's first call is drawn from h2, and the server's lifelines name it). On the endpoints' worker
     * threads: the caller (it may be the FX thread) does not wait. Nothing on one machine, where a process is journaled
     * at its endpoint's first call and no lifeline needs a host.
     */
    public CompletableFuture<Void> startOnHosts() {
        if (machines.hosts() == null) return CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(server().startProcessNow(), client().startProcessNow());
    }

    /** Starts an endpoint's process on its host: on the second host when the lab's hosts place it there. */
    private EndpointProcess startProcess(String name) {
        EndpointProcess early = processes.takeStartedAhead(name);
        if (early != null) return early;
        SecondHost second = machines.secondHost();
        LabHosts hosts = machines.hosts();
        return second != null && hosts != null && hosts.isOnSecond(name)
                ? processes.startOn(second, name)
                : processes.start(name);
    }

    /**
     * This lab makes no call as {@code endpoint} (a traced program is the server, `serve` has no client): the process
     * started ahead for it ends now, having made no call (nothing journaled), so `ps` shows no idle endpoint.
     */
    public void noCallsAs(String endpoint) {
        processes.endStartedAhead(endpoint);
    }

    /** The network the lab's sockets live in (its launcher's choice, or this computer's). */
    public LabNetwork network() {
        return network;
    }

    /** How many times the watchdog has looked at the endpoints (tests: an idle lab's watchdog rests). */
    long watchdogRounds() {
        return watchdog.rounds();
    }

    /** A lab on this machine's real calls (a {@link Libc} of its own) with a fresh journal: for tests and tools. */
    public static Lab onThisMachine() {
        return new Lab(Libc.forThisMachine(), new Journal());
    }

    /** A lab on this machine's real calls (a {@link Libc} of its own) that journals into {@code journal}. */
    public static Lab onThisMachine(Journal journal) {
        return new Lab(Libc.forThisMachine(), journal);
    }

    /** A lab on this machine's real calls (a {@link Libc} of its own) that never captures the wire. */
    public static Lab withoutCapture() {
        return new Lab(Libc.forThisMachine(), new Journal(), false);
    }

    /** A lab on this machine's real calls that never captures the wire and journals into {@code journal}. */
    public static Lab withoutCapture(Journal journal) {
        return new Lab(Libc.forThisMachine(), journal, false);
    }

    /**
     * A lab for the window: tcpdump starts in the background, so the window need not wait for it; the first call (and
     * {@link #awaitCapture}) waits until it listens. Not for the FX thread's calls to {@link #awaitCapture}. In the
     * private lab network it can go to two machines and back ({@link #useHosts}), so it captures every interface of its
     * namespace (the loopback; the link to a second host while there is one).
     */
    public static Lab capturingInBackground(Libc libc) {
        return new Lab(libc, new Journal(), true, CaptureStart.When.IN_BACKGROUND, null, true, null);
    }

    /**
     * The window's lab: as {@link #capturingInBackground}, but tcpdump and the endpoints' processes start when
     * {@link #beginBackground} is asked (once the window is complete), or at the first call, which waits for them as it
     * would anyway. On two cores their start took CPU from the window's first frame (issue 62).
     */
    public static Lab forWindow(Libc libc) {
        return new Lab(libc, new Journal(), true, CaptureStart.When.WHEN_BEGUN, null, true, null);
    }

    /**
     * Starts what {@link #forWindow} left for later: the capture, and the processes of the endpoints that have made no
     * call yet. Once; never waits (any thread, the FX thread too).
     */
    public void beginBackground() {
        captureStarted.begin();
        if (machines.hosts() == null) for (String name : List.of(SERVER, CLIENT)) processes.startAhead(name);
    }

    /** The real calls this lab makes (the one {@code Libc} its maker passed in; a traced program's reads use it too). */
    public Libc libc() {
        return libc;
    }

    /**
     * Waits until the capture of the wire started or was found unavailable (journaled either way); at once for a lab
     * that started it in its constructor. Whatever journals for the lab before its first call calls this first.
     */
    public void awaitCapture() {
        captureStarted.await();
    }

    /**
     * Journals the capture's status again (its last status, repeated): the first event of a new session, so that a view
     * or a file of that session alone knows whether its segments are seen on the wire or deduced, and hides the deduced
     * twins of captured ones as a view of the whole journal does. The capture keeps its last status itself: after a
     * session longer than the journal keeps in memory, the status event is no longer among the events held. Nothing
     * while the capture is still starting (its status is then journaled in the new session anyway).
     */
    public void restateCapture() {
        Payload.Capture last = wire.lastStatus();
        if (last != null) journal.append(ITSELF, last);
    }

    /** Whether the wire is being captured now. */
    public boolean capturing() {
        awaitCapture();
        return wire.running();
    }

    /** How long tcpdump took to start listening, in ms; NaN without capture. */
    public double captureStartMillis() {
        awaitCapture();
        return wire.startMillis();
    }

    public Journal journal() {
        return journal;
    }

    public AddressPolicy addressPolicy() {
        return policy;
    }

    /**
     * The lab's private folder for its Unix-domain socket files, if a Unix path was used already: a relative path in a
     * lesson or a pane is a name in it. Emptied by {@link #resetAll}, removed by {@link #close}.
     */
    public Optional<Path> unixFolder() {
        return folder.existing();
    }

    public Endpoint server() {
        return endpoint(SERVER);
    }

    public Endpoint client() {
        return endpoint(CLIENT);
    }

    /** The endpoint with this name, made on first use. */
    public synchronized Endpoint endpoint(String name) {
        return endpoints.computeIfAbsent(name, n -> {
            Endpoint made = new Endpoint(n, journal, libc, policy, observer, fdTable, this::startProcess);
            LabHosts hosts = machines.hosts();
            if (hosts != null) made.placeOn(hosts.hostOf(n), hosts.addressOf(n)); // its process says where it runs
            return made;
        });
    }

    /** Adds another client: {@code client-2}, {@code client-3}... */
    public synchronized Endpoint addClient() {
        int n = 2;
        while (endpoints.containsKey(CLIENT + "-" + n)) n++;
        return endpoint(CLIENT + "-" + n);
    }

    /** fork() in {@code parent}'s process into {@code childName} (server-2; an ended child's name is reused): {@link Forking}. */
    public CompletableFuture<Endpoint> fork(Endpoint parent, String childName) {
        Endpoint child, ended;
        synchronized (this) {
            ended = endpoints.remove(childName);
            if (ended != null && !Forking.reusable(ended)) endpoints.put(childName, ended);
            Forking.refuseTaken(endpoints.get(childName), childName);
            child = endpoints.computeIfAbsent(childName, n -> new Endpoint(n, journal, libc, policy, observer, fdTable,
                    Forking::neverRestarted));
        }
        if (ended != null) ended.close(); // its process ended: nothing of it waits (not on the FX thread: no name reused)
        return Forking.childOf(() -> parent.fork(child), child, this::removeEndpoint);
    }

    /** The first free name for a child of {@code parent}: server-2, server-3... */
    public synchronized String childName(Endpoint parent) {
        return Forking.childName(endpoints.keySet(), parent.name());
    }

    /**
     * Passes an open socket from one endpoint to another, as a threaded server's accepting thread passes a new
     * connection's fd to the thread that serves it: {@code to} runs as a new thread of {@code from}'s process (made now,
     * if it is not one already). No socket call is made (threads share one fd table); a journal note says so, and
     * later calls and kernel events on that fd name {@code to}. Call it while {@code from} is not using the fd.
     */
    public void handOver(int fd, Endpoint from, Endpoint to) {
        to.runInProcessOf(from); // a thread of the process that holds the fd: threads share one fd table
        Endpoint.SocketInfo info;
        fdTable.writeLock().lock();
        try {
            info = from.release(fd);
            if (info == null) throw new LocalizedException("input.fd.notOpen", fd, from.name());
            to.adopt(info);
        } finally {
            fdTable.writeLock().unlock();
        }
        kernel.handedOver(info.inode(), to.name()); // after the fd table's lock: the observer takes its own lock first
        Map<String, String> text = new LinkedHashMap<>();
        for (Lang lang : Lang.values()) { // as the transcript names them ("Server 2"), never the journal's ids
            Messages m = Messages.of(lang);
            text.put(lang.code(), m.get("lab.handOver", String.valueOf(fd), Names.endpoint(from.name(), m),
                    Names.endpoint(to.name(), m)));
        }
        journal.append(from.name(), new Payload.Note(text));
    }

    /**
     * Journals the packets of these sockets of a program outside the lab (a traced one) under their endpoints, as for the
     * lab's own, until the handle is closed. Call {@link #outsideChanged} when they change.
     */
    public Subscription watchOutside(Supplier<List<OutsideSocket>> sockets) {
        return kernel.owners().watchOutside(sockets);
    }

    /** The watched outside sockets changed: packets seen a moment ago that were nobody's are looked at again. */
    public void outsideChanged() {
        wire.outsideChanged();
    }

    /** Closes an extra client's sockets and stops its thread. Not for the FX thread. */
    public void removeEndpoint(String name) {
        Endpoint removed;
        synchronized (this) {
            removed = endpoints.get(name);
        }
        if (removed == null) return;
        removed.close(); // still listed, so the watchdog can wake a call stuck in the kernel
        synchronized (this) {
            endpoints.remove(name);
        }
    }

    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    /**
     * Drops packets as {@code rule} says, from now on, in the private lab network (nftables through its broker); each
     * dropped packet's captured segment is journaled {@code lost}, and the rule as a note of {@code lab}. Refused with
     * a {@link org.socketlab.i18n.LocalizedException} saying why (not a private lab network, no capture, nft failed),
     * before anything is applied. Waits for nft: not for the FX thread.
     */
    public void drop(DropRule rule) {
        awaitCapture();
        conditions.drop(rule);
    }

    /** Before the second host goes: its drop rules' log ends (it would keep the host's namespace alive). */
    private void forgetFarTable() {
        if (conditions != null) conditions.forgetFarTable();
    }

    /** Removes every drop rule (journaled when there was one). Waits for nft: not for the FX thread. */
    public void clearNetworkConditions() {
        conditions.clear();
    }

    /** Whether a drop rule is in force. */
    public boolean networkConditionsActive() {
        return conditions.active();
    }

    /**
     * Reset all (the window's, a lesson's start): every endpoint's waiting call is given up and its sockets closed (real,
     * journaled closes), then every process the lab started ends, as when an exercise starts again: the children a fork
     * made first (newest first; each is gone from the lab, and its parent reaps it as it ends itself), then the others
     * (their next call starts a new process, with every signal's default action). Nothing queued is made. The lab
     * network's drop rules go and the lab's folder is emptied (the files of Unix sockets closed but never unlinked).
     * Never blocks the caller: the processes' ends are awaited on a thread of their own.
     */
    public CompletableFuture<Void> resetAll() {
        List<CompletableFuture<Void>> resets = new ArrayList<>();
        if (conditions.active()) resets.add(CompletableFuture.runAsync(conditions::clear));
        for (Endpoint e : endpoints()) resets.add(e.reset());
        return CompletableFuture.allOf(resets.toArray(CompletableFuture[]::new))
                .thenRunAsync(this::endEveryProcess,
                        work -> Thread.ofPlatform().name("socketlab-reset-all").daemon().start(work))
                .thenRun(folder::empty);
    }

    /**
     * Ends every process of the lab ({@link #resetAll}): forked children first, so that no zombie outlives its parent
     * (the endpoint program reaps its ended children as it ends), then every other endpoint's process. Waits for them.
     */
    private void endEveryProcess() {
        for (Endpoint e : endpoints().reversed()) if (e.forkedChild()) removeEndpoint(e.name());
        CompletableFuture.allOf(endpoints().stream().map(Endpoint::endProcess).toArray(CompletableFuture[]::new))
                .join();
    }

    /** Reads the kernel's tables now and journals what changed (tests use it to wait for the kernel). */
    public void observeKernelNow() {
        kernel.sampleNow();
    }

    /** Closes every socket, stops every worker thread and removes the lab's folder. */
    @Override
    public void close() {
        // While the watchdog still runs (it interrupts calls stuck in the kernel); the last made first, so a thread
        // endpoint (server-1) closes its sockets before the process it runs in (server) ends.
        for (Endpoint e : endpoints().reversed()) e.close();
        processes.close(); // its thread ends: an endpoint process still there gets PR_SET_PDEATHSIG's SIGKILL
        if (wired()) { // what is on SocketLab's wire arrives (or is lost) and is journaled with its fate, then it goes
            awaitLinkQuiet();
        }
        machines.close(); // its endpoints have ended: the host and its link go
        watchdog.closing();
        captureStarted.awaitEnded(); // a capture still starting is stopped once it started
        wire.close();
        kernel.close();
        folder.close(); // after the endpoints' own unlinks: nothing of the lab is left on disk
        watchdog.awaitEnd();
    }
}

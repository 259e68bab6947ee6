package org.socketlab.ui.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.CaptureReason;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Lab;
import org.socketlab.lab.LabHosts;
import org.socketlab.lab.LinkSummary;
import org.socketlab.lesson.Lesson;
import org.socketlab.lesson.TwoHosts;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * The window's Machines control, beside Network (issue 40): one machine (everything on the lab's loopback) or two (the
 * server on a second host of the private lab network, joined to the client's by a real link), and that link's rate.
 * Changing it resets the session ({@link Mover}): every socket is closed, every endpoint's process ends, the second host
 * is made or removed, and a new session starts with each endpoint's next call on its machine. Where hosts cannot be
 * made (no lab, or not in the private lab network) the control is off and one line says why. On two machines joined by
 * SocketLab's own wire the link changes live (issue 60): delay, jitter, loss, duplicates and reordering
 * ({@link #setLink}), in force within a second and journaled; a presenter's key drops every packet while it is held
 * ({@link #dropEverything}); {@link #linkLineProperty} says the link in one line for the diagram's header.
 */
public final class MachinesViewModel {
    /** What the control says: a message key and its arguments (shown in the reader's language). */
    private record Said(String key, List<Object> args) {
        static Said of(LocalizedException e) {
            return new Said(e.key(), List.of(e.args()));
        }
    }

    /** The link in a status line: said in the reader's language when shown. */
    private record LinkLine(LinkConditions conditions) {
    }

    /** How the window moves its lab: the session reset onto {@code hosts} (null: one machine), a new one started. */
    @FunctionalInterface
    public interface Mover {
        CompletableFuture<?> resetOnto(LabHosts hosts);
    }

    /** The link's settings the control keeps, both ways alike; in force on two machines joined by the wire. */
    public record LinkSettings(int delayMs, int jitterMs, int lossPercent, int duplicatePercent, int reorderPercent) {
        /** A link that only carries. */
        public static final LinkSettings NONE = new LinkSettings(0, 0, 0, 0, 0);

        /** One direction of the wire so set. */
        LinkConditions.Way way() {
            return new LinkConditions.Way(delayMs * 1000, jitterMs * 1000, lossPercent * 10_000, 1,
                    duplicatePercent * 10_000, reorderPercent * 10_000);
        }
    }

    /** The lab's live link (SocketLab's wire between the machines), as the control sees it. */
    public interface LiveLink {
        /** The link in force now; empty: no wire (one machine, or a plain link). */
        Optional<LinkConditions> now();

        /** The wire takes these conditions (waits for it: a worker's). */
        void change(LinkConditions conditions);

        /** The wire drops every packet while {@code dropping} (waits for it: a worker's). */
        void dropEverything(boolean dropping);

        /** No wire ever: every change refused. */
        LiveLink NONE = new LiveLink() {
            @Override
            public Optional<LinkConditions> now() {
                return Optional.empty();
            }

            @Override
            public void change(LinkConditions conditions) {
                throw new LocalizedException("link.live.noWire");
            }

            @Override
            public void dropEverything(boolean dropping) {
                throw new LocalizedException("link.live.noWire");
            }
        };

        /** The lab's own. */
        static LiveLink of(Lab lab) {
            return new LiveLink() {
                @Override
                public Optional<LinkConditions> now() {
                    return lab.link();
                }

                @Override
                public void change(LinkConditions conditions) {
                    lab.changeLink(conditions);
                }

                @Override
                public void dropEverything(boolean dropping) {
                    lab.dropEverything(dropping);
                }
            };
        }
    }

    /** The link rates offered, in kbit/s; 0 is no limit. */
    public static final List<Integer> RATES = List.of(0, 10_000, 2_000, 500, 100);

    /** Whether the lab is on two machines now (read after a move: a failed one leaves it on one). */
    private final BooleanSupplier onTwo;
    /** Sets the link's rate (the broker does; waits: off the FX thread). */
    private final IntConsumer link;
    private final FxInbox inbox;
    private final Mover mover;
    /** Why there are no two machines here; null where the lab can have them. */
    private final LocalizedException whyNot;
    private final ReadOnlyBooleanWrapper two = new ReadOnlyBooleanWrapper(this, "two");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyIntegerWrapper rate = new ReadOnlyIntegerWrapper(this, "rate");
    /** The link's rate in force, kbit/s (0: no limit): this control's, or a lesson's own while it runs. */
    private final IntegerProperty rateInForce = new SimpleIntegerProperty(this, "rateInForce");
    private final ReadOnlyObjectWrapper<Said> said = new ReadOnlyObjectWrapper<>();
    private final StringBinding status;
    private final LiveLink live;
    private final ReadOnlyObjectWrapper<LinkSettings> settings = new ReadOnlyObjectWrapper<>(this, "settings",
            LinkSettings.NONE);
    /** The wire's conditions in force, as last read (null: no wire now). */
    private final ReadOnlyObjectWrapper<@Nullable LinkConditions> inForce = new ReadOnlyObjectWrapper<>(this,
            "inForce");
    private final ReadOnlyBooleanWrapper dropping = new ReadOnlyBooleanWrapper(this, "dropping");
    private final StringBinding linkLine;
    /** What the presenter's key wants now; the workers apply the latest, one at a time. */
    private final AtomicBoolean dropWanted = new AtomicBoolean();
    private final Object dropLock = new Object();
    /** The settings last asked for; the workers apply the latest, one at a time. */
    private volatile LinkSettings latestWanted = LinkSettings.NONE;
    private final Object linkLock = new Object();

    /** {@code lab} null: this system makes no calls. */
    public MachinesViewModel(Lab lab, Texts texts, FxInbox inbox, Mover mover) {
        this(whyNot(lab), () -> lab != null && lab.hosts().isPresent(),
                kbit -> Objects.requireNonNull(lab).limitRate(kbit),
                lab == null ? LiveLink.NONE : LiveLink.of(lab), texts, inbox, mover);
        if (lab != null) lab.watchLink(() -> {
            // A lesson's own link changes it as well as this control: the header says the link in force.
            LinkConditions now = lab.link().orElse(null);
            int kbit = lab.linkRate();
            inbox.deliver(() -> linkNow(now, kbit));
        });
    }

    /** The link in force changed (FX thread): the header and the status say it, whoever changed it. */
    private void linkNow(@Nullable LinkConditions now, int kbit) {
        rateInForce.set(kbit);
        if (!two.get() || busy.get()) return; // a move or a change of this control says where it is when it ends
        inForce.set(now);
        said.set(where());
    }

    MachinesViewModel(LocalizedException whyNot, BooleanSupplier onTwo, IntConsumer link, Texts texts, FxInbox inbox,
            Mover mover) {
        this(whyNot, onTwo, link, LiveLink.NONE, texts, inbox, mover);
    }

    /**
     * The control on a lab seen through these (tests: a lab that moves without a lab network): why there are no two
     * machines (null: there can be), whether there are two now, how the link's rate is set.
     */
    MachinesViewModel(LocalizedException whyNot, BooleanSupplier onTwo, IntConsumer link, LiveLink live, Texts texts,
            FxInbox inbox, Mover mover) {
        this.live = live;
        this.onTwo = onTwo;
        this.link = link;
        this.inbox = inbox;
        this.mover = mover;
        this.whyNot = whyNot;
        said.set(whyNot != null ? Said.of(whyNot) : new Said("machines.ui.status.one", List.of()));
        status = Bindings.createStringBinding(
                () -> texts.messages().get(said.get().key(), said.get().args().stream()
                        .map(a -> a instanceof LinkLine l ? LinkSummary.of(l.conditions(), texts.messages()) : a)
                        .toArray()),
                said, texts.messagesProperty());
        linkLine = Bindings.createStringBinding(() -> {
            LinkConditions c = inForce.get();
            if (c == null) return "";
            if (dropping.get()) return texts.messages().get("link.ui.dropping");
            return LinkSummary.of(new LinkConditions(c.toServer(), c.toClient(), rateInForce.get(), c.seed()),
                    texts.messages());
        }, inForce, dropping, rateInForce, texts.messagesProperty());
    }

    /** The link's settings the control keeps. */
    public ReadOnlyObjectProperty<LinkSettings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    /** Whether the presenter's key makes the link drop every packet now. */
    public ReadOnlyBooleanProperty droppingProperty() {
        return dropping.getReadOnlyProperty();
    }

    /**
     * The link in one line for the diagram's header ("link: 50 ms each way, 2 % loss"; "link: every packet dropped"
     * while the presenter's key is held), in the reader's language; empty without the wire.
     */
    public StringBinding linkLineProperty() {
        return linkLine;
    }

    /**
     * A link value as typed beside its slider: a whole number from 0 to {@code max} (spaces around it and a unit the
     * label already says, "200 ms" or "5 %", are allowed); empty when it is anything else, and then nothing is changed.
     */
    public static OptionalInt typedValue(String typed, int max) {
        if (typed == null) return OptionalInt.empty();
        String digits = typed.strip().replaceFirst("\\s*(ms|%)$", "");
        if (!digits.matches("\\d{1,6}")) return OptionalInt.empty();
        int value = Integer.parseInt(digits);
        return value <= max ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /**
     * The link's delay, jitter, loss, duplicates and reordering (FX thread; never waits): kept, and on two machines
     * joined by the wire applied on a worker (in force within a second, journaled); the control then says the link.
     */
    public void setLink(LinkSettings wanted) {
        settings.set(wanted);
        if (!two.get()) return;
        applyLink();
    }

    private void applyLink() {
        latestWanted = settings.get();
        busy.set(true);
        inbox.start("link-settings", () -> {
            // One change at a time, the latest wish: a slider moved by the keyboard asks for several in a row.
            synchronized (linkLock) {
                LinkSettings wanted = latestWanted;
                LinkConditions now = live.now().orElseThrow(() -> new LocalizedException("link.live.noWire"));
                LinkConditions next = new LinkConditions(wanted.way(), wanted.way(), now.rateKbit(), now.seed());
                if (!next.equals(now)) live.change(next);
                return live.now();
            }
        }, now -> {
            busy.set(false);
            inForce.set(now.orElse(null));
            said.set(where());
        }, failed -> {
            busy.set(false);
            said.set(Said.of(localized(failed)));
        });
    }

    /**
     * The presenter's key (FX thread): held, the link drops every packet; released, it carries as before. Said on
     * screen at once ({@link #linkLineProperty}); the wire follows on a worker, the latest wish winning.
     */
    public void dropEverything(boolean held) {
        if (dropWanted.getAndSet(held) == held && dropping.get() == held) return;
        if (!two.get() || inForce.get() == null) {
            if (held) said.set(new Said("link.live.noWire", List.of()));
            return;
        }
        dropping.set(held);
        inbox.start("link-drop", () -> {
            synchronized (dropLock) {
                live.dropEverything(dropWanted.get());
            }
            return true;
        }, done -> {
        }, failed -> said.set(Said.of(localized(failed))));
    }

    private static LocalizedException whyNot(Lab lab) {
        if (lab == null) return new LocalizedException("machines.ui.noLab");
        if (!lab.network().isPrivate()) {
            CaptureReason why = lab.network().whyNotPrivate();
            return new LocalizedException("hosts.notPrivate", why == null ? "-" : why.code());
        }
        if (!lab.movable()) return new LocalizedException("machines.ui.fixed");
        return null;
    }

    /** Whether the lab can have two machines here (else the control is off and {@link #statusProperty} says why). */
    public boolean available() {
        return whyNot == null;
    }

    /** Whether the lab is on two machines now. */
    public ReadOnlyBooleanProperty twoProperty() {
        return two.getReadOnlyProperty();
    }

    /** Whether the machines or the link are being changed now. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The link's rate the control keeps, kbit/s (0: no limit); in force on two machines. */
    public ReadOnlyIntegerProperty rateProperty() {
        return rate.getReadOnlyProperty();
    }

    /** One line: where the endpoints live, the link's rate, or why there are no two machines (reader's language). */
    public StringBinding statusProperty() {
        return status;
    }

    /**
     * One machine or two (FX thread; never waits): the session is reset onto them, then the control says where the
     * endpoints live, or why the second machine could not be made (the lab then stays on one).
     */
    public void choose(boolean wantTwo) {
        if (busy.get() || wantTwo == two.get()) return;
        if (whyNot != null) {
            said.set(Said.of(whyNot));
            return;
        }
        busy.set(true);
        said.set(new Said("machines.ui.moving", List.of()));
        CompletableFuture<?> moved;
        try {
            moved = mover.resetOnto(wantTwo ? LabHosts.SERVER_APART : null);
        } catch (RuntimeException refused) {
            moved = CompletableFuture.failedFuture(refused);
        }
        moved.whenComplete((done, failure) -> inbox.deliver(() -> moved(failure)));
    }

    /**
     * A lesson that cannot run in the machine mode in force but can in the other: the window offers to switch and run
     * it (issue 78: it refused in the command line's words, "--two-hosts ... client, server, server-2").
     */
    public record ModeOffer(Lesson lesson, boolean toTwo) {
    }

    private final ReadOnlyObjectWrapper<@Nullable ModeOffer> offer = new ReadOnlyObjectWrapper<>(this, "offer");
    /** What runs once a move chosen by accepting an offer has ended well; null: nothing. */
    private @Nullable Runnable afterMove;

    /** The offer shown now, or null. */
    public ReadOnlyObjectProperty<@Nullable ModeOffer> offerProperty() {
        return offer.getReadOnlyProperty();
    }

    /**
     * Offers the other machine mode for a lesson {@link #place} refused, when that mode would run it and can be had
     * here; returns whether it did (else the refusal is said as it is).
     */
    public boolean offerOtherMode(Lesson lesson) {
        boolean toTwo = !two.get();
        boolean runsThere = toTwo ? lesson.onTwoHosts() && available() && whyNot == null : !lesson.onTwoHosts();
        offer.set(runsThere ? new ModeOffer(lesson, toTwo) : null);
        return runsThere;
    }

    /** The offer taken: the lab moves to the other mode, then {@code run} is given the lesson. FX thread. */
    public void acceptOffer(Consumer<Lesson> run) {
        ModeOffer taken = offer.get();
        offer.set(null);
        if (taken == null || busy.get()) return;
        afterMove = () -> run.accept(taken.lesson());
        choose(taken.toTwo());
    }

    /** The offer let go without switching. */
    public void dismissOffer() {
        offer.set(null);
    }

    /** The move ended (FX thread): the control says where the lab is now; on two machines the kept rate applies. */
    private void moved(Throwable failure) {
        busy.set(false);
        two.set(onTwo.getAsBoolean());
        Runnable then = afterMove;
        afterMove = null;
        if (failure != null) {
            said.set(Said.of(localized(failure)));
            return;
        }
        if (then != null) inbox.deliver(then); // after the rest of this move is applied
        said.set(where());
        inForce.set(two.get() ? live.now().orElse(null) : null);
        if (two.get() && rate.get() > 0) limitRate(rate.get());
        if (two.get() && inForce.get() != null && !settings.get().equals(LinkSettings.NONE)) applyLink();
    }

    /** Where the endpoints live now. */
    private Said where() {
        if (!two.get()) return new Said("machines.ui.status.one", List.of());
        LinkConditions wire = inForce.get();
        if (wire != null) {
            LinkConditions shown = new LinkConditions(wire.toServer(), wire.toClient(), rateInForce.get(),
                    wire.seed());
            return new Said("machines.ui.status.wire", List.of(SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS,
                    new LinkLine(shown)));
        }
        if (rateInForce.get() > 0)
            return new Said("machines.ui.status.twoRate",
                    List.of(SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS, String.valueOf(rateInForce.get())));
        return new Said("machines.ui.status.two", List.of(SecondHost.CLIENT_ADDRESS, SecondHost.SERVER_ADDRESS));
    }

    /**
     * The link sends at most {@code kbit} kbit/s (0: no limit), on a short-lived thread (the broker sets it); kept for
     * the next time the lab is on two machines. FX thread.
     */
    public void limitRate(int kbit) {
        if (busy.get() || kbit < 0 || kbit > SecondHost.MAX_KBIT) return;
        boolean change = kbit != rate.get();
        rate.set(kbit);
        if (!two.get()) return;
        if (!change && kbit == 0) return;
        busy.set(true);
        inbox.start("link", () -> {
            link.accept(kbit);
            return kbit;
        }, set -> {
            busy.set(false);
            rateInForce.set(set);
            said.set(where());
        }, failed -> {
            busy.set(false);
            said.set(Said.of(localized(failed)));
        });
    }

    /** The hosts a reset puts the lab on now (null: one machine). */
    public LabHosts wantedHosts() {
        return two.get() ? LabHosts.SERVER_APART : null;
    }

    /**
     * The lesson as it runs in the window now: on two machines, moved there ({@link TwoHosts#rewrite}, whose refusal
     * says why in one line); on one, as it is, unless its own hosts put it on two (then one line says to choose two).
     */
    public Lesson place(Lesson lesson) {
        if (two.get()) return TwoHosts.rewrite(lesson);
        if (lesson.onTwoHosts()) throw new LocalizedException("machines.ui.lessonTwoOnly", lesson.id());
        return lesson;
    }

    private static LocalizedException localized(Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        return cause instanceof LocalizedException l
                ? l
                : new LocalizedException("hosts.failed", String.valueOf(cause.getMessage()));
    }
}

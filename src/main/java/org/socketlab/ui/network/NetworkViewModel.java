package org.socketlab.ui.network;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.LabNetwork;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.DropRule;
import org.socketlab.lab.Lab;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.common.FxInbox;
import org.socketlab.ui.common.Texts;

/**
 * The window's Network control: during a live demo the instructor says "lose the next client → server segment", and
 * the private lab network drops it ({@link Lab#drop}). Applying or removing a rule waits for nft, so it runs on a
 * short-lived thread; its outcome comes back through the window's {@link FxInbox}, which asks the bridge for a pulse
 * and is drained on the FX thread in that pulse: every outcome is said, in order, without waiting for an unrelated
 * event to pulse the window. Reset all removes the rules (the lab does) and
 * {@link #afterReset} says so.
 */
public final class NetworkViewModel {
    /** What the control says: a message key and its arguments (shown in the reader's language). */
    private record Said(String key, List<Object> args) {
    }

    private final Lab lab;
    private final Texts texts;
    /** The network the control believes it is in: the lab's (a test may say a private one; the lab still decides). */
    private final LabNetwork network;
    private final ReadOnlyObjectWrapper<Said> said = new ReadOnlyObjectWrapper<>(
            new Said("network.ui.none", List.of()));
    private final ReadOnlyBooleanWrapper armed = new ReadOnlyBooleanWrapper(this, "armed");
    /** Why the last choice in the control was refused; null once a loss is armed, spent, or can be. */
    private final ReadOnlyObjectWrapper<@Nullable LocalizedException> refused = new ReadOnlyObjectWrapper<>(this,
            "refused");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    /** The window's inbox: the rules' workers, and their outcomes and Reset all's back on the FX thread. */
    private final FxInbox outcomes;
    private final StringBinding status;

    /** {@code lab} null: this system makes no calls; the control says so. */
    public NetworkViewModel(Lab lab, Texts texts, FxInbox inbox) {
        this(lab, lab == null ? null : lab.network(), texts, inbox);
    }

    /**
     * The control as if in {@code network} (tests: a private one, so that its thread runs; {@code lab} itself refuses a
     * rule outside a private lab network).
     */
    NetworkViewModel(Lab lab, LabNetwork network, Texts texts, FxInbox inbox) {
        this.lab = lab;
        this.network = network;
        this.texts = texts;
        this.outcomes = inbox;
        if (!available()) said.set(new Said("network.ui.unavailable", List.of()));
        this.status = Bindings.createStringBinding(
                () -> texts.messages().get(said.get().key(), said.get().args().toArray()), said,
                texts.messagesProperty());
    }

    /** Whether rules can be applied here: only in a private lab network. */
    public boolean available() {
        return lab != null && network != null && network.isPrivate();
    }

    /** One line: no losses, the next client → server segment will be lost, or why not (the reader's language). */
    public StringBinding statusProperty() {
        return status;
    }

    /** Whether a rule is in force (the presenter window shows it). */
    public ReadOnlyBooleanProperty armedProperty() {
        return armed.getReadOnlyProperty();
    }

    /**
     * Why the last choice in the control was refused (a loss chosen before the server bound a port), null once a loss is
     * armed, the server has bound, or the rules were cleared: the window says it at the click, the menu being closed by
     * then (issue 78's walk, 08-09: it was said only when the menu was opened again).
     */
    public ReadOnlyObjectProperty<@Nullable LocalizedException> refusedProperty() {
        return refused.getReadOnlyProperty();
    }

    /** Whether a rule is being applied or removed now. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Loses the next client → server segment with data (FX thread; never waits). */
    public void loseNextToServer() {
        if (busy.get()) return;
        if (!available()) {
            said.set(new Said("network.ui.unavailable", List.of()));
            refused.set(new LocalizedException("network.ui.unavailable"));
            return;
        }
        busy.set(true);
        outcomes.start("network", () -> {
            int port = serverPort();
            long looked = lab.journal().size();
            if (port < 0) return (Runnable) () -> {
                bindSeen = looked; // a bind after this is looked for each frame: the line follows the sockets
                said.set(new Said("network.ui.noServer", List.of()));
                refused.set(new LocalizedException("network.ui.noServer"));
            };
            lab.drop(DropRule.next(DropRule.Direction.CLIENT_TO_SERVER, port, DropRule.Kind.DATA));
            long from = lab.journal().size();
            return (Runnable) () -> {
                seen = from;
                armed.set(true);
                refused.set(null);
                said.set(new Said("network.ui.armed", List.of(String.valueOf(port))));
            };
        }, this::ruleDone, this::ruleFailed);
    }

    /** Removes every rule (FX thread; never waits). */
    public void clear() {
        if (busy.get() || !available()) return;
        busy.set(true);
        outcomes.start("network", () -> {
            lab.clearNetworkConditions();
            return (Runnable) this::afterReset;
        }, this::ruleDone, this::ruleFailed);
    }

    /** A rule's thread ended: the control is free again and says how it went. FX thread (a frame). */
    private void ruleDone(Runnable outcome) {
        busy.set(false);
        outcome.run();
    }

    /** A rule's thread failed (nft, no capture, not a private network): the control says why. FX thread (a frame). */
    private void ruleFailed(Exception e) {
        LocalizedException why = e instanceof LocalizedException refused
                ? refused
                : new LocalizedException("network.nftFailed", String.valueOf(e.getMessage()));
        ruleDone(() -> {
            said.set(new Said(why.key(), List.of(why.args())));
            refused.set(why);
        });
    }

    /** Reset all removed the rules (the lab does it): the control says there are no losses. FX thread. */
    public void afterReset() {
        armed.set(false);
        refused.set(null);
        if (available()) said.set(new Said("network.ui.none", List.of()));
    }

    /** Reset all has removed the rules (any thread): the frame it asks for says so. */
    public void resetDone() {
        outcomes.deliver(this::afterReset);
    }

    /**
     * Once per frame (FX thread): when the armed loss happened, the rule is spent and the control says so; while it says
     * the server has bound no port, it looks for the bind, and says when one came (issue 78: it said "the server has not
     * bound a port yet" while the server listened and was connected).
     */
    public void noticeSpentLoss() {
        noticeBind();
        if (!armed.get()) return;
        // The armed loss happened: the rule is spent, and the control says so.
        for (Event e : lab.journal().after(seen))
            if (e.payload() instanceof Payload.Segment s && s.lost()) {
                armed.set(false);
                said.set(new Said("network.ui.lost", List.of()));
                break;
            }
        seen = lab.journal().size();
    }

    /** How far the journal was looked at for the armed loss. */
    private long seen;
    /** How far the journal was looked at for the server's bind while the control says there is none. */
    private long bindSeen;

    /** While the control says the server has bound no port: the server's bind of this session, once it comes. */
    private void noticeBind() {
        if (!"network.ui.noServer".equals(said.get().key())) return;
        for (Event e : lab.journal().after(Math.max(bindSeen, sessionStart))) {
            int port = boundPort(e);
            if (port >= 0) {
                said.set(new Said("network.ui.serverBound", List.of(String.valueOf(port))));
                refused.set(null);
                break;
            }
        }
        bindSeen = lab.journal().size();
    }

    /** The window's session starts after this journal event: an earlier session's server (a lesson's) is not this one's. */
    private volatile long sessionStart;

    /** A new session (Reset all, a lesson) starts after event {@code afterSeq}. FX thread. */
    public void startsSessionAfter(long afterSeq) {
        sessionStart = afterSeq;
    }

    /** The server's port: its newest bind of this session that succeeded, from the journal; -1 when it bound none. */
    private int serverPort() {
        List<Event> events = lab.journal().snapshot();
        for (int i = events.size() - 1; i >= 0 && events.get(i).seq() > sessionStart; i--) {
            Event e = events.get(i);
            if (e.endpoint().equals(Lab.SERVER) && e.payload() instanceof Payload.Call c && c.is(SysCall.BIND)
                    && !c.failed())
                return boundPort(e);
        }
        return -1;
    }

    /** The port of the server's successful bind {@code e} is; -1 for any other event (or a bind with no port). */
    private static int boundPort(Event e) {
        if (!e.endpoint().equals(Lab.SERVER) || !(e.payload() instanceof Payload.Call c) || !c.is(SysCall.BIND)
                || c.failed())
            return -1;
        String addr = c.arg(CallArg.ADDR, "");
        int colon = addr.lastIndexOf(':');
        try {
            return colon < 0 ? -1 : Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException notInet) {
            return -1;
        }
    }
}

package org.socketlab.ui.endpoint;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.CallCancelledException;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SysCall;
import org.socketlab.ui.common.Notice;

/**
 * A pane's Kill and Process menus (issue 39): kill(2) with a signal, fork, waitpid, signal/sigaction and exit on the
 * endpoint's process, each one real call that never waits (what happened comes back through the journal); refused,
 * saying why, while the window replays a file or where no call can be made.
 */
final class ProcessActions {
    private static final System.Logger LOG = System.getLogger(EndpointViewModel.class.getName());

    private final String name;
    private final Optional<Endpoint> endpoint;
    private final BooleanProperty replaying;
    /** The pane's refusal: why the last action was not made, or null. */
    private final ObjectProperty<Notice> refusal;
    /** Makes this endpoint's process fork: the window opens a pane for the child. Null: no fork here. */
    private Consumer<EndpointViewModel> forker;

    ProcessActions(String name, Optional<Endpoint> endpoint, BooleanProperty replaying,
            ObjectProperty<Notice> refusal) {
        this.name = name;
        this.endpoint = endpoint;
        this.replaying = replaying;
        this.refusal = refusal;
    }

    void setForker(Consumer<EndpointViewModel> forker) {
        this.forker = forker;
    }

    void kill(int signal) {
        act(to -> to.kill(signal).whenComplete((event, failure) -> logUnexpected(name, Signals.name(signal), failure)));
    }

    void fork(EndpointViewModel parent) {
        act(to -> {
            if (forker == null) throw new LocalizedException("ui.endpoint.unsupported");
            forker.accept(parent);
        });
    }

    void waitpid(boolean noHang) {
        act(to -> to.call(new Request.WaitPid(-1, noHang))
                .whenComplete((event, failure) -> logUnexpected(name, SysCall.WAITPID.journalName, failure)));
    }

    void signal(String signal, Request.Signal.Handler handler) {
        act(to -> to.call(new Request.Signal(signal, handler))
                .whenComplete((event, failure) -> logUnexpected(name, SysCall.SIGNAL.journalName, failure)));
    }

    void exit() {
        act(to -> to.exit(0).whenComplete((event, failure) -> logUnexpected(name, SysCall.EXIT.journalName, failure)));
    }

    /** {@code action} on this endpoint's process, or why not: a replay, no lab, or the action's own refusal. */
    private void act(Consumer<Endpoint> action) {
        refusal.set(null);
        if (replaying.get()) refusal.set(new Notice("ui.endpoint.replaying"));
        else if (endpoint.isEmpty()) refusal.set(new Notice("ui.endpoint.unsupported"));
        else try {
            action.accept(endpoint.get());
        } catch (LocalizedException e) {
            refusal.set(Notice.of(e));
        }
    }

    /** A call's future that failed inside the engine (not a cancelled call): logged. {@code what}: call or signal. */
    static void logUnexpected(String endpointName, String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failure;
        if (cause != null && !(cause instanceof CallCancelledException))
            LOG.log(System.Logger.Level.ERROR, "call " + what + " on " + endpointName + " failed inside the engine",
                    cause);
    }
}

package org.socketlab.ui.endpoint;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.socketlab.journal.Event;
import org.socketlab.lab.Request;

/**
 * Asked before each call a pane's button makes, once its inputs are checked. Predict mode in the free lab holds the
 * call until the student has said what will happen; {@code make} then makes it through the pane's own path to the
 * endpoint (on any thread: it only hands the call to the endpoint's worker). FX thread.
 */
@FunctionalInterface
public interface CallGate {
    /** Makes every call at once. */
    CallGate OPEN = (pane, request, make) -> false;

    /**
     * True when the gate took the call (it makes it later with {@code make}, or never when cancelled); false to make it
     * now. A {@link org.socketlab.i18n.LocalizedException} refuses it: the pane shows it and nothing is called.
     */
    boolean hold(EndpointViewModel pane, Request request, Supplier<CompletableFuture<Event>> make);
}

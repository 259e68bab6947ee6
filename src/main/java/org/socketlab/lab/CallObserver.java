package org.socketlab.lab;

import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Payload;

/** Watches an endpoint's calls from its worker thread: just before each call and right after it is journaled. */
interface CallObserver {
    /** What the observer noted before the call, handed back to {@link #afterCall}. */
    interface Before {
    }

    @Nullable
    Before beforeCall(Endpoint endpoint, Request request);

    void afterCall(Endpoint endpoint, Request request, Payload.Call call, @Nullable Before before);

    /** The call has returned and its event is about to be journaled (on the worker, which still owns every fd). */
    default void returned(Endpoint endpoint, Request request, Payload.Call call) {
    }

    /** The call announced by {@link #beforeCall} was never made (a reset cancelled it). */
    default void abandoned(Endpoint endpoint) {
    }

    /**
     * The endpoint needs the lab's watchdog: a call entered the kernel (it may block there) or a reset asked for it to
     * be woken. The watchdog rests otherwise.
     */
    default void needsWatch(Endpoint endpoint) {
    }

    /**
     * The endpoint's process was reaped and its end is about to be journaled: the segments its end put on the wire
     * (sent before the reap) are journaled now, before it.
     */
    default void reaped(Endpoint endpoint) {
    }

    /** The endpoint's process {@code pid} ended and was reaped: its sockets are gone from the endpoint's table. */
    default void processEnded(Endpoint endpoint, int pid) {
    }

    /** The endpoint's current call was journaled as blocked: it may wait for a long time. */
    default void blocked(Endpoint endpoint) {
    }

    CallObserver NONE = new CallObserver() {
        @Override
        public @Nullable Before beforeCall(Endpoint endpoint, Request request) {
            return null;
        }
        @Override
        public void afterCall(Endpoint endpoint, Request request, Payload.Call call, @Nullable Before before) {
        }
    };
}

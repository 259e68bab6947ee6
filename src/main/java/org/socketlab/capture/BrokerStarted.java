package org.socketlab.capture;

/**
 * A process the lab network's broker started for this program and keeps (a second host, an endpoint on it): not this
 * program's child, so its pid and its end come from the broker.
 */
public interface BrokerStarted {
    /** The process as the broker reports it: its exit status; {@link Process#destroy()} ends it. */
    Process process();

    /** Its pid here, once the broker said it (waits for that); -1 when the broker could not start it. */
    int startedPid();

    /**
     * The descriptor the broker handed over with the pid (a host's: a sock_diag socket of its namespace), now the
     * caller's to close; -1 when there was none, or it was taken already. Waits for the pid.
     */
    int takeHandedDescriptor();

    /**
     * Asks the broker to end it, its answer still to come ({@link Process#waitFor()}: a host's link is removed by then),
     * where {@link Process#destroy()} would not wait for that.
     */
    void finish();
}

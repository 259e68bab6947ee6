package org.socketlab.journal;

/** A handle to stop listening; release it when the listener goes away (a view detaches, a run ends). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}

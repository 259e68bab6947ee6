package org.socketlab.share;

/** The session a share serves: the CLI's lesson run or the presenter's window. Thread-safe. */
public interface SharedSession {
    RoomState state();
    /** Called (any thread) whenever state() changed; the server pushes an update to every page. */
    void onChange(Runnable listener);
}

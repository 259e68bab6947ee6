package org.socketlab.capture;

/** Capture cannot run on this machine now; {@link #reason()} says why in one line a student can act on. */
public final class CaptureUnavailableException extends Exception {
    private final transient CaptureReason reason;

    public CaptureUnavailableException(CaptureReason reason) {
        super(reason.english());
        this.reason = reason;
    }

    public CaptureReason reason() {
        return reason;
    }
}

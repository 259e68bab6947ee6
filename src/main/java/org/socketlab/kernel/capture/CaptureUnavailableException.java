package org.socketlab.kernel.capture;

/** Capture cannot run on this machine now; {@link #getMessage()} says why in one line a student can act on. */
public final class CaptureUnavailableException extends Exception {
    public CaptureUnavailableException(String reason) {
        super(reason);
    }
}

package org.socketlab.lab;

/** The call was waiting when its endpoint was reset, so it was never made. */
public final class CallCancelledException extends RuntimeException {
    public CallCancelledException(String call) {
        super(call + " cancelled by reset before it was made");
    }
}

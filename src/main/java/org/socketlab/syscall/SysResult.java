package org.socketlab.syscall;

/**
 * What one system call returned: the value (fd, byte count, 0 or -1) and the errno captured at that very call
 * (0 when the call succeeded).
 */
public record SysResult(long value, int errno) {
    public boolean failed() {
        return value == -1;
    }

    static SysResult of(long value, int capturedErrno) {
        return new SysResult(value, value == -1 ? capturedErrno : 0);
    }
}

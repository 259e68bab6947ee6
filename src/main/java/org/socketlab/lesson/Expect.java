package org.socketlab.lesson;

/**
 * What a step must give for the lesson to go on.
 *
 * @param result the exact return value, or null when any new descriptor (>= 0) will do ({@code "fd"} in the file)
 * @param errno  the errno name a failing call must set, null when the call must succeed
 * @param bytes  how many bytes must have been sent or received, or null to not check
 * @param data   the text that must have been sent or received (UTF-8), or null to not check
 */
public record Expect(Long result, String errno, Integer bytes, String data) {
    public boolean anyFd() {
        return result == null;
    }

    /** The result as written in a strace line: {@code 0}, {@code -1 ECONNREFUSED}; "fd" for any descriptor. */
    public String resultText() {
        if (anyFd()) return "fd";
        return result == -1 ? "-1 " + errno : String.valueOf(result);
    }
}

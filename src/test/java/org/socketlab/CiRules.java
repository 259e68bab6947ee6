package org.socketlab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Lab;

/**
 * CI must not go quietly green: on CI ({@code CI=true}, run as root with tcpdump and gcc installed by .ci/run) a
 * missing tool or capture being off fails the test with a message naming the tool, instead of the test taking the
 * fallback path. Elsewhere (a student's machine without root) the fallback path is what is checked.
 */
public final class CiRules {
    private CiRules() {
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails on CI when {@code present} is false: {@code tool} names what is missing and how CI gets it. */
    public static void requireOnCi(boolean present, String tool) {
        if (onCi() && !present)
            fail("CI=true but " + tool + " is missing: .ci/run installs it, so this run would check nothing");
    }

    /**
     * A check that needs {@code tool}: on CI a missing tool fails the test ({@link #requireOnCi}); elsewhere the test is
     * reported skipped (surefire counts it, with this message), never passed quietly.
     */
    public static void requireOrSkip(boolean present, String tool) {
        requireOnCi(present, tool);
        if (!present)
            Assumptions.abort("skipped here: " + tool + " is missing on this machine "
                    + "(.ci/run installs it; with CI=true this is a failure)");
    }

    /**
     * A test that checks captured segments: on CI capture must be on; elsewhere, with capture off, the fallback is
     * checked ({@link #capturing}) and the test is reported skipped with the journal's reason.
     */
    public static void requireCapture(Lab lab) {
        if (capturing(lab)) return;
        String reason = lab.journal().snapshot().stream().map(Event::payload).filter(p -> p instanceof Payload.Capture)
                .map(p -> ((Payload.Capture) p).reason()).findFirst().orElse("");
        requireOrSkip(false, "loopback capture with tcpdump (root or capture rights; here: " + reason + ")");
    }

    /**
     * Whether {@code lab} captures the wire. On CI capture must be on (fails naming tcpdump and root). Off CI,
     * when capture is off, checks that the journal says so with a reason (the fallback users see) and returns false.
     */
    public static boolean capturing(Lab lab) {
        Payload.Capture status = lab.journal().snapshot().stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Capture).map(p -> (Payload.Capture) p).findFirst()
                .orElseThrow(() -> new AssertionError("the journal says whether the wire is captured"));
        if (onCi())
            assertTrue(lab.capturing(),
                    "CI=true (root, tcpdump installed by .ci/run) but loopback capture with tcpdump is off: "
                            + status.reason());
        if (lab.capturing()) return true;
        assertFalse(Payload.Capture.STARTED.equals(status.status()),
                "capture is off, so the journal must not say started");
        assertTrue(status.reason() != null && !status.reason().isBlank(), "the journal says why capture is off");
        return false;
    }
}

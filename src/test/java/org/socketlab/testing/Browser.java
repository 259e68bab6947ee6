package org.socketlab.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the student's page in a real browser: Debian's {@code chromium}, headless, driven by Selenium through
 * Debian's {@code chromium-driver} ({@link Chromium}). A lane of its own, {@code mvn -B test -Pbrowser}, which .ci/run
 * runs after the others (it installs both packages); {@code mvn -B test} leaves it out (docs/contributing.md).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Browser.TAG)
public @interface Browser {
    String TAG = "browser";
}

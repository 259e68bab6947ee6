package org.socketlab.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test in a podman container on a Debian root file system made by mmdebstrap (testing.DebianRootfs): {@code check}
 * inside a grader's container, against the app-image of {@code mvn package}; the .deb of {@code mvn package -Pdeb}
 * installed as a new user would. A lane of its own, {@code mvn -B test -Pcontainer}, which .ci/run runs after the other
 * two; {@code mvn -B test} leaves it out (docs/contributing.md).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(GraderContainer.TAG)
public @interface GraderContainer {
    String TAG = "container";
}

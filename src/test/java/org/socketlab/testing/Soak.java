package org.socketlab.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A repeat-for-confidence test (a lesson run again and again, every lesson under strace): it hunts flakes rather than
 * checking something the default tests do not. {@code mvn -B test} runs it, as CI does (.ci/run); a quick local run
 * leaves it out with {@code mvn -B test -DexcludedGroups=soak} (docs/contributing.md).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Soak.TAG)
public @interface Soak {
    String TAG = "soak";
}

package org.socketlab.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A repeat-for-confidence test (a lesson run again and again, every lesson under strace): it hunts flakes rather than
 * checking something the default tests do not. It is a lane of its own: {@code mvn -B test} leaves it out,
 * {@code mvn -B test -Psoak} runs only the soak tests, and CI (.ci/run) runs both lanes (docs/contributing.md).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Soak.TAG)
public @interface Soak {
    String TAG = "soak";
}

package org.socketlab.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Test methods by name (then parameter types), last first: the order surefire's reverse alphabetical run order gave
 * them, kept now that classes are ordered by their recorded times (pom.xml). A class with its own
 * {@code @TestMethodOrder} keeps it.
 */
public final class ReverseMethodOrder implements MethodOrderer {
    private static final Comparator<MethodDescriptor> BY_NAME = Comparator
            .comparing((MethodDescriptor d) -> d.getMethod().getName())
            .thenComparing(d -> parameters(d.getMethod()));

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(BY_NAME);
        Collections.reverse(context.getMethodDescriptors());
    }

    private static String parameters(Method method) {
        return Arrays.toString(method.getParameterTypes());
    }
}

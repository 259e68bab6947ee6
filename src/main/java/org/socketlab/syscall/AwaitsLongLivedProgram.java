package org.socketlab.syscall;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that waits for the end of a program living as long as what it serves (strace and the traced program,
 * tcpdump, a second host's keeper, the window run again inside the lab network), not a helper's run. Such a wait has
 * no helper's limit: its program's outputs have readers of their own, and it is bounded only where the program was
 * told to end. Every other wait for a program's end is a helper's run in {@link HelperRun}; LayerRulesTest fails on a
 * {@link Process#waitFor} anywhere else. The marked method's comment says which program it awaits and why not as a
 * helper's run (no text here: a sentence in code is taken for user text, UserTextSourceTest).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AwaitsLongLivedProgram {
}

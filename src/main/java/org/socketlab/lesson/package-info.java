/**
 * Lessons: the lesson file format and its loader (with the questions a file writes for predict mode: {@code Question},
 * its options and claims, and {@code Observed}, what the kernel did that a claim is judged by), the shipped catalogue,
 * the runner that checks each step against the journal, and the recorder; no toolkit.
 */
@NullMarked
package org.socketlab.lesson;

import org.jspecify.annotations.NullMarked;

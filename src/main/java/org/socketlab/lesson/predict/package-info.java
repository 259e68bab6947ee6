/**
 * Predict mode, above the lesson it plays: questions built from a step or a call, options from expectations and
 * misconceptions, verdicts judged from the journal, and the score; and {@code LessonPlayer}, which plays a lesson in
 * the window with or without them. No toolkit.
 */
@NullMarked
package org.socketlab.lesson.predict;

import org.jspecify.annotations.NullMarked;

/**
 * Predict mode: questions built from a step or a call, options from expectations and misconceptions, verdicts
 * judged from the journal, and the score; no toolkit.
 */
package org.socketlab.lesson.predict;

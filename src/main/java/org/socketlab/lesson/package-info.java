/**
 * Lessons: the lesson file format and its loader, the shipped catalogue, the runner that checks each step against
 * the journal, and the recorder; no toolkit.
 */
package org.socketlab.lesson;

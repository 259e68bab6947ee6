/**
 * The one story every view paints from a journal (moments in causal order, lifelines, bars, relative sequence
 * numbers), its words ({@code StoryText}, {@code JournalLine}) and its geometry ({@code StoryLayout}); pure functions of
 * the events, no toolkit.
 */
package org.socketlab.export.story;

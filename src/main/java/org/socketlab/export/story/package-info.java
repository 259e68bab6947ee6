/**
 * The one story every view paints from a journal (moments in causal order, lifelines, bars, relative sequence
 * numbers) and its words ({@code StoryText}); pure functions of the events, no toolkit.
 */
package org.socketlab.export.story;

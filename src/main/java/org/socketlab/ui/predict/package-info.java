/**
 * Predict mode in the window: the question pane and its view-model, over {@code lesson.predict}.
 */
package org.socketlab.ui.predict;

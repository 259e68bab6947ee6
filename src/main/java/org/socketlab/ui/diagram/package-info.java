/**
 * The sequence diagram control, its skin and model, and the details pane; it draws the story of {@code
 * story} and makes no calls.
 */
package org.socketlab.ui.diagram;

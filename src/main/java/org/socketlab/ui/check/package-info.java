/**
 * File → Check my program…: the dialog and its view-model, which run a check into the window's journal and list the
 * rules; the only way to the engine is the {@code check} package and the bridge.
 */
package org.socketlab.ui.check;

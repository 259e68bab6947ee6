/**
 * The window around the features: the main window, its view-model, the one bridge that brings journal events onto
 * the FX thread, menus, files, exports, presenter mode, themes and layout preferences.
 */
package org.socketlab.ui.shell;

/**
 * Small pieces the window's features share (texts, tooltips, bounded event windows, notices, after-first-frame
 * work); no feature lives here and nothing here talks to the lab.
 */
package org.socketlab.ui.common;

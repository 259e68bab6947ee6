/**
 * The code panel: the program of the endpoint at the cursor in C, Java, Python and Rust, its view and view-model;
 * the programs themselves are written by {@code codegen}.
 */
package org.socketlab.ui.code;

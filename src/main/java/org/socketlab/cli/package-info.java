/**
 * The command line ({@code socketlab run, quiz, serve, trace, replay, export, lessons, help}): argument parsing,
 * output files and exit codes, with no toolkit; it may use every layer below it but never {@code ui}.
 */
package org.socketlab.cli;

package org.socketlab.ui;

import org.socketlab.lab.Journal;
import org.socketlab.lab.Subscription;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shortcuts for UI tests: wait for the journal without sleeping, find a free port. */
public final class UiTestSupport {
    private UiTestSupport() {
    }

    /** Waits (on the test thread, never the FX thread) until the journal holds at least {@code size} events. */
    public static void awaitJournalSize(Journal journal, int size) {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        try (Subscription s = journal.subscribe(e -> {
            if (e.seq() >= size) reached.complete(null);
        })) {
            if (journal.size() >= size) return;
            reached.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("journal did not reach " + size + " events; it has " + journal.size() + ": " + journal.snapshot(), e);
        }
    }

    /** Waits until the journal holds an event that matches; returns it. */
    public static org.socketlab.lab.Event awaitJournal(Journal journal, java.util.function.Predicate<org.socketlab.lab.Event> matches) {
        CompletableFuture<org.socketlab.lab.Event> seen = new CompletableFuture<>();
        try (Subscription s = journal.subscribe(e -> { if (matches.test(e)) seen.complete(e); })) {
            journal.snapshot().stream().filter(matches).findFirst().ifPresent(seen::complete);
            return seen.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("journal never showed the expected event: " + journal.snapshot(), e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

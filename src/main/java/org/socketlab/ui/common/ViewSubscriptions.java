package org.socketlab.ui.common;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.util.Subscription;

/**
 * A view's listeners on what outlives its window (the shell's view-models, the texts, the zoom, the theme): each is
 * added with a handle kept on the view's node, and {@link #releaseAll} lets them all go when the window is replaced
 * (Reset all, a replayed page, Back to the live lab) or closed. One listener left behind keeps its node, and through
 * the node's parents the whole replaced window, its view-models and their events.
 */
public final class ViewSubscriptions {
    /** The key of the handles in a node's properties. */
    private static final Object KEY = ViewSubscriptions.class;

    private ViewSubscriptions() {
    }

    /** {@code view} listens to {@code source}'s changes until its window is released. */
    public static <T> void listen(Node view, ObservableValue<T> source, ChangeListener<? super T> listener) {
        source.addListener(listener);
        hold(view, () -> source.removeListener(listener));
    }

    /** {@code view} listens to {@code source}'s invalidations until its window is released. */
    public static void listen(Node view, Observable source, InvalidationListener listener) {
        source.addListener(listener);
        hold(view, () -> source.removeListener(listener));
    }

    /** {@code view} listens to {@code source}'s changes until its window is released. */
    public static <E> void listen(Node view, ObservableList<E> source, ListChangeListener<? super E> listener) {
        source.addListener(listener);
        hold(view, () -> source.removeListener(listener));
    }

    /** Keeps {@code subscription} on {@code view}: it is released with the view's window. */
    public static void hold(Node view, Subscription subscription) {
        view.getProperties().merge(KEY, subscription, (held, more) -> ((Subscription) held).and((Subscription) more));
    }

    /**
     * Releases the handles held by {@code root} and every node under it, those of tabs and scroll panes not laid out
     * yet included. FX thread.
     */
    public static void releaseAll(Node root) {
        release(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void release(Node node, Set<Node> seen) {
        if (node == null || !seen.add(node)) return;
        if (node.getProperties().remove(KEY) instanceof Subscription held) held.unsubscribe();
        if (node instanceof Parent parent) for (Node child : parent.getChildrenUnmodifiable()) release(child, seen);
        // Content a skin has not put among the children (yet): a tab never shown, a scroll pane never laid out.
        if (node instanceof TabPane tabs) for (Tab tab : tabs.getTabs()) release(tab.getContent(), seen);
        if (node instanceof ScrollPane scroll) release(scroll.getContent(), seen);
        if (node instanceof SplitPane split) for (Node item : split.getItems()) release(item, seen);
    }
}

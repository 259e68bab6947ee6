package org.socketlab.ui;

import static org.socketlab.ui.UiTestSupport.fx;

import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SkinBase;

/**
 * Animations an earlier test of the same JVM left running in a scene that is not the one a test measures (a text
 * field's caret blinking in a window it did not close): they make the toolkit pulse every scene, so a test of one
 * window's rest stops them first. Only animations whose node is known and lies in another scene are stopped: the
 * measured window's own (its caret) are what such a test checks.
 */
public final class LeftoverAnimations {
    private LeftoverAnimations() {
    }

    /** Stops the running animations of scenes other than {@code measured}; says which (for the test's output). */
    public static List<String> stopOutside(Scene measured) {
        return fx(() -> {
            List<String> stopped = new ArrayList<>();
            for (Animation a : running()) {
                Node owner = owner(a);
                if (owner == null || owner.getScene() == measured) continue;
                stopped.add(a + " of " + owner.getClass().getSimpleName());
                a.stop();
            }
            return stopped;
        });
    }

    /** The animations the toolkit's primary timer ticks now (reflection into JavaFX's scenario timer). */
    public static List<Animation> running() throws ReflectiveOperationException {
        Object timer = Toolkit.getToolkit().getPrimaryTimer();
        Field receivers = timer.getClass().getSuperclass().getDeclaredField("receivers");
        receivers.setAccessible(true);
        List<Animation> out = new ArrayList<>();
        for (Object r : (Object[]) receivers.get(timer)) {
            // A receiver record holds the Animation's own pulse receiver, an inner class of Animation.
            for (Object o = r; o != null && out.size() < 1000;) {
                if (o instanceof Animation a) {
                    out.add(a);
                    break;
                }
                Object outer = null;
                for (Field f : o.getClass().getDeclaredFields())
                    if (f.getName().startsWith("this$") || f.getName().startsWith("val$")) {
                        f.setAccessible(true);
                        outer = f.get(o);
                    }
                o = outer;
            }
        }
        return out;
    }

    /** The node an animation works for, found through what its key frames' handlers hold (a skin, a node). */
    private static Node owner(Animation a) {
        if (!(a instanceof Timeline t)) return null;
        for (KeyFrame k : t.getKeyFrames()) {
            if (k.getOnFinished() == null) continue;
            SkinBase<?> skin = find(k.getOnFinished(), SkinBase.class);
            if (skin != null) return skin.getSkinnable();
            Node node = find(k.getOnFinished(), Node.class);
            if (node != null) return node;
        }
        return null;
    }

    /** The first object of {@code type} among what {@code from} holds, a few references deep (captures, outers). */
    private static <T> T find(Object from, Class<T> type) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.add(new Object[]{from, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.removeFirst();
            Object o = next[0];
            int depth = (int) next[1];
            if (o == null || !seen.add(o)) continue;
            if (type.isInstance(o)) return type.cast(o);
            if (depth >= 4) continue;
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass())
                for (Field f : c.getDeclaredFields()) {
                    String name = f.getName();
                    if (f.getType().isPrimitive() || !(name.startsWith("this$") || name.startsWith("arg$")
                            || name.startsWith("val$") || name.equals("animation") || name.equals("receiver")))
                        continue;
                    try {
                        f.setAccessible(true);
                        todo.add(new Object[]{f.get(o), depth + 1});
                    } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                        // a field this JVM keeps closed: not a way to the owner
                    }
                }
        }
        return null;
    }
}

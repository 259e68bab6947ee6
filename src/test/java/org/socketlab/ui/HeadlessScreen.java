package org.socketlab.ui;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;

/**
 * The screen of JavaFX 26's headless platform is a fixed 1000x1000. To try the window on the screens students and
 * lecture halls have (1024x768, 1280x720, 1920x1080) the tests give it another size: the headless application keeps
 * its screens and its frame buffer in two fields, read again when the settings change. Windows created after a
 * resize paint into the new buffer; {@link #reset()} puts the default back for the next test class. FX thread.
 */
public final class HeadlessScreen {
    public static final int DEFAULT = 1000;

    private HeadlessScreen() {
    }

    public static void resize(int width, int height) {
        try {
            Object app = Class.forName("com.sun.glass.ui.Application").getMethod("GetApplication").invoke(null);
            if (!app.getClass().getName().endsWith("HeadlessApplication"))
                throw new IllegalStateException("not the headless platform: " + app.getClass().getName());
            Class<?> screenClass = Class.forName("com.sun.glass.ui.Screen");
            Constructor<?> make = screenClass.getConstructor(long.class, int.class, int.class, int.class, int.class,
                    int.class,
                    int.class, int.class, int.class, int.class, int.class, int.class, int.class, int.class, int.class,
                    int.class,
                    float.class, float.class, float.class, float.class);
            // The same arguments as the platform's own screen, with the size changed: no scaling, 100 dpi.
            Object screen = make.newInstance(0L, 32, 0, 0, width, height, 0, 0, width, height, 0, 0, width, height, 100,
                    100,
                    1f, 1f, 1f, 1f);
            Object screens = Array.newInstance(screenClass, 1);
            Array.set(screens, 0, screen);
            field(app, "screens").set(app, screens);
            field(app, "frameBuffer").set(app, ByteBuffer.allocate(width * height * 4));
            screenClass.getMethod("notifySettingsChanged").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(
                    "cannot resize the headless screen (JavaFX " + System.getProperty("javafx.runtime.version") + ")",
                    e);
        }
        Rectangle2D now = Screen.getPrimary().getBounds();
        if (now.getWidth() != width || now.getHeight() != height)
            throw new AssertionError("the headless screen is still " + now);
    }

    public static void reset() {
        resize(DEFAULT, DEFAULT);
    }

    private static Field field(Object o, String name) throws NoSuchFieldException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}

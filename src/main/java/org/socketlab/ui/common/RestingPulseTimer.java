package org.socketlab.ui.common;

import com.sun.glass.ui.Timer;
import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * JavaFX's pulse timer on Linux, made to rest when nothing is to be drawn (issue 23, "idle means idle").
 * <p>
 * JavaFX asks its pulse timer to pause 250 ms after the last pulse anything wanted, and to resume as soon as an
 * animation runs or a pulse is requested. On Windows and macOS the timer really pauses; on Linux {@code GtkTimer}'s
 * pause and resume do nothing, so the FX thread wakes 60 times a second for the window's whole life, even with no
 * pulse to run: 210 ms of CPU in 30 s idle, the same in a bare JavaFX app with one label. This timer takes its place:
 * it calls the toolkit's own tick at the same period from a thread of its own, as the Windows and macOS timers do,
 * and that thread parks while JavaFX has it paused, so an idle window wakes no thread at all.
 * <p>
 * It reaches into JavaFX's internals (the launcher opens them: packaging/linux/launcher.c); where they differ, it
 * leaves JavaFX's timer as it is. Without {@code --add-exports} the class itself cannot load: callers catch that
 * {@link IllegalAccessError} (SocketLabApp).
 */
public final class RestingPulseTimer extends Timer {
    private static final String GTK_TIMER = "com.sun.glass.ui.gtk.GtkTimer";

    private final Runnable tick;
    private final BooleanSupplier pulseDue;
    private final Activity activity;
    private volatile boolean paused;
    private volatile boolean pulseWanted;
    private volatile boolean stopped;
    private volatile Thread thread;
    /** How many times a pause, a stop or a wanted pulse unparked the ticking thread (tests). */
    private final LongAdder wakes = new LongAdder();

    /** What the timer tells of the window's activity, on its own thread. */
    public interface Activity {
        /** JavaFX paused the timer after drawing (250 ms without a wanted pulse): the window rests. */
        void rested();

        /** The timer has ticked for {@link #BUSY_NANOS} without a rest (a burst of events, an animation). */
        void busy();
    }

    /** How long the timer ticks without a rest before it tells {@link Activity#busy()} (and again after as long). */
    static final long BUSY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private RestingPulseTimer(Runnable tick, BooleanSupplier pulseDue, Activity activity) {
        super(tick);
        this.tick = tick;
        this.pulseDue = pulseDue;
        this.activity = activity;
    }

    /**
     * Puts this timer in place of JavaFX's GTK pulse timer; on the FX thread, once the toolkit runs. Returns whether it
     * did (false on other platforms, or when JavaFX's internals are not open to it or have changed).
     */
    public static boolean install(Activity activity) {
        return installInPlaceOf(GTK_TIMER, activity);
    }

    /**
     * Puts this timer in place of the toolkit's pulse timer when that is of class {@code timerClass} (tests: headless);
     * {@code activity} is told on the timer's thread each time JavaFX pauses it after drawing (once a rest, never while
     * the window stays idle) and every {@link #BUSY_NANOS} of ticking without a rest.
     */
    static boolean installInPlaceOf(String timerClass, Activity activity) {
        try {
            Toolkit toolkit = Toolkit.getToolkit();
            Field timerField = field(toolkit, "pulseTimer");
            if (!(timerField.get(toolkit) instanceof Timer gtk) || !gtk.getClass().getName().equals(timerClass))
                return false;
            Runnable tick = (Runnable) field(toolkit, "timerRunnable").get(toolkit);
            int period = field(toolkit, "PULSE_INTERVAL").getInt(toolkit);
            RestingPulseTimer resting = new RestingPulseTimer(tick, pulseDue(toolkit), activity);
            // The toolkit pauses and resumes its timer holding its own lock: the swap is atomic to it.
            synchronized (toolkit) {
                resting.start(period);
                timerField.set(toolkit, resting);
                gtk.stop();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notOpen) {
            return false; // JavaFX's own timer keeps running: correct, only not at rest
        }
    }

    /**
     * Whether the toolkit's tick will run a pulse: an animation runs or a pulse was asked for (what its tick looks at).
     * Where that cannot be read, always: the timer then keeps the period and never hurries.
     */
    private static BooleanSupplier pulseDue(Object toolkit) {
        try {
            Object animation = field(toolkit, "animationRunning").get(toolkit);
            Object requested = field(toolkit, "nextPulseRequested").get(toolkit);
            Method get = animation.getClass().getDeclaredMethod("get");
            get.setAccessible(true);
            return () -> {
                try {
                    return (boolean) get.invoke(animation) || (boolean) get.invoke(requested);
                } catch (ReflectiveOperationException e) {
                    return true;
                }
            };
        } catch (ReflectiveOperationException | RuntimeException notThere) {
            return () -> true;
        }
    }

    private static Field field(Object owner, String name) throws NoSuchFieldException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @Override
    protected long _start(Runnable runnable, int period) {
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(period);
        stopped = false;
        paused = false;
        thread = Thread.ofPlatform().name("socketlab-pulse-timer").daemon().start(() -> run(periodNanos));
        return 1; // a handle JavaFX only checks for 0
    }

    /**
     * Ticks at the period while running, and sooner when a pulse is asked for between ticks ({@link PulseCadence});
     * parks while paused, first telling {@link Activity#rested()} once when the pause follows a tick; the first tick
     * after a pause comes at once. Every {@link #BUSY_NANOS} of ticking without a rest tells {@link Activity#busy()}.
     */
    private void run(long periodNanos) {
        PulseCadence cadence = new PulseCadence(periodNanos, System.nanoTime());
        boolean restTold = true; // nothing drawn yet: no rest to tell
        long busySince = cadence.next();
        while (!stopped) {
            if (paused) {
                if (!restTold) {
                    restTold = true;
                    runSafely(activity::rested);
                    continue; // look again: JavaFX may have resumed meanwhile
                }
                LockSupport.park(this);
                cadence.resumed(System.nanoTime());
                pulseWanted = false;
                continue;
            }
            if (restTold) busySince = System.nanoTime();
            restTold = false;
            // Kept set until the tick: further requests before it need not wake this thread again.
            if (pulseWanted) cadence.pulseWanted();
            long wait = cadence.next() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // woken early (a pause, a stop, a wanted pulse) or on time: look again
            }
            pulseWanted = false; // a request from now on is for the tick after this one
            boolean due = pulseDue.getAsBoolean();
            runSafely(tick);
            long now = System.nanoTime();
            if (now - busySince >= BUSY_NANOS) {
                busySince = now;
                runSafely(activity::busy);
            }
            cadence.ticked(now, due);
        }
    }

    private static void runSafely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }

    @Override
    protected long _start(Runnable runnable) {
        throw new UnsupportedOperationException(); // JavaFX asks for a vsync timer only where it has one
    }

    @Override
    protected void _stop(long handle) {
        stopped = true;
        wake();
    }

    @Override
    protected void _pause(long handle) {
        paused = true;
    }

    /**
     * JavaFX resumes its timer each time a pulse is asked for ({@code Platform.requestNextPulse}, an animation started),
     * paused or not: running, that is a wanted pulse to tick for sooner.
     */
    @Override
    protected void _resume(long handle) {
        // Only a change needs the thread: a window being built asks thousands of times between two ticks, and
        // each unpark is a system call on the FX thread (11 ms of its start-up). JavaFX calls this holding its lock.
        if (paused) {
            paused = false;
            wake();
        } else if (!pulseWanted) {
            pulseWanted = true;
            wake();
        }
    }

    /** The ticking thread (tests look at whether it rests). */
    Thread thread() {
        return thread;
    }

    /** How many times the ticking thread was unparked (tests). */
    long wakes() {
        return wakes.sum();
    }

    private void wake() {
        Thread t = thread;
        if (t == null) return;
        wakes.increment();
        LockSupport.unpark(t);
    }
}

package org.socketlab.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The C functions {@link Libc} calls, by name: each found when it is declared (a libc without it fails at start) and
 * linked at its first call, with errno captured by the linker at the call itself ({@code captureCallState("errno")}).
 */
final class CFunctions {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private final SymbolLookup lookup = LINKER.defaultLookup();
    private final Map<String, Downcall> byName = new HashMap<>();

    /** The C function {@code name}, found now, linked at its first call. Only while the owner is being built. */
    Downcall declare(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        Downcall function = new Downcall(symbol, descriptor, options);
        byName.put(name, function);
        return function;
    }

    /** Links the function {@code name} now if it is not yet (nothing for a name that is not one of them). */
    void link(String name) {
        Downcall d = byName.get(name);
        if (d != null) d.handle();
    }

    /** Where a call's errno is captured: the first argument of every handle. */
    static MemorySegment captureIn(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno the call left in {@code capture}. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /**
     * One C function's method handle, made on first use: linking all 22 when the lab starts cost about 0.4 s of CPU,
     * which a 2-core machine took from the window's first frame. Once made, every call uses the same handle.
     */
    static final class Downcall {
        private final MemorySegment symbol;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private volatile @Nullable MethodHandle handle;

        Downcall(MemorySegment symbol, FunctionDescriptor descriptor, Linker.Option[] options) {
            this.symbol = symbol;
            this.descriptor = descriptor;
            this.options = options;
        }

        MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                synchronized (this) {
                    h = handle;
                    if (h == null) handle = h = LINKER.downcallHandle(symbol, descriptor, options);
                }
            }
            return h;
        }
    }
}

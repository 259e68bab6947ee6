package org.socketlab.syscall;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where SocketLab's own native programs are (socketlab-endpoint, labnet): built into target/native beside the running
 * classes from source, or in the app-image's lib/ (the runtime is lib/runtime).
 */
public final class NativePrograms {
    private NativePrograms() {
    }

    /**
     * {@code -Dproperty=PATH} or the environment's {@code variable}; else beside the running classes (target/classes,
     * the program in target/native); else in the app-image's lib/.
     */
    public static Optional<Path> locate(String name, String property, String variable) {
        String chosen = System.getProperty(property);
        // The build's tests name it for the child programs they start with a copied class path.
        if (chosen == null || chosen.isBlank()) chosen = System.getenv(variable);
        if (chosen != null && !chosen.isBlank() && Files.isExecutable(Path.of(chosen)))
            return Optional.of(Path.of(chosen));
        try {
            var source = NativePrograms.class.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                Path classes = Path.of(source.getLocation().toURI());
                Path built = classes.resolveSibling("native").resolve(name);
                if (Files.isExecutable(built)) return Optional.of(built);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file: look in the app-image
        }
        Path image = Path.of(System.getProperty("java.home")).getParent();
        if (image == null) return Optional.empty(); // a runtime at the root: no app-image around it
        Path inImage = image.resolve(name);
        return Files.isExecutable(inImage) ? Optional.of(inImage) : Optional.empty();
    }

    /** labnet ({@code -Dsocketlab.labnet=PATH} or {@code SOCKETLAB_LABNET_PROGRAM}). */
    public static Optional<Path> labnet() {
        return locate("labnet", "socketlab.labnet", "SOCKETLAB_LABNET_PROGRAM");
    }
}

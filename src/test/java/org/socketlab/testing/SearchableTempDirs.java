package org.socketlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Every {@code @TempDir} searchable by other users (rwxr-xr-x, where JUnit makes 0700): run as root, {@code check}
 * runs a program as nobody, room or not, and nobody must reach the program a test compiled there (as a grader's
 * submission folder must be readable by nobody). Named in junit-platform.properties.
 */
public final class SearchableTempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Path dir = Files.createTempDirectory("junit");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}

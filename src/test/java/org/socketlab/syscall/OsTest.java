package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Linux|LINUX",
            "LINUX|LINUX",
            "Mac OS X|MACOS",
            "macOS|MACOS",
            "Darwin|MACOS",
            "Windows 11|WINDOWS",
            "Windows Server 2022|WINDOWS",
            "FreeBSD|OTHER",
            "SunOS|OTHER",
            "''|OTHER",
    })
    void recognisesTheNamesJavaReports(String osName, Os expected) {
        assertEquals(expected, Os.fromName(osName));
    }

    @Test
    void onlyLinuxMakesRealCallsForNow() {
        assertTrue(Os.LINUX.supported());
        assertFalse(Os.MACOS.supported());
        assertFalse(Os.WINDOWS.supported());
        assertFalse(Os.OTHER.supported());
    }

    @Test
    void thisMachineIsLinux() {
        // The project's machines and CI are Linux; the real-call tests rely on it.
        assertEquals(Os.LINUX, Os.current());
    }

    @Test
    void anUnknownOsHasNoTables() {
        assertThrows(UnsupportedPlatformException.class, () -> PlatformConstants.of(Os.OTHER));
        assertThrows(UnsupportedPlatformException.class, () -> ErrnoTable.of(Os.OTHER));
    }
}

package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketlab.capture.CaptureReason;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.i18n.Messages;

/**
 * Issue 77: the one command that brings a missing tool is chosen from os-release's ID, then ID_LIKE (Debian's and
 * Ubuntu's derivatives apt, Fedora's and Red Hat's dnf, both where the system is unknown), and every sentence that
 * says a tool is missing says which feature it takes away and that command, in one line, in both languages.
 */
class MissingToolTest {
    @Test
    void theCommandFollowsTheSystemsFamily() {
        String debian = """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                ID=debian
                """;
        assertEquals("sudo apt install strace", MissingTool.STRACE.installCommand(MissingTool.parseOsRelease(debian)));
        Map<String, String> mint = MissingTool.parseOsRelease("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n");
        assertEquals("sudo apt install tcpdump", MissingTool.TCPDUMP.installCommand(mint));
        Map<String, String> fedora = MissingTool.parseOsRelease("NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=41\n");
        assertEquals("sudo dnf install strace", MissingTool.STRACE.installCommand(fedora));
        Map<String, String> rocky = MissingTool.parseOsRelease("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n");
        assertEquals("sudo dnf install tcpdump", MissingTool.TCPDUMP.installCommand(rocky));
        assertEquals("sudo apt install strace / sudo dnf install strace",
                MissingTool.STRACE.installCommand(MissingTool.parseOsRelease("ID=arch\n")));
        assertEquals("sudo apt install strace / sudo dnf install strace", MissingTool.STRACE.installCommand(Map.of()));
    }

    @Test
    void eachMissingToolIsOneLineWithTheFeatureAndTheCommand() {
        String command = MissingTool.STRACE.installCommand();
        assertTrue(command.startsWith("sudo ") && command.endsWith(" strace"), command);
        for (Lang lang : Lang.values()) {
            Messages m = Messages.of(lang);
            for (LocalizedException said : new LocalizedException[]{
                    new LocalizedException("trace.strace.missing", command),
                    new LocalizedException("ui.tool.missing.strace", command)}) {
                String text = m.text(said);
                assertTrue(text.contains("strace") && text.endsWith(command), lang + ": " + text);
                assertFalse(text.contains("\n") || text.contains("{"), lang + ": " + text);
            }
            // tcpdump: the features left without it after the lab's own capture, serve and trace outside the lab
            String tcpdump = CaptureReason.of(CaptureReason.NOT_INSTALLED).text(m);
            assertTrue(tcpdump.contains("serve") && tcpdump.contains("--lab-network")
                    && tcpdump.endsWith(MissingTool.TCPDUMP.installCommand()), lang + ": " + tcpdump);
            assertFalse(tcpdump.contains("\n") || tcpdump.contains("{"), lang + ": " + tcpdump);
        }
    }
}

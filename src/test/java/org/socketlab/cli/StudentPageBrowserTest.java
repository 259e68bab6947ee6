package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.socketlab.cli.CliTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.socketlab.testing.Browser;
import org.socketlab.testing.Chromium;

/**
 * The student's page in Debian's headless chromium (issue 80 item 7), as {@code socketlab export --html} writes it from
 * a real {@code socketlab run tcp-basics --journal} and a student opens it with no network: the handshake's rows and
 * the narration, steps moved by keyboard alone, Spanish and English, and at a laptop's 1280x720 and a phone's 360x640
 * nothing wider than the screen. Screenshots of each go to target/share-screens/.
 */
@Browser
class StudentPageBrowserTest {
    private static final Path OUT = Path.of("target", "share-screens");
    private static Path page;

    @BeforeAll
    static void exportATcpBasicsRun() throws Exception {
        Files.createDirectories(OUT);
        Path journal = OUT.resolve("tcp-basics.jsonl");
        page = OUT.resolve("tcp-basics.html");
        Files.deleteIfExists(journal);
        Files.deleteIfExists(page);
        CliTest.Outcome run = cli("run", "tcp-basics", "--journal", journal.toString(), "--lang", "en");
        assertEquals(0, run.exit(), run.err());
        CliTest.Outcome export = cli("export", journal.toString(), "--html", page.toString(), "--lang", "en");
        assertEquals(0, export.exit(), export.err());
    }

    @Test
    void aLaptopReplaysTheHandshakeByKeyboardInBothLanguages() throws Exception {
        ChromeDriver d = Chromium.start(1280, 720);
        try {
            Chromium.viewport(d, 1280, 720, false);
            open(d);
            assertEquals("Step 1 of 12", text(d, "counter"));
            // Keyboard alone: the arrow keys, then Tab to the Next button and Enter.
            new Actions(d).sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT).perform();
            assertEquals("Step 5 of 12", text(d, "counter"));
            tabTo(d, "forward");
            new Actions(d).sendKeys(Keys.ENTER).perform();
            assertEquals("Step 6 of 12", text(d, "counter"));
            String diagram = d.findElement(By.cssSelector("#diagram svg")).getText();
            for (String row : List.of("[SYN]", "[SYN, ACK]", "accept(3"))
                assertTrue(diagram.contains(row), row + " in " + diagram);
            assertTrue(text(d, "narration").contains("accept()"), text(d, "narration"));
            nothingWiderThanTheScreen(d, 1280);
            shot(d, "student-1280x720-en.png");
            // Zoom: the drawing grows inside its own box, which scrolls; the page itself stays as wide as the screen.
            long fit = d.findElement(By.cssSelector("#diagram svg")).getRect().getWidth();
            new Actions(d).sendKeys("+", "+").perform();
            long zoomed = d.findElement(By.cssSelector("#diagram svg")).getRect().getWidth();
            assertTrue(zoomed >= fit * 1.4, fit + " -> " + zoomed);
            nothingWiderThanTheScreen(d, 1280);
            new Actions(d).sendKeys("0").perform();
            assertEquals(fit, d.findElement(By.cssSelector("#diagram svg")).getRect().getWidth());
            new Actions(d).sendKeys(Keys.ARROW_LEFT).perform();
            assertEquals("Step 5 of 12", text(d, "counter"));

            choose(d, "lang", "es");
            assertEquals("Paso 5 de 12", text(d, "counter"));
            assertEquals("Siguiente", text(d, "forward"));
            assertTrue(text(d, "narration").contains("connect()"), text(d, "narration"));
            assertTrue(d.findElement(By.cssSelector("#sockets table")).getText().contains("Dirección local"));
            new Actions(d).sendKeys(Keys.ARROW_RIGHT).perform();
            nothingWiderThanTheScreen(d, 1280);
            shot(d, "student-1280x720-es.png");
            for (String theme : List.of("dark", "high-contrast")) { // the window's other themes, the drawings too
                choose(d, "theme", theme);
                assertEquals(theme, d.findElement(By.tagName("html")).getAttribute("data-theme"));
                shot(d, "student-1280x720-es-" + theme + ".png");
            }
        } finally {
            d.quit();
        }
    }

    @Test
    void aPhoneShowsEverythingWithNothingCut() throws Exception {
        ChromeDriver d = Chromium.start(360, 640);
        try {
            Chromium.viewport(d, 360, 640, true);
            for (String lang : List.of("en", "es")) {
                open(d);
                choose(d, "lang", lang);
                new Actions(d).sendKeys(Keys.END).perform();
                assertEquals(lang.equals("en") ? "Step 12 of 12" : "Paso 12 de 12", text(d, "counter"));
                d.findElement(By.cssSelector("details.rows summary")).click();
                int rows = d.findElements(By.cssSelector("#rows li")).size();
                assertTrue(rows > 30, "a text alternative per row: " + rows);
                nothingWiderThanTheScreen(d, 360);
                d.findElement(By.cssSelector("details.rows summary")).click();
                new Actions(d).sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT,
                        Keys.ARROW_RIGHT, Keys.ARROW_RIGHT).perform();
                nothingWiderThanTheScreen(d, 360);
                d.executeScript("window.scrollTo(0, 0)");
                shot(d, "student-360x640-" + lang + ".png");
                // The whole page as a phone scrolls it (the review looks at the state machine and the socket cards).
                long tall = ((Number) d.executeScript("return document.documentElement.scrollHeight")).longValue();
                Chromium.viewport(d, 360, (int) Math.min(tall, 6000), true);
                shot(d, "student-360-whole-page-" + lang + ".png");
                Chromium.viewport(d, 360, 640, true);
            }
        } finally {
            d.quit();
        }
    }

    private static void open(ChromeDriver d) {
        d.get(page.toAbsolutePath().toUri().toString());
        new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElement(By.id("room")).isDisplayed()
                && !x.findElement(By.id("counter")).getText().isEmpty());
    }

    /** Picks an option of a select, then leaves it (the arrow keys on a focused select change its option). */
    private static void choose(ChromeDriver d, String id, String value) {
        new Select(d.findElement(By.id(id))).selectByValue(value);
        d.executeScript("document.activeElement.blur()");
    }

    private static String text(ChromeDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    /** Presses Tab until {@code id} has the focus (at most 40 times): every control is reached by keyboard. */
    private static void tabTo(ChromeDriver d, String id) {
        for (int i = 0; i < 40; i++) {
            new Actions(d).sendKeys(Keys.TAB).perform();
            WebElement focused = d.switchTo().activeElement();
            if (id.equals(focused.getAttribute("id"))) return;
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /**
     * No element reaches past the screen's edges, and the page scrolls no sideways (a drawing zoomed past the width
     * scrolls inside its own box; the skip link and a phone's table head wait off-screen on purpose).
     */
    private static void nothingWiderThanTheScreen(ChromeDriver d, int width) {
        Object out = d.executeScript(
                """
                        const w = window.innerWidth, cut = [];
                        for (const e of document.querySelectorAll('body *')) {
                          if (e.closest('.skip, table.sockets thead, #diagram svg, #machine svg')) continue;
                          const r = e.getBoundingClientRect();
                          if (r.width > 0 && r.height > 0 && (r.right > w + 0.5 || r.left < -0.5))
                            cut.push(e.tagName + '#' + e.id + '.' + e.className.baseVal + e.className + ' ' + r.left + '-' + r.right);
                        }
                        return [w, document.documentElement.scrollWidth, cut.slice(0, 8).join(' | ')];
                        """);
        List<?> got = (List<?>) out;
        assertEquals((long) width, ((Number) got.get(0)).longValue(), "the viewport");
        assertEquals("", got.get(2), "elements past the screen's edge at " + width + " px");
        assertTrue(((Number) got.get(1)).longValue() <= width, "the page scrolls sideways: " + got);
    }

    private static void shot(ChromeDriver d, String name) throws Exception {
        Files.write(OUT.resolve(name), d.getScreenshotAs(OutputType.BYTES));
    }
}

package org.socketlab.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.socketlab.CiRules;

/**
 * Debian's headless chromium under Debian's chromedriver, both from apt ({@code chromium chromium-driver}): Selenium is
 * handed their paths, so its own manager never downloads a browser or a driver. Missing on CI fails; elsewhere skips.
 */
public final class Chromium {
    public static final Path BROWSER = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A fresh headless browser of {@code width} by {@code height} CSS pixels; the caller quits it. */
    public static ChromeDriver start(int width, int height) {
        CiRules.requireOrSkip(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // No sandbox: CI runs as root, where chromium refuses its own; the pages it opens are the tests' own files.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** The page's viewport exactly {@code width} by {@code height} (a phone's: as a phone lays out its viewport). */
    public static void viewport(ChromeDriver driver, int width, int height, boolean phone) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", phone));
    }
}

package org.socketlab.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.CiRules;
import org.socketlab.capture.LinkConditions;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.ui.network.MachinesViewModel;

/**
 * The link's settings are stated once (issue 76 item 5), in packaging/linux/link-settings.h, which the wire and labnet
 * include. Java cannot include it, so this test holds Java to it: gcc reads the header (a probe that prints its table,
 * so the numbers are the compiler's), and the test fails where the order of {@link LinkConditions#words()}, the bounds
 * {@link LinkConditions} takes, the command line's options, a lesson's {@code "link"} (docs/lesson.schema.json), the
 * window's rates or the table in docs/lab-network.md (English and Spanish) say otherwise.
 */
class LinkSettingsAgreementTest {
    private static final Path HEADER = Path.of("packaging/linux/link-settings.h").toAbsolutePath();
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `([a-z ]+)` \\| [^|]*\\| (\\d+) \\| (\\d+) \\|");
    @TempDir
    static Path dir;
    private static List<Setting> header;

    /** One row of the header (the seed last, as the wire takes it). */
    private record Setting(String name, String unit, long low, long high) {
    }

    @Test
    void theWordsOfTheWireAreInTheHeadersOrder() throws Exception {
        List<Setting> settings = header();
        assertEquals(List.of("delay", "jitter", "loss", "burst", "duplicate", "reorder", "rate", "queue limit", "seed"),
                settings.stream().map(Setting::name).toList(), "link-settings.h's rows");
        // Each setting a value of its own, so a word in the wrong place shows.
        LinkConditions c = new LinkConditions(new LinkConditions.Way(11, 12, 13, 14, 15, 16),
                new LinkConditions.Way(21, 22, 23, 24, 25, 26), 7, 99);
        Map<String, List<Long>> java = new LinkedHashMap<>();
        java.put("delay", List.of(11L, 21L));
        java.put("jitter", List.of(12L, 22L));
        java.put("loss", List.of(13L, 23L));
        java.put("burst", List.of(14L, 24L));
        java.put("duplicate", List.of(15L, 25L));
        java.put("reorder", List.of(16L, 26L));
        java.put("rate", List.of(7L, 7L));
        java.put("queue limit", List.of((long) LinkConditions.QUEUE_LIMIT, (long) LinkConditions.QUEUE_LIMIT));
        List<String> expected = new ArrayList<>();
        for (int way = 0; way < 2; way++)
            for (Setting s : settings.subList(0, settings.size() - 1))
                expected.add(String.valueOf(java.get(s.name()).get(way)));
        expected.add("99");
        assertEquals(expected, c.words(), "LinkConditions.words() against link-settings.h's order");
    }

    @Test
    void linkConditionsTakesEachSettingFromItsLowestToItsHighestAndNothingBeyond() throws Exception {
        Map<String, LongFunction<LinkConditions>> made = new LinkedHashMap<>();
        made.put("delay", v -> way(new LinkConditions.Way((int) v, 0, 0, 1, 0, 0)));
        made.put("jitter", v -> way(new LinkConditions.Way(0, (int) v, 0, 1, 0, 0)));
        made.put("loss", v -> way(new LinkConditions.Way(0, 0, (int) v, 1, 0, 0)));
        made.put("burst", v -> way(new LinkConditions.Way(0, 0, 0, (int) v, 0, 0)));
        made.put("duplicate", v -> way(new LinkConditions.Way(0, 0, 0, 1, (int) v, 0)));
        made.put("reorder", v -> way(new LinkConditions.Way(0, 0, 0, 1, 0, (int) v)));
        made.put("rate", v -> new LinkConditions(LinkConditions.Way.IDEAL, LinkConditions.Way.IDEAL, (int) v, 1));
        made.put("seed", v -> new LinkConditions(LinkConditions.Way.IDEAL, LinkConditions.Way.IDEAL, 0, v));
        for (Setting s : header()) {
            if (s.name().equals("queue limit")) {
                assertTrue(LinkConditions.QUEUE_LIMIT >= s.low() && LinkConditions.QUEUE_LIMIT <= s.high(),
                        "LinkConditions.QUEUE_LIMIT " + LinkConditions.QUEUE_LIMIT + " within " + s);
                continue;
            }
            LongFunction<LinkConditions> make = made.get(s.name());
            assertDoesNotThrow(() -> make.apply(s.low()), s.name() + " at its lowest, " + s);
            assertDoesNotThrow(() -> make.apply(s.high()), s.name() + " at its highest, " + s);
            assertThrows(IllegalArgumentException.class, () -> make.apply(s.low() - 1), s.name() + " below " + s);
            assertThrows(IllegalArgumentException.class, () -> make.apply(s.high() + 1), s.name() + " above " + s);
        }
        assertEquals(setting("rate").high(), SecondHost.MAX_KBIT, "the plain link's rate (labnet's link request)");
    }

    @Test
    void theCommandLineTakesEachSettingUpToItsHighestInItsOwnUnits() throws Exception {
        long delay = setting("delay").high(), jitter = setting("jitter").high(), loss = setting("loss").high();
        long burst = setting("burst").high(), duplicate = setting("duplicate").high();
        long reorder = setting("reorder").high(), seed = setting("seed").high();
        LinkConditions highest = parsed("--delay", ms(delay), "--jitter", ms(jitter), "--loss",
                percent(loss) + ":" + burst, "--duplicate", percent(duplicate), "--reorder", percent(reorder), "--seed",
                String.valueOf(seed), "--rate", String.valueOf(setting("rate").high()));
        assertEquals(new LinkConditions.Way((int) delay, (int) jitter, (int) loss, (int) burst, (int) duplicate,
                (int) reorder), highest.toServer());
        assertEquals(seed, highest.seed());
        assertEquals(setting("rate").high(), highest.rateKbit());
        assertEquals(setting("burst").low(), parsed("--loss", "1").toServer().burst(), "a loss without :BURST");
        for (String[] beyond : List.of(new String[]{"--delay", ms(delay + 1)}, new String[]{"--jitter", ms(jitter + 1)},
                new String[]{"--loss", percent(loss + 1)}, new String[]{"--loss", "1:" + (burst + 1)},
                new String[]{"--loss", "1:" + (setting("burst").low() - 1)},
                new String[]{"--duplicate", percent(duplicate + 1)},
                new String[]{"--delay", "1", "--reorder", percent(reorder + 1)},
                new String[]{"--seed", String.valueOf(seed + 1)},
                new String[]{"--delay", "1", "--rate", String.valueOf(setting("rate").high() + 1)}))
            assertThrows(LocalizedException.class, () -> parsed(beyond), String.join(" ", beyond));
    }

    @Test
    void aLessonsLinkAndTheWindowsRatesKeepTheSameBounds() throws Exception {
        JsonNode link = new ObjectMapper().readTree(Path.of("docs/lesson.schema.json").toFile())
                .at("/properties/link/properties");
        Map<String, String> keys = Map.of("delay", "delay_ms", "jitter", "jitter_ms", "loss", "loss_percent", "burst",
                "loss_burst", "duplicate", "duplicate_percent", "reorder", "reorder_percent");
        Map<String, BigDecimal> toUnit = Map.of("us", BigDecimal.valueOf(1000), "ppm", BigDecimal.valueOf(10_000),
                "packets", BigDecimal.ONE);
        keys.forEach((name, key) -> {
            Setting s = setting(name);
            JsonNode one = link.at("/" + key + "/oneOf/0"), two = link.at("/" + key + "/oneOf/1/items");
            BigDecimal unit = toUnit.get(s.unit());
            for (JsonNode bounds : List.of(one, two)) {
                assertEquals(0,
                        bounds.get("minimum").decimalValue().multiply(unit).compareTo(BigDecimal.valueOf(s.low())),
                        key + "'s minimum in lesson.schema.json against " + s);
                assertEquals(0,
                        bounds.get("maximum").decimalValue().multiply(unit).compareTo(BigDecimal.valueOf(s.high())),
                        key + "'s maximum in lesson.schema.json against " + s);
            }
        });
        assertEquals(setting("seed").high(), link.at("/seed/maximum").asLong(), "a lesson's seed");
        assertEquals(setting("rate").high(), link.at("/rate_kbit/maximum").asLong(), "a lesson's rate");
        for (int kbit : MachinesViewModel.RATES)
            assertTrue(kbit >= setting("rate").low() && kbit <= setting("rate").high(), "the window's rate " + kbit);
    }

    /** The table in the docs (each language's) says each setting once, with the header's bounds. */
    @ParameterizedTest
    @ValueSource(strings = {"docs/lab-network.md", "docs/es/lab-network.md"})
    void theDocsTableSaysTheHeadersBounds(String doc) throws Exception {
        Map<String, List<Long>> table = new LinkedHashMap<>();
        Matcher m = TABLE_ROW.matcher(Files.readString(Path.of(doc), StandardCharsets.UTF_8));
        while (m.find()) {
            List<Long> was = table.put(m.group(1), List.of(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
            assertEquals(null, was, doc + " says " + m.group(1) + " twice");
        }
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        for (Setting s : header()) expected.put(s.name(), List.of(s.low(), s.high()));
        assertEquals(expected, table, doc + "'s table of the link's settings against link-settings.h");
    }

    private static LinkConditions way(LinkConditions.Way way) {
        return new LinkConditions(way, LinkConditions.Way.IDEAL, 0, 1);
    }

    /** Microseconds as the command line's milliseconds. */
    private static String ms(long us) {
        return BigDecimal.valueOf(us, 3).stripTrailingZeros().toPlainString();
    }

    /** Parts per million as the command line's percent. */
    private static String percent(long ppm) {
        return BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString();
    }

    /** {@code run tcp-basics OPTIONS}: the link's conditions as run and quiz take them (the rate as they read it). */
    private static LinkConditions parsed(String... options) {
        List<String> args = new ArrayList<>(List.of("run", "tcp-basics"));
        args.addAll(List.of(options));
        Args a = Command.RUN.parse(args.toArray(String[]::new));
        Integer rate = a.one(RunCommand.RATE, Args.number(1, SecondHost.MAX_KBIT, "cli.run.badRate"));
        LinkConditions c = LinkOptions.parse(a, rate == null ? 0 : rate);
        assertTrue(c != null, "a wire for " + args);
        return c;
    }

    private static Setting setting(String name) {
        try {
            return header().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The header's rows as gcc reads them: a probe that includes it and prints each, the seed last. */
    private static synchronized List<Setting> header() throws IOException, InterruptedException {
        if (header != null) return header;
        Path gcc = Path.of("/usr/bin/gcc");
        CiRules.requireOrSkip(Files.isExecutable(gcc), "gcc (to read link-settings.h as the wire is built with it)");
        Path source = Files.writeString(dir.resolve("probe.c"), """
                #include <stdio.h>
                #include "%s"
                int main(void) {
                    _Static_assert(LINK_SETTINGS == 2 * LINK_WAY_COUNT + 1, "both ways and the seed");
                    for (int i = 0; i < LINK_WAY_COUNT; i++)
                        printf("%%s|%%s|%%lu|%%lu\\n", LINK_LIMITS[i].name, LINK_LIMITS[i].unit, LINK_LIMITS[i].low,
                                LINK_LIMITS[i].high);
                    printf("seed||0|%%lu\\n", (unsigned long) LINK_SEED_HIGH);
                    return 0;
                }
                """.formatted(HEADER));
        Path program = dir.resolve("probe"), output = dir.resolve("said.txt");
        run(output, gcc.toString(), "-Wall", "-Wextra", "-Werror", "-o", program.toString(), source.toString());
        run(output, program.toString());
        List<Setting> rows = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            String[] cells = line.split("\\|", -1);
            rows.add(new Setting(cells[0], cells[1], Long.parseLong(cells[2]), Long.parseLong(cells[3])));
        }
        return header = List.copyOf(rows);
    }

    /** Runs {@code command} (at most 60 s), its output into {@code output}; fails with that output unless it exits 0. */
    private static void run(Path output, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertTrue(ended && p.exitValue() == 0, String.join(" ", command) + ":\n" + Files.readString(output));
    }
}

package org.socketlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.CiRules;
import org.socketlab.testing.ChildJvm;
import org.socketlab.testing.Labnet;

/**
 * The sanitizer lane (issue 53): labnet and the endpoint program built with AddressSanitizer and UBSan
 * ({@code sh packaging/linux/build-native.sh BASEDIR TARGET sanitized}, into target/native-sanitized), then a short
 * real exercise of what the broker does: nft scripts made and refused; a contained program; as root, a loss lesson
 * (nft rules, the capture); as nobody, a lesson on two hosts with the link's rate (the host, its endpoint, the link).
 * Any sanitizer report fails it: in what the runs printed, or in the report files the sanitized processes that still
 * have their environment write (the endpoint programs start with none and report on their stderr).
 */
class SanitizedLabnetTest {
    private static final List<String> REPORTED = List.of("Sanitizer", "runtime error:");
    @TempDir
    static Path shared;
    private static Path labnet, endpoint, reports;
    private static List<String> classPath;

    @BeforeAll
    static void build() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc (to build the sanitized labnet)");
        Path target = Path.of("target").toAbsolutePath();
        // Once per checkout (build-native.sh rebuilds only what changed): seconds idle, a minute or more on a busy machine.
        Path log = Files.createTempFile(shared, "build-", ".log");
        Process build = new ProcessBuilder("sh", "packaging/linux/build-native.sh",
                Path.of("").toAbsolutePath().toString(), target.toString(), "sanitized").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = build.waitFor(300, TimeUnit.SECONDS);
        if (!ended) build.destroyForcibly();
        assertTrue(ended && build.exitValue() == 0, "build-native.sh sanitized: " + Files.readString(log));
        Path bin = Files.createDirectories(shared.resolve("bin"));
        for (String program : List.of("labnet", "socketlab-endpoint")) {
            Path copy = Files.copy(target.resolve("native-sanitized").resolve(program), bin.resolve(program));
            assertTrue(copy.toFile().setReadable(true, false) && copy.toFile().setExecutable(true, false));
        }
        labnet = bin.resolve("labnet");
        endpoint = bin.resolve("socketlab-endpoint");
        // Not under /tmp: a contained program's namespace hides /tmp (and its init is a sanitized labnet too).
        reports = Files.createTempDirectory(target, "sanitizer-reports-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        assertTrue(reports.toFile().setWritable(true, false)); // the umask may have taken some of it
        assertTrue(shared.toFile().setReadable(true, false) && shared.toFile().setExecutable(true, false));
        classPath = ChildLessonRun.readableCopyOfClassPath(Files.createDirectories(shared.resolve("cp")));
    }

    @AfterAll
    static void noReports() throws IOException {
        if (reports == null) return;
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> written = files.toList();
            StringBuilder said = new StringBuilder();
            for (Path f : written) said.append(f.getFileName()).append(":\n").append(Files.readString(f));
            for (Path f : written) Files.delete(f);
            Files.delete(reports);
            assertTrue(written.isEmpty(), "the sanitizers reported:\n" + said);
        }
    }

    @Test
    void nftScriptsAreMadeAndRefusedUnderTheSanitizers() throws Exception {
        Labnet.Outcome made = ran(List.of(labnet.toString(), "nft-script", "--far", "fresh", "5", "4000", "drop", "1",
                "5", "to-server", "8080", "data", "0,3,999", "drop", "2", "6", "to-client", "80", "syn", "1"));
        assertEquals(0, made.status(), made.output());
        assertTrue(made.output().contains("jump drop1") && made.output().contains("jump drop2"), made.output());
        for (List<String> refused : List.of(List.of("drop", "1", "5", "to-server", "8080", "ack", "5,3"),
                List.of("drop", "1", "5", "to-server", "8080", "ack", "12345678"),
                List.of("drop", "1", "5", "to-server", "8080", "ack", "1".repeat(9000)), List.of("fresh", "x"),
                List.of("what"))) {
            List<String> command = new ArrayList<>(List.of(labnet.toString(), "nft-script"));
            command.addAll(refused);
            Labnet.Outcome o = ran(command);
            assertEquals(126, o.status(), refused + ": " + o.output());
        }
    }

    @Test
    void aContainedProgramAsThisUserAndAsNobody() throws Exception {
        for (List<String> user : users()) {
            Path work = Files.createTempDirectory(shared, "work-");
            assertTrue(work.toFile().setWritable(true, false) && work.toFile().setExecutable(true, false));
            List<String> command = new ArrayList<>(user);
            command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", labnet.toString(), "contain",
                    work.toString(), "--ro", shared.resolve("bin").toString(), "--", "/bin/echo", "contained"));
            Labnet.Outcome o = ran(command);
            assertEquals(0, o.status(), user + ": " + o.output());
            assertTrue(o.output().contains("contained"), o.output());
        }
    }

    @Test
    void aLossLessonAsThisUser() throws Exception {
        CiRules.requireOrSkip(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft (nftables: apt install nftables)");
        Labnet.Outcome o = ran(inLab(List.of(), "run", "lost-syn", "--lang", "en"));
        assertEquals(0, o.status(), o.output());
    }

    @Test
    void aLessonOnTwoHostsWithTheLinksRateAsNobody() throws Exception {
        List<String> student = users().getLast(); // nobody when this test is root
        Labnet.Outcome o = ran(inLab(student, "run", "tcp-basics", "--two-hosts", "--rate", "2000", "--lang", "en"));
        assertEquals(0, o.status(), o.output());
        assertTrue(o.output().contains("2000 kbit/s"), o.output());
    }

    /** {@code socketlab ARGUMENTS} in the sanitized lab network as {@code user}, with the sanitized endpoint program. */
    private static List<String> inLab(List<String> user, String... arguments) {
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of(labnet.toString(), "enter", "--strict", "--", "/usr/bin/env",
                "SOCKETLAB_ENDPOINT=" + endpoint));
        command.addAll(ChildJvm.command("-cp", String.join(File.pathSeparator, classPath), "org.socketlab.Main"));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs {@code command} with the sanitizers' reports into {@link #reports}; none may show in its output. */
    private static Labnet.Outcome ran(List<String> command) throws Exception {
        String options = "log_path=" + reports.resolve("report");
        List<String> withOptions = new ArrayList<>();
        int at = command.indexOf(labnet.toString());
        withOptions.addAll(command.subList(0, at));
        withOptions.addAll(List.of("/usr/bin/env", "ASAN_OPTIONS=" + options, "UBSAN_OPTIONS=print_stacktrace=1:"
                + options));
        withOptions.addAll(command.subList(at, command.size()));
        Labnet.Outcome o = Labnet.runCommand(withOptions);
        for (String mark : REPORTED) assertFalse(o.output().contains(mark), "a sanitizer reported:\n" + o.output());
        return o;
    }

    /** This test's own user and, as root, nobody too: each as a prefix of the command. */
    private static List<List<String>> users() {
        List<List<String>> users = new ArrayList<>(List.of(List.of()));
        if ("root".equals(System.getProperty("user.name"))) {
            List<String> nobody = new ArrayList<>(ChildLessonRun.AS_NOBODY);
            nobody.add("--");
            users.add(nobody);
        }
        return users;
    }
}

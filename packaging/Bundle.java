import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.classfile.attribute.ModuleRequireInfo;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Makes the Linux app-image and, on request, the .deb and .rpm; run by `mvn package` (exec-maven-plugin, with the
 * toolchain's JDK 25):  java packaging/Bundle.java BASEDIR TARGET VERSION [deb,rpm]
 * <ol>
 *   <li>jlink: a runtime of only the modules the program needs (org.socketlab and what it requires, plus Spanish and
 *       English locale data); JavaFX and the app are modules inside it, so JavaFX never warns about an unnamed module.
 *       JavaFX's Linux libraries are copied out of its jar beside the JDK's own (else JavaFX unpacks them into
 *       ~/.openjfx at the first start).</li>
 *   <li>bin/socketlab: the project's launcher (packaging/linux/launcher.c): no shell, no package-database query.</li>
 *   <li>lib/socketlab.aot: a JDK 25 AOT cache trained by one run of the real window playing a lesson (headless when
 *       there is no display), then checked: the launcher must report that it uses it.</li>
 *   <li>installers: a .deb (dpkg-deb) and an .rpm (rpmbuild) that install under /usr/lib/socketlab with
 *       /usr/bin/socketlab, a desktop entry and the icon, and run no maintainer script.</li>
 * </ol>
 * Every helper program is started with an argument list, never through a shell.
 */
public class Bundle {
    /** Keep in step with JVM_OPTIONS in packaging/linux/launcher.c: the cache is only used with the options it was trained with. */
    static final List<String> JVM_OPTIONS = List.of("--enable-native-access=org.socketlab,javafx.graphics",
            "--add-exports=javafx.graphics/com.sun.glass.ui=org.socketlab",
            "--add-exports=javafx.graphics/com.sun.javafx.tk=org.socketlab",
            "--add-opens=javafx.graphics/com.sun.javafx.tk.quantum=org.socketlab",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xmn4m", "-XX:CompileThresholdScaling=0.7",
            "-XX:TrimNativeHeapInterval=5000", "-Xms24m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:-ShrinkHeapInSteps", "-XX:MarkSweepDeadRatio=0");
    static final String MAIN = "org.socketlab/org.socketlab.Main";
    /**
     * What a stock install needs beyond the package itself, installed with it by default (apt and dnf install
     * Recommends unless told not to) yet never forced (issue 77): tcpdump captures the wire on this computer's own
     * network ({@code serve}, {@code trace} without {@code --lab-network}); strace watches a program ({@code trace},
     * Watch a program, {@code check}). Without either the rest works, and the program says once what is missing and the
     * one command that brings it (org.socketlab.syscall.MissingTool).
     */
    static final List<String> RECOMMENDS = List.of("tcpdump", "strace");
    static final String NAME = "socketlab";
    static final String SUMMARY = "See what really happens when a program uses a socket";
    static final String DESCRIPTION = """
            SocketLab teaches sockets with real system calls on loopback sockets: each button is one real call \
            (socket, bind, listen, accept, connect, send, recv, close...), and the window shows what the kernel \
            answered, the segments on the wire and every socket's TCP state. Lessons run in the window or on the \
            command line (socketlab lessons, socketlab run tcp-basics). English and Spanish.""";

    /**
     * JavaFX 26's javafx.base and javafx.graphics require java.desktop, and javafx.graphics java.xml, only for paths
     * SocketLab never takes: JavaBeans property adapters, the Java2D pipeline (SocketLab asks for the software or the
     * OpenGL one), printing, images in formats JavaFX cannot read itself, fonts on Android. Their module descriptors
     * are copied without those requirements, and the runtime leaves out java.desktop, java.xml and what only they
     * need: 28 MB of the 81 MB modules file (issue 23, size). The AOT training run (the window playing a lesson, the
     * command line) would fail at the first class it missed.
     */
    static final Map<String, Set<String>> UNUSED_REQUIRES = Map.of(
            "javafx.base", Set.of("java.desktop"),
            "javafx.graphics", Set.of("java.desktop", "java.xml"));

    /**
     * The modules packed with zip-6 inside the runtime: classes the window and the command line load from the AOT cache
     * instead (no slower start, measured), and few resources. Each MB packed here costs the .deb about 0.45 MB, since xz
     * cannot pack zipped data again: these two take the app-image 122 -> 107 MB and the .deb 24 -> 31 MB (its limit is
     * 35). Packing JavaFX's classes too would give 101 MB installed and a 34.5 MB .deb, too near that limit.
     */
    static final List<String> COMPRESSED = List.of("glob:/java.base/**", "glob:/com.fasterxml.jackson.*/**");

    /**
     * What the runtime leaves out. JavaFX's own libraries are copied beside the JDK's below; inside the module image
     * they would be dead weight. AtlantaFX themes other than Primer are never shown.
     */
    static final List<String> EXCLUDED_RESOURCES = List.of(
            "glob:/javafx.*/*.so",
            "glob:/atlantafx.base/atlantafx/base/theme/nord-*", "glob:/atlantafx.base/atlantafx/base/theme/cupertino-*",
            "glob:/atlantafx.base/atlantafx/base/theme/dracula-*");
    static final List<String> EXCLUDED_FILES = List.of(
            "glob:**/lib/libawt*.so", "glob:**/lib/libfontmanager.so", "glob:**/lib/libfreetype.so",
            "glob:**/lib/liblcms.so",
            "glob:**/lib/libmlib_image.so", "glob:**/lib/libjavajpeg.so", "glob:**/lib/libsplashscreen.so",
            "glob:**/lib/libjsound.so");

    static final String OS = System.getProperty("os.name");
    static final boolean LINUX = OS.startsWith("Linux"), WINDOWS = OS.startsWith("Windows");

    final Path base, target, image;
    final String version;

    Bundle(Path base, Path target, String version) {
        this.base = base;
        this.target = target;
        this.version = version;
        this.image = target.resolve(NAME);
    }

    public static void main(String[] args) throws Exception {
        // java packaging/Bundle.java --print deb|rpm VERSION: the control file or spec alone, built from nothing (tests)
        if (args.length == 3 && args[0].equals("--print")) {
            System.out.print(switch (args[1]) {
                case "deb" -> debControl(args[2], 0);
                case "rpm" -> rpmSpec(args[2], Path.of("ROOT"));
                default -> throw new IllegalArgumentException("--print deb|rpm VERSION");
            });
            return;
        }
        if (args.length < 3)
            throw new IllegalArgumentException("usage: java packaging/Bundle.java BASEDIR TARGET VERSION [deb,rpm]");
        Bundle b = new Bundle(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), args[2]);
        List<String> installers = args.length > 3 && !args[3].isBlank() ? List.of(args[3].split(",")) : List.of();
        long start = System.nanoTime();
        b.runtime();
        if (LINUX) b.launcher(); // macOS and Windows: jpackage's launcher (docs/packaging.md); the shell issue is Linux's
        b.legal();
        b.train();
        b.checkCacheUsed();
        for (String kind : installers) {
            switch (kind.strip()) {
                case "deb" -> b.deb();
                case "rpm" -> b.rpm();
                default -> throw new IllegalArgumentException("unknown installer " + kind + " (deb, rpm)");
            }
        }
        System.out.printf("bundle: %s (%d MB) in %d s%n", b.image, sizeMb(b.image),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    void runtime() throws IOException {
        deleteTree(image);
        Files.createDirectories(image.resolve("lib"));
        Path modules = target.resolve("modules");
        Path runtime = image.resolve("lib/runtime");
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jlink"));
        Path trimmed = withoutUnusedRequires(modules);
        int status = jlink.run(System.out, System.err,
                // the trimmed JavaFX jars first: on a module path the first module of a name wins
                "--module-path",
                target.resolve("classes") + File.pathSeparator + trimmed + File.pathSeparator + modules,
                "--add-modules", "org.socketlab,jdk.localedata", "--include-locales=en,es",
                "--compress=zip-6:filter=" + String.join(",", COMPRESSED),
                "--strip-debug", "--no-man-pages", "--no-header-files",
                "--exclude-resources=" + String.join(",", EXCLUDED_RESOURCES),
                // the AWT library names below are Linux's; elsewhere they stay
                "--exclude-files=" + String.join(",", LINUX ? EXCLUDED_FILES : List.of("glob:**/nothing")),
                "--output", runtime.toString());
        if (status != 0) throw new IllegalStateException("jlink failed (" + status + ")");
        try (Stream<Path> jars = Files.list(modules)) {
            // Where the JDK keeps its own native libraries: bin on Windows, lib elsewhere.
            Path nativeDir = runtime.resolve(WINDOWS ? "bin" : "lib");
            for (Path jar : jars
                    .filter(p -> p.getFileName().toString().matches("javafx-.*-(linux|mac|mac-aarch64|win)\\.jar"))
                    .toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (var entry : zip.stream().filter(e -> e.getName().matches("[^/]+\\.(so|dylib|dll)")).toList()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, nativeDir.resolve(entry.getName()), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
        // The symbol tables of the native libraries are only for debuggers (libjvm.so alone: 5 MB).
        if (LINUX) try (Stream<Path> libs = Files.walk(runtime.resolve("lib"))) {
            List<String> strip = new ArrayList<>(List.of("strip", "--strip-unneeded"));
            libs.filter(p -> p.getFileName().toString().endsWith(".so")).forEach(p -> strip.add(p.toString()));
            run(strip, target, null, 300, "strip (Debian: apt-get install binutils)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.println("bundle: runtime " + runtime + " (" + sizeMb(runtime) + " MB): " + String.join(" ",
                Files.readAllLines(runtime.resolve("release")).stream().filter(l -> l.startsWith("MODULES="))
                        .toList()));
    }

    /**
     * Copies of the JavaFX jars named in {@link #UNUSED_REQUIRES}, their module descriptor without those requirements
     * (everything else in the jar as it is), in target/trimmed-modules.
     */
    Path withoutUnusedRequires(Path modules) throws IOException {
        Path trimmed = target.resolve("trimmed-modules");
        deleteTree(trimmed);
        Files.createDirectories(trimmed);
        try (Stream<Path> jars = Files.list(modules)) {
            for (Path jar : jars.toList()) {
                ClassModel descriptor;
                try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                    Path info = zip.getPath("module-info.class");
                    if (!Files.exists(info)) continue;
                    descriptor = ClassFile.of().parse(Files.readAllBytes(info));
                }
                ModuleAttribute module = descriptor.findAttribute(Attributes.module()).orElseThrow();
                Set<String> unused = UNUSED_REQUIRES.get(module.moduleName().name().stringValue());
                if (unused == null) continue;
                List<ModuleRequireInfo> kept = module.requires().stream()
                        .filter(r -> !unused.contains(r.requires().name().stringValue())).toList();
                if (kept.size() != module.requires().size() - unused.size())
                    throw new IllegalStateException(module.moduleName().name().stringValue()
                            + " no longer requires all of " + unused + ": look at UNUSED_REQUIRES again");
                byte[] withoutUnused = ClassFile.of().transformClass(descriptor, (out, element) -> out.with(
                        element instanceof ModuleAttribute m
                                ? ModuleAttribute.of(m.moduleName(), m.moduleFlagsMask(),
                                        m.moduleVersion().orElse(null),
                                        kept, m.exports(), m.opens(), m.uses(), m.provides())
                                : element));
                Path copy = Files.copy(jar, trimmed.resolve(jar.getFileName()));
                try (FileSystem zip = FileSystems.newFileSystem(copy)) {
                    Files.write(zip.getPath("module-info.class"), withoutUnused);
                }
            }
        }
        return trimmed;
    }

    void launcher() throws IOException, InterruptedException {
        // The native programs as the compile phase builds them (packaging/linux/build-native.sh, the one place that says
        // how: labnet linked statically, so that LD_PRELOAD and LD_LIBRARY_PATH never run code inside it; the endpoint
        // against the system's glibc, decision 0007); run again here in case the sources changed since.
        run(List.of("sh", base.resolve("packaging/linux/build-native.sh").toString(), base.toString(),
                target.toString()), base, null, 300, "a POSIX sh, and gcc (Debian: apt-get install gcc libc6-dev)");
        Path built = target.resolve("native");
        Path bin = Files.createDirectories(image.resolve("bin"));
        Files.copy(built.resolve("socketlab-launcher"), bin.resolve(NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        // The private lab network (user + network namespace) the launcher starts the window and the lessons in, and
        // each lab endpoint's own process (issue 38), which EndpointProcess and labnet find beside it in lib/. The
        // endpoint is started with an empty environment, so no LD_PRELOAD reaches it; so is the wire between the lab's two
        // hosts (issue 55), which labnet starts from beside it too.
        for (String program : List.of("labnet", "socketlab-endpoint", "socketlab-wire")) {
            Files.copy(built.resolve(program), image.resolve("lib").resolve(program),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.copy(base.resolve("packaging/socketlab.png"), image.resolve("lib/socketlab.png"),
                StandardCopyOption.REPLACE_EXISTING);
        // The AppArmor profile that lets labnet make its namespace on Ubuntu >= 23.10; the installers' scripts put it
        // in place (packaging/linux/apparmor/install.sh).
        Path apparmor = Files.createDirectories(image.resolve("lib/apparmor"));
        for (String f : List.of("socketlab-labnet", "install.sh")) {
            Files.copy(base.resolve("packaging/linux/apparmor/" + f), apparmor.resolve(f),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        apparmor.resolve("install.sh").toFile().setExecutable(true, false);
    }

    void legal() throws IOException {
        for (String f : List.of("LICENSE", "NOTICE", "THIRD-PARTY.md")) {
            Files.copy(base.resolve(f), image.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One run of the real window that plays a lesson, recorded into lib/socketlab.aot. */
    void train() throws IOException, InterruptedException {
        Path cache = image.resolve("lib/socketlab.aot");
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:AOTCacheOutput=" + cache));
        // No method profiles in the cache: with C1 alone (TieredStopAtLevel=1) they bought no measurable start-up, and
        // the JVM maps and relocates every page of the cache, so they were 2.2 MB of the idle window's RSS (issue 62).
        cmd.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"));
        cmd.addAll(JVM_OPTIONS);
        boolean display = !LINUX || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        // Without a display the window runs on JavaFX's headless platform: the same scene graph, controls, CSS and
        // drawing; only the few GTK glass classes are left out of the cache.
        if (!display) cmd.addAll(List.of("-Dglass.platform=Headless", "-Dprism.order=sw"));
        cmd.addAll(List.of("-m", MAIN));
        Path home = Files.createTempDirectory(target, "aot-home");
        Path log = target.resolve("aot-training.log");
        // A fresh home: the training neither reads nor keeps the builder's saved window layout.
        run(cmd, target, pb -> {
            pb.environment().put("SOCKETLAB_AOT_TRAINING", "1");
            pb.environment().put("HOME", home.toString());
            pb.environment().put("GDK_BACKEND", "x11"); // as the launcher sets it (launcher.c: JavaFX's putenv)
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }, 300, null);
        deleteTree(home);
        if (!Files.isRegularFile(cache)) throw new IllegalStateException("no AOT cache written; see " + log);
        System.out.println("bundle: AOT cache " + cache + " (" + Files.size(cache) / 1_000_000 + " MB), trained "
                + (display ? "on the display" : "headless"));
    }

    /** The launcher must open the cache: -Xlog:aot says so, or the build fails. */
    void checkCacheUsed() throws IOException, InterruptedException {
        Path out = target.resolve("aot-check.log");
        List<String> cmd = new ArrayList<>();
        if (LINUX) cmd.add(image.resolve("bin/" + NAME).toString());
        else { // jpackage's launcher passes the same options (docs/packaging.md)
            cmd.addAll(List.of(java(), "-XX:AOTCache=" + image.resolve("lib/socketlab.aot")));
            cmd.addAll(JVM_OPTIONS);
            cmd.addAll(List.of("-m", MAIN));
        }
        cmd.add("lessons");
        run(cmd, target, pb -> {
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:aot=info,aot+init=info:stdout");
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
        }, 60, null);
        String log = Files.readString(out);
        if (!log.contains("Opened AOT cache") || !log.contains("Using AOT-linked classes: true"))
            throw new IllegalStateException("the launcher does not use the AOT cache; see " + out);
        System.out.println("bundle: the launcher uses the AOT cache (" + out.getFileName() + ")");
        if (LINUX) checkServeUsesCache();
    }

    /**
     * The launcher gives `serve` options of its own (a small heap, launcher.c SERVE_OPTIONS): the cache must be used
     * with them too. `serve` without a protocol exits 2 at once, after the JVM has opened (or refused) the cache.
     */
    void checkServeUsesCache() throws IOException, InterruptedException {
        Path out = target.resolve("aot-check-serve.log");
        ProcessBuilder pb = new ProcessBuilder(image.resolve("bin/" + NAME).toString(), "serve")
                .directory(target.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:aot=info:stdout");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("socketlab serve did not finish in 60 s; see " + out);
        }
        String log = Files.readString(out);
        if (p.exitValue() != 2 || !log.contains("Opened AOT cache") || !log.contains("Using AOT-linked classes: true"))
            throw new IllegalStateException(
                    "socketlab serve does not use the AOT cache (exit " + p.exitValue() + "); see " + out);
        System.out.println("bundle: serve uses the AOT cache too (" + out.getFileName() + ")");
    }

    String java() {
        return image.resolve("lib/runtime/bin/" + (WINDOWS ? "java.exe" : "java")).toString();
    }

    /** The files every installer lays out, under root: /usr/lib/socketlab, /usr/bin/socketlab, the desktop entry, the icon. */
    void layOut(Path root) throws IOException {
        deleteTree(root);
        copyTree(image, root.resolve("usr/lib/" + NAME));
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        // Relative, so the package also works unpacked under another root (and rpmbuild does not warn).
        Files.createSymbolicLink(usrBin.resolve(NAME), Path.of("../lib/" + NAME + "/bin/" + NAME));
        Path apps = Files.createDirectories(root.resolve("usr/share/applications"));
        Files.writeString(apps.resolve(NAME + ".desktop"), """
                [Desktop Entry]
                Type=Application
                Name=SocketLab
                GenericName=Socket laboratory
                GenericName[es]=Laboratorio de sockets
                Comment=See what really happens when a program uses a socket
                Comment[es]=Mira lo que pasa de verdad cuando un programa usa un socket
                Exec=/usr/bin/socketlab
                Icon=socketlab
                Terminal=false
                Categories=Education;Network;
                Keywords=socket;TCP;UDP;network;system call;
                """);
        Path icons = Files.createDirectories(root.resolve("usr/share/icons/hicolor/256x256/apps"));
        Files.copy(base.resolve("packaging/socketlab.png"), icons.resolve(NAME + ".png"));
    }

    void deb() throws IOException, InterruptedException {
        Path root = target.resolve("deb-root");
        layOut(root);
        Path doc = Files.createDirectories(root.resolve("usr/share/doc/" + NAME));
        Files.writeString(doc.resolve("copyright"), """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: SocketLab
                Source: https://github.com/socketlab/socketlab

                Files: *
                Copyright: SocketLab contributors
                License: Apache-2.0
                 The full text is in /usr/lib/socketlab/LICENSE and /usr/share/common-licenses/Apache-2.0.
                 The bundled Java runtime, JavaFX and libraries are listed with their licences in
                 /usr/lib/socketlab/THIRD-PARTY.md and /usr/lib/socketlab/NOTICE.
                """);
        Path control = Files.createDirectories(root.resolve("DEBIAN")).resolve("control");
        Files.writeString(control, debControl(version, sizeKb(root)));
        Path debian = root.resolve("DEBIAN");
        Files.writeString(debian.resolve("postinst"), """
                #!/bin/sh
                set -e
                if [ "$1" = configure ]; then /usr/lib/socketlab/lib/apparmor/install.sh install; fi
                """);
        Files.writeString(debian.resolve("prerm"), """
                #!/bin/sh
                set -e
                /usr/lib/socketlab/lib/apparmor/install.sh remove
                """);
        for (String script : List.of("postinst", "prerm")) {
            debian.resolve(script).toFile().setExecutable(true, false);
        }
        Path out = Files.createDirectories(target.resolve("installer")).resolve(NAME + "_" + version + "_amd64.deb");
        Files.deleteIfExists(out);
        run(List.of("dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "--build", root.toString(), out.toString()),
                target, null, 3600, "dpkg-deb (Debian: apt-get install dpkg)");
        System.out.println("bundle: " + out + " (" + Files.size(out) / 1_000_000 + " MB)");
    }

    void rpm() throws IOException, InterruptedException {
        Path root = target.resolve("rpm-root");
        layOut(root);
        Path spec = target.resolve(NAME + ".spec");
        Files.writeString(spec, rpmSpec(version, root));
        Path top = target.resolve("rpmbuild");
        deleteTree(top);
        run(List.of("rpmbuild", "-bb", "--define", "_topdir " + top, "--define",
                "_rpmdir " + target.resolve("installer"),
                "--define", "_binary_payload w9.zstdio", spec.toString()), target, null, 3600,
                "rpmbuild (Debian: apt-get install rpm)");
        System.out.println("bundle: rpm in " + target.resolve("installer/x86_64"));
    }

    /** The .deb's control file; {@code installedKb} is the laid-out tree's size. */
    static String debControl(String version, long installedKb) {
        return """
                Package: socketlab
                Version: %s
                Section: education
                Priority: optional
                Architecture: amd64
                Depends: libc6, libgtk-3-0 | libgtk-3-0t64
                Recommends: %s
                Installed-Size: %d
                Maintainer: SocketLab <socketlab@users.noreply.github.com>
                Homepage: https://github.com/socketlab/socketlab
                Description: %s
                %s
                """.formatted(version, String.join(", ", RECOMMENDS), installedKb, SUMMARY, " " + DESCRIPTION);
    }

    /** The .rpm's spec, whose %install copies the laid-out tree {@code root}; Recommends are rpm's weak dependencies. */
    static String rpmSpec(String version, Path root) {
        return """
                Name: socketlab
                Version: %s
                Release: 1
                Summary: %s
                License: Apache-2.0
                URL: https://github.com/socketlab/socketlab
                BuildArch: x86_64
                Requires: gtk3
                Recommends: %s
                # The bundled runtime provides its own libraries; rpm must not export or demand them.
                AutoReqProv: no
                %%define __os_install_post %%{nil}
                %%define _build_id_links none

                %%description
                %s

                %%install
                cp -a %s/. %%{buildroot}/

                %%post
                /usr/lib/socketlab/lib/apparmor/install.sh install

                %%preun
                if [ "$1" = 0 ]; then /usr/lib/socketlab/lib/apparmor/install.sh remove; fi

                %%files
                /usr/lib/socketlab
                /usr/bin/socketlab
                /usr/share/applications/socketlab.desktop
                /usr/share/icons/hicolor/256x256/apps/socketlab.png
                """.formatted(version, SUMMARY, String.join(", ", RECOMMENDS), DESCRIPTION, root);
    }

    static void run(List<String> cmd, Path dir, Consumer<ProcessBuilder> setup, int timeoutSeconds,
            String tool)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO();
        if (setup != null) setup.accept(pb);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    cmd.getFirst() + " is needed to bundle SocketLab" + (tool != null ? ": " + tool : ""), e);
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd.getFirst() + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0)
            throw new IllegalStateException(String.join(" ", cmd) + " failed with exit " + p.exitValue());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static long sizeKb(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> (Files.isRegularFile(p) ? p.toFile().length() : 0) + 1023).sum() / 1024;
        }
    }

    static long sizeMb(Path dir) throws IOException {
        return sizeKb(dir) / 1024;
    }
}

package org.socketlab.share;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The student's page: the files of {@code org/socketlab/share/web/} in the jar (no CDN: the hall may have no internet),
 * each read once, with its gzip form. Only plain names of the known kinds are looked up: no path, no dot-dot.
 */
final class StaticFiles {
    /** A file as served: its bytes, its gzip form (null for a kind already compressed), its type. */
    record File(byte[] bytes, byte @Nullable [] gzip, String type) {
    }

    private static final Pattern NAME = Pattern
            .compile("[a-z0-9][a-z0-9_-]{0,63}\\.(html|js|css|svg|png|ico|woff2|json)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png",
            "image/png", "ico", "image/x-icon", "woff2", "font/woff2", "json", "application/json; charset=utf-8");

    private final Map<String, File> read = new ConcurrentHashMap<>();
    private final Map<String, Boolean> absent = new ConcurrentHashMap<>();

    /** The file a request's path names ({@code /} is {@code index.html}), or null when there is none such. */
    @Nullable
    File get(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!NAME.matcher(name).matches() || absent.containsKey(name)) return null;
        File f = read.get(name);
        if (f != null) return f;
        f = load(name);
        if (f == null) absent.put(name, Boolean.TRUE);
        else read.put(name, f);
        return f;
    }

    private static @Nullable File load(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("web/" + name)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            String kind = name.substring(name.lastIndexOf('.') + 1);
            boolean compressed = kind.equals("png") || kind.equals("woff2");
            return new File(bytes, compressed ? null : gzip(bytes),
                    TYPES.getOrDefault(kind, "application/octet-stream"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only
        }
        return out.toByteArray();
    }
}

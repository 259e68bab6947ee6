package org.socketlab.syscall;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * errno numbers and their symbolic names on one OS (Linux: asm-generic/errno*.h; macOS: sys/errno.h;
 * Windows: the WSAE* codes of winsock2.h, named here by their POSIX twin so lessons read the same).
 */
public final class ErrnoTable {
    private final Os os;
    private final Map<Integer, String> names;
    private final Map<String, Integer> numbers = new TreeMap<>();

    private ErrnoTable(Os os, Map<Integer, String> names) {
        this.os = os;
        this.names = Map.copyOf(names);
        names.forEach((number, name) -> numbers.putIfAbsent(name, number));
    }

    public Os os() {
        return os;
    }

    /** The symbolic name of an errno, or {@code E<number>} when this table has none. */
    public String name(int errno) {
        String name = names.get(errno);
        return name != null ? name : "E" + errno;
    }

    public Optional<Integer> number(String name) {
        return Optional.ofNullable(numbers.get(name));
    }

    public Map<Integer, String> entries() {
        return names;
    }

    public static ErrnoTable of(Os os) {
        return switch (os) {
            case LINUX -> LINUX;
            case MACOS -> MACOS;
            case WINDOWS -> WINDOWS;
            case OTHER -> throw new UnsupportedPlatformException(os);
        };
    }

    private static Map<Integer, String> common() {
        var m = new TreeMap<Integer, String>();
        m.put(1, "EPERM");
        m.put(2, "ENOENT");
        m.put(4, "EINTR");
        m.put(9, "EBADF");
        m.put(10, "ECHILD"); // waitpid with no child (left) to wait for (issue 39)
        m.put(12, "ENOMEM");
        m.put(13, "EACCES");
        m.put(14, "EFAULT");
        m.put(22, "EINVAL");
        m.put(23, "ENFILE");
        m.put(24, "EMFILE");
        m.put(32, "EPIPE");
        return m;
    }

    public static final ErrnoTable LINUX;
    public static final ErrnoTable MACOS;
    public static final ErrnoTable WINDOWS;

    static {
        var linux = common();
        linux.put(11, "EAGAIN");
        linux.put(36, "ENAMETOOLONG");
        linux.put(88, "ENOTSOCK");
        linux.put(89, "EDESTADDRREQ");
        linux.put(90, "EMSGSIZE");
        linux.put(91, "EPROTOTYPE");
        linux.put(92, "ENOPROTOOPT");
        linux.put(93, "EPROTONOSUPPORT");
        linux.put(94, "ESOCKTNOSUPPORT");
        linux.put(95, "EOPNOTSUPP");
        linux.put(96, "EPFNOSUPPORT");
        linux.put(97, "EAFNOSUPPORT");
        linux.put(98, "EADDRINUSE");
        linux.put(99, "EADDRNOTAVAIL");
        linux.put(100, "ENETDOWN");
        linux.put(101, "ENETUNREACH");
        linux.put(102, "ENETRESET");
        linux.put(103, "ECONNABORTED");
        linux.put(104, "ECONNRESET");
        linux.put(105, "ENOBUFS");
        linux.put(106, "EISCONN");
        linux.put(107, "ENOTCONN");
        linux.put(108, "ESHUTDOWN");
        linux.put(110, "ETIMEDOUT");
        linux.put(111, "ECONNREFUSED");
        linux.put(113, "EHOSTUNREACH");
        linux.put(114, "EALREADY");
        linux.put(115, "EINPROGRESS");
        LINUX = new ErrnoTable(Os.LINUX, linux);

        var mac = common();
        mac.put(35, "EAGAIN");
        mac.put(36, "EINPROGRESS");
        mac.put(37, "EALREADY");
        mac.put(38, "ENOTSOCK");
        mac.put(39, "EDESTADDRREQ");
        mac.put(40, "EMSGSIZE");
        mac.put(41, "EPROTOTYPE");
        mac.put(42, "ENOPROTOOPT");
        mac.put(43, "EPROTONOSUPPORT");
        mac.put(44, "ESOCKTNOSUPPORT");
        mac.put(45, "ENOTSUP"); // sys/errno.h: EOPNOTSUPP is 45 only for pre-UNIX03 code; sockets return 102
        mac.put(46, "EPFNOSUPPORT");
        mac.put(47, "EAFNOSUPPORT");
        mac.put(48, "EADDRINUSE");
        mac.put(49, "EADDRNOTAVAIL");
        mac.put(50, "ENETDOWN");
        mac.put(51, "ENETUNREACH");
        mac.put(52, "ENETRESET");
        mac.put(53, "ECONNABORTED");
        mac.put(54, "ECONNRESET");
        mac.put(55, "ENOBUFS");
        mac.put(56, "EISCONN");
        mac.put(57, "ENOTCONN");
        mac.put(58, "ESHUTDOWN");
        mac.put(60, "ETIMEDOUT");
        mac.put(61, "ECONNREFUSED");
        mac.put(63, "ENAMETOOLONG");
        mac.put(65, "EHOSTUNREACH");
        mac.put(102, "EOPNOTSUPP"); // "only discrete when compiling __DARWIN_UNIX03, or KERNEL": the kernel returns this
        MACOS = new ErrnoTable(Os.MACOS, mac);

        var win = new TreeMap<Integer, String>();
        win.put(10004, "EINTR");
        win.put(10009, "EBADF");
        win.put(10013, "EACCES");
        win.put(10014, "EFAULT");
        win.put(10022, "EINVAL");
        win.put(10024, "EMFILE");
        win.put(10035, "EAGAIN"); // WSAEWOULDBLOCK
        win.put(10036, "EINPROGRESS");
        win.put(10037, "EALREADY");
        win.put(10038, "ENOTSOCK");
        win.put(10039, "EDESTADDRREQ");
        win.put(10040, "EMSGSIZE");
        win.put(10041, "EPROTOTYPE");
        win.put(10042, "ENOPROTOOPT");
        win.put(10043, "EPROTONOSUPPORT");
        win.put(10044, "ESOCKTNOSUPPORT");
        win.put(10045, "EOPNOTSUPP");
        win.put(10046, "EPFNOSUPPORT");
        win.put(10047, "EAFNOSUPPORT");
        win.put(10048, "EADDRINUSE");
        win.put(10049, "EADDRNOTAVAIL");
        win.put(10050, "ENETDOWN");
        win.put(10051, "ENETUNREACH");
        win.put(10052, "ENETRESET");
        win.put(10053, "ECONNABORTED");
        win.put(10054, "ECONNRESET");
        win.put(10055, "ENOBUFS");
        win.put(10056, "EISCONN");
        win.put(10057, "ENOTCONN");
        win.put(10058, "ESHUTDOWN");
        win.put(10060, "ETIMEDOUT");
        win.put(10061, "ECONNREFUSED");
        win.put(10063, "ENAMETOOLONG");
        win.put(10065, "EHOSTUNREACH");
        WINDOWS = new ErrnoTable(Os.WINDOWS, win);
    }
}

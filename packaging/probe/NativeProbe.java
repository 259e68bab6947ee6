import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;

/**
 * Used by packaging/check-app-image.sh only (never shipped): proves that the app-image's runtime makes a real
 * socket call through FFM with the launcher's options, and that the JDK prints no native-access warning.
 */
public class NativeProbe {
    public static void main(String[] args) {
        Libc libc = Libc.system();
        var c = libc.constants();
        var fd = libc.socket(c.afInet(), c.sockStream(), 0);
        if (fd.failed()) throw new IllegalStateException("socket() failed: " + libc.errnos().name(fd.errno()));
        var bound = libc.bind((int) fd.value(), SockAddr.parse("127.0.0.1:0", Domain.AF_INET));
        var name = libc.getsockname((int) fd.value());
        libc.close((int) fd.value());
        System.out.println("java " + Runtime.version() + ": socket() = " + fd.value() + ", bind() = " + bound.value()
                + ", getsockname() = " + name.address());
    }
}

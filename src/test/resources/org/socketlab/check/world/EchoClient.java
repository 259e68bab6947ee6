import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A client in the style of the Java tutorials: a Socket, one request, the reply read until the end of the stream. */
public class EchoClient {
    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            socket.getOutputStream().write("GET\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) total += n;
            System.out.println(total + " bytes");
        }
    }
}

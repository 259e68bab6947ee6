import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/** An iterative echo server in the style of the Java tutorials: a ServerSocket, one client at a time. */
public class EchoServer {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket server = new ServerSocket(port)) {
            while (true) {
                try (Socket client = server.accept();
                        InputStream in = client.getInputStream();
                        OutputStream out = client.getOutputStream()) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
                } catch (IOException reset) {
                    // this client is gone; the next one is served
                }
            }
        }
    }
}

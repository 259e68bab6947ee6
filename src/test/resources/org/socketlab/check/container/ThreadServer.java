import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A thread-per-client TCP echo server on platform threads (Java 17, a container's default JVM). Usage: ThreadServer PORT */
public class ThreadServer {
    public static void main(String[] args) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
            while (true) {
                Socket client = listener.accept();
                Thread t = new Thread(() -> echo(client));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void echo(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0;) out.write(buffer, 0, n);
        } catch (IOException e) {
            // the client went away
        }
    }
}

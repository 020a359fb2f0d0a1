package timelab.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A misbehaving server for the failure taxonomy: accepts on loopback, port 0, and treats each connection with a
 * script. Closing it closes the listener and every connection and ends its threads.
 */
final class FakeServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    interface Script {
        void serve(Socket s) throws IOException;
    }

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    FakeServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofPlatform().name("fake-acceptor").daemon().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    sockets.add(s);
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            script.serve(s);
                        } catch (IOException e) {
                            // the client went away
                        }
                    }));
                } catch (IOException e) {
                    return;
                }
            }
        }));
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Reads one line (up to LF); {@code null} at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return b.toString().strip();
            }
            b.append((char) c);
        }
        return null;
    }

    static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

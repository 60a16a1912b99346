package io.sqlmi.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A TCP relay in front of the gateway that records what the client sends, to see what travels in clear. */
public final class RecordingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();

    public RecordingRelay(int targetPort) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pump(client.getInputStream(), target.getOutputStream(), true, client, target);
                    pump(target.getInputStream(), client.getOutputStream(), false, client, target);
                } catch (IOException e) {
                    return;
                }
            }
        }, "recording-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether the client sent this text in clear, in UTF-16LE as TDS carries SQL. */
    public boolean sawInClear(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] haystack;
        synchronized (fromClient) {
            haystack = fromClient.toByteArray();
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void pump(InputStream in, OutputStream out, boolean record, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                int count;
                while ((count = in.read(buffer)) >= 0) {
                    if (record) {
                        synchronized (fromClient) {
                            fromClient.write(buffer, 0, count);
                        }
                    }
                    out.write(buffer, 0, count);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing both
                }
            }
        }, "recording-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package io.sqlmi.engine.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback TCP relay that records what the client sends, to check what travels in clear. */
public final class RecordingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();

    public RecordingProxy(int targetPort) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pump(client.getInputStream(), server.getOutputStream(), fromClient, server);
                    pump(server.getInputStream(), client.getOutputStream(), fromServer, client);
                }
            } catch (IOException closed) {
                // proxy closed
            }
        }, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Whether the client sent this text in clear, as TDS carries text (UTF-16LE). */
    public boolean clientSentInClear(String text) {
        return contains(snapshot(fromClient), text.getBytes(StandardCharsets.UTF_16LE));
    }

    public boolean serverSentInClear(String text) {
        return contains(snapshot(fromServer), text.getBytes(StandardCharsets.UTF_16LE));
    }

    public String clientTail() {
        byte[] all = snapshot(fromClient);
        StringBuilder hex = new StringBuilder();
        for (int i = Math.max(0, all.length - 24); i < all.length; i++) {
            hex.append(String.format("%02x ", all[i]));
        }
        return all.length + " bytes: " + hex;
    }

    private static byte[] snapshot(ByteArrayOutputStream stream) {
        synchronized (stream) {
            return stream.toByteArray();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
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

    private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream record, Socket toClose) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int count;
                while ((count = in.read(buffer)) > 0) {
                    synchronized (record) {
                        record.write(buffer, 0, count);
                    }
                    out.write(buffer, 0, count);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    toClose.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "recording-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

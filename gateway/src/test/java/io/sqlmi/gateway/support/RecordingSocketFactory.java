package io.sqlmi.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * mssql-jdbc's {@code socketFactoryClass}: plain sockets that remember every port a connection opened, so a test
 * sees the final peer of a login (the engine after a redirect, the gateway when proxied).
 */
public final class RecordingSocketFactory extends SocketFactory {
    private static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    public RecordingSocketFactory() {
    }

    public static void reset() {
        PORTS.clear();
    }

    /** The ports connected to since the last reset, in order. */
    public static List<Integer> ports() {
        return List.copyOf(PORTS);
    }

    /** The property to add to a JDBC URL. */
    public static String property() {
        return "socketFactoryClass=" + RecordingSocketFactory.class.getName();
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                PORTS.add(((InetSocketAddress) endpoint).getPort());
                super.connect(endpoint, timeout);
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address, port);
    }
}

package io.chatengine.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket that sends any bytes in a frame (invalid UTF-8 in a text frame, binary,
 * oversized), which the JDK's client refuses to do. A thread reads the server's frames into a queue: text frames,
 * then one {@link Event.Closed} with the close code ({@link #NO_CLOSE_FRAME} when the connection ended without
 * one). Pings are answered.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int NO_CLOSE_FRAME = -1;
    private static final int CONTINUATION = 0;
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /** What the server did: a text frame, a binary frame (never documented), or the end. */
    public sealed interface Event {
        record Text(String text) implements Event {
        }

        record Binary(int length) implements Event {
        }

        record Closed(int code) implements Event {
        }
    }

    /** The upgrade's outcome: a socket, or the HTTP status and body of the refusal. */
    public record Opened(RawWebSocket socket, int status, String body) {
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Upgrades {@code GET path} on host:port with the token as a bearer header; waits at most the timeout. */
    public static Opened open(String host, int port, String path, String token, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        socket.setTcpNoDelay(true);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        RawHttp.Head head = RawHttp.readHead(in);
        if (head.status() != 101) {
            String body = RawHttp.readBody(in, head);
            socket.close();
            return new Opened(null, head.status(), body);
        }
        socket.setSoTimeout(0);
        RawWebSocket ws = new RawWebSocket(socket);
        Thread reader = new Thread(() -> ws.read(new DataInputStream(in)), "raw-ws-reader");
        reader.setDaemon(true);
        reader.start();
        return new Opened(ws, 101, "");
    }

    public void sendText(byte[] payload) throws IOException {
        send(TEXT, payload);
    }

    public void sendBinary(byte[] payload) throws IOException {
        send(BINARY, payload);
    }

    public void sendPing(byte[] payload) throws IOException {
        send(PING, payload);
    }

    /** The next event, or null when none came within the timeout. */
    public Event poll(long timeoutMs) throws InterruptedException {
        return events.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * One text message in fragments, cut at {@code cuts} (byte offsets, ascending: possibly inside a UTF-8
     * sequence, which is allowed), with a ping between the first two when {@code pingBetween}.
     */
    public synchronized void sendFragmented(byte[] payload, int[] cuts, boolean pingBetween) throws IOException {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : payload.length;
            send(i == 0 ? TEXT : CONTINUATION, i == cuts.length, Arrays.copyOfRange(payload, from, to));
            if (i == 0 && pingBetween) {
                send(PING, true, new byte[0]);
            }
            from = to;
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        send(opcode, true, payload);
    }

    /** One masked frame, as every client frame must be. */
    private synchronized void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private void read(DataInputStream in) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = 0;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (opcode == CLOSE) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    events.add(new Event.Closed(code));
                    try {
                        send(CLOSE, Arrays.copyOf(payload, Math.min(payload.length, 2)));
                    } catch (IOException ignored) {
                        // the server may already be gone
                    }
                    socket.close();
                    return;
                }
                if (opcode == PING) {
                    send(PONG, payload);
                    continue;
                }
                if (opcode == PONG) {
                    continue;
                }
                if (opcode != 0) {
                    messageOpcode = opcode;
                }
                message.write(payload);
                if ((first & 0x80) != 0) {
                    events.add(messageOpcode == TEXT ? new Event.Text(message.toString(StandardCharsets.UTF_8))
                            : new Event.Binary(message.size()));
                    message.reset();
                }
            }
        } catch (IOException e) {
            events.add(new Event.Closed(NO_CLOSE_FRAME));
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}

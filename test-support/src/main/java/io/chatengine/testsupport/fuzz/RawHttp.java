package io.chatengine.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 on a plain socket, one request per connection: any method, target, header bytes and body, which the
 * JDK's client would refuse or correct.
 */
public final class RawHttp {
    private static final int MAX_BODY = 1 << 20;

    private RawHttp() {
    }

    /** A response's status line and the headers this client needs. */
    public record Head(int status, long contentLength, boolean chunked) {
    }

    public record Response(int status, String body) {
    }

    /**
     * Sends the request with {@code Connection: close} and an honest {@code Content-Length}, reads the answer;
     * {@code head} holds extra header lines.
     */
    public static Response send(String host, int port, String method, String target, List<String> head, byte[] body,
                                int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n");
            head.forEach(line -> request.append(line).append("\r\n"));
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer (and close) before it has read everything, as for a body over its limit
            }
            InputStream in = socket.getInputStream();
            Head answer = readHead(in);
            boolean bodyless = answer.status() == 101 || method.equals("HEAD");
            return new Response(answer.status(), bodyless ? "" : readBody(in, answer));
        }
    }

    /** Reads a status line and headers. */
    public static Head readHead(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        return new Head(Integer.parseInt(parts[1]), length, chunked);
    }

    /** Reads the body that the head announced (up to 1 MiB of it), or up to the end of the connection. */
    public static String readBody(InputStream in, Head head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.chunked()) {
            for (long size = Long.parseLong(line(in).strip(), 16); size > 0; size = Long.parseLong(line(in).strip(), 16)) {
                copy(in, body, size);
                line(in);
            }
        } else if (head.contentLength() >= 0) {
            copy(in, body, head.contentLength());
        } else {
            copy(in, body, MAX_BODY);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                return;
            }
            if (body.size() < MAX_BODY) {
                body.write(buffer, 0, read);
            }
            left -= read;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    throw new IOException("the connection ended before an answer");
                }
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}

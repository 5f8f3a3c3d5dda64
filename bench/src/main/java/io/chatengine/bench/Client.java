package io.chatengine.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.IoUtils;

/**
 * One user's connection of the chat load. Inbound frames are read on the I/O thread that received them with a
 * streaming parser, only the fields the load checks; a send is a frame made of bytes prepared once per recipient.
 */
final class Client extends AbstractReceiveListener {
    private static final JsonFactory JSON = Target.JSON.getFactory();
    private static final byte[] SEND_END = "\"}".getBytes(StandardCharsets.US_ASCII);

    interface Frames {
        void frame(Client client, Frame frame);

        void closed(Client client);
    }

    /**
     * The fields of a server frame that the load looks at; absent ones are null, "" for type, -1 for seq.
     * {@code message} is an error's explanation.
     */
    record Frame(String type, long seq, String from, String ref, String code, String id, String room, String text,
                 String message) {
    }

    final String user;
    /** The start of a send frame addressed to this user, up to the opening quote of its ref. */
    final byte[] sendPrefix;
    private final WebSocketChannel channel;
    private final Frames frames;
    /** When the upgrade completed: the welcome's latency is counted from here. */
    final long openedAt = System.nanoTime();
    /** Only touched on the sockets' I/O thread. */
    long lastSeq = -1;

    Client(String user, WebSocketChannel channel, Frames frames) {
        this.user = user;
        this.sendPrefix = sendPrefix(user);
        this.channel = channel;
        this.frames = frames;
        channel.getReceiveSetter().set(this);
        channel.getCloseSetter().set(closed -> frames.closed(this));
        channel.resumeReceives();
    }

    /** The start of a send frame addressed to {@code user}, up to the opening quote of its ref. */
    static byte[] sendPrefix(String user) {
        return ("{\"type\":\"send\",\"to\":\"" + user + "\",\"text\":\"bench message\",\"ref\":\"")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends a message to {@code to} with the given ref (ASCII, no quotes to escape). */
    void send(Client to, String ref) {
        send(to.sendPrefix, ref);
    }

    /** Sends a message whose frame starts with {@code prefix} (see {@link #sendPrefix}) with the given ref. */
    void send(byte[] prefix, String ref) {
        ByteBuffer frame = ByteBuffer.allocate(prefix.length + ref.length() + SEND_END.length);
        frame.put(prefix).put(ref.getBytes(StandardCharsets.US_ASCII)).put(SEND_END).flip();
        WebSockets.sendText(frame, channel, null);
    }

    /** Sends a frame made by the caller (room sends, subscribes). */
    void send(String frame) {
        WebSockets.sendText(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), channel, null);
    }

    /** Drops the socket at once, as a client that gave up waiting does. */
    void abort() {
        IoUtils.safeClose(channel);
    }

    void close() {
        WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "bench done", channel, null);
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel ignored, BufferedTextMessage message) throws IOException {
        frames.frame(this, parse(message.getData()));
    }

    private static Frame parse(String text) throws IOException {
        String type = "";
        String from = null;
        String ref = null;
        String code = null;
        String id = null;
        String room = null;
        String body = null;
        String message = null;
        long seq = -1;
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object from the gateway: " + text);
            }
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                json.nextToken();
                switch (field) {
                    case "type" -> type = json.getText();
                    case "seq" -> seq = json.getLongValue();
                    case "from" -> from = json.getText();
                    case "ref" -> ref = json.getText();
                    case "code" -> code = json.getText();
                    case "id" -> id = json.getText();
                    case "room" -> room = json.getText();
                    case "text" -> body = json.getText();
                    case "message" -> message = json.getText();
                    default -> json.skipChildren();
                }
            }
        }
        return new Frame(type, seq, from, ref, code, id, room, body, message);
    }
}

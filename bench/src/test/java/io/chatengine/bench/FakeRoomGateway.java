package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xnio.IoUtils;

/**
 * A gateway that speaks the room frames of SPEC section 6 just enough for the load to run against it: a welcome,
 * for every room asked the frames after the seq asked from (none for null), then {@code subscribed}, and each room
 * send broadcast to every subscribed socket with the room's next seq, the sender answered {@code sent} (a ref sent
 * again is answered again, with its seq, and not broadcast). Or one that does not know rooms, as a gateway before
 * version 3, or one that doubles or skips frames. {@link #dropAllAfter} drops every socket once, as a killed
 * gateway does.
 */
final class FakeRoomGateway implements AutoCloseable {
    enum Mode { ROOMS, NO_ROOMS, SILENT, DOUBLES_EVERY_TENTH, SKIPS_EVERY_TENTH }

    private final Undertow server;
    private final Mode mode;
    private final Map<String, List<WebSocketChannel>> subscribers = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    /** Each room's frames, by seq - 1. */
    private final Map<String, List<String>> logs = new HashMap<>();
    /** The seq of each (room, ref) sent. */
    private final Map<String, Long> refs = new HashMap<>();
    private final List<WebSocketChannel> open = new ArrayList<>();
    private int sends;
    private int dropAfter = -1;
    private boolean dropOne;
    private int drops;

    FakeRoomGateway(Mode mode) {
        this.mode = mode;
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/ws", Handlers.websocket((exchange, channel) -> {
                    opened(channel);
                    send(channel, "{\"type\":\"welcome\",\"user\":\"u\",\"connection\":\"c\",\"gateway\":\"gw-1\","
                            + "\"seq\":0,\"rooms\":[]}");
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel ws, BufferedTextMessage message)
                                throws IOException {
                            handle(ws, Target.JSON.readTree(message.getData()));
                        }
                    });
                    channel.resumeReceives();
                }))).build();
        server.start();
    }

    String url() {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return "ws://127.0.0.1:" + port + "/ws";
    }

    private synchronized void opened(WebSocketChannel channel) {
        open.add(channel);
    }

    /** After {@code sends} more room sends, every socket is dropped without a close frame, once. */
    synchronized void dropAllAfter(int sends) {
        dropAfter = this.sends + sends;
        dropOne = false;
    }

    /**
     * After {@code sends} more room sends, the sending socket is dropped without a close frame, once; the others go
     * on, so its user's rooms move on while it is away.
     */
    synchronized void dropSenderAfter(int sends) {
        dropAfter = this.sends + sends;
        dropOne = true;
    }

    synchronized int drops() {
        return drops;
    }

    private void dropAll() {
        for (WebSocketChannel channel : open) {
            IoUtils.safeClose(channel);
        }
        open.clear();
        subscribers.clear();
        drops++;
    }

    private void drop(WebSocketChannel channel) {
        IoUtils.safeClose(channel);
        open.remove(channel);
        subscribers.values().forEach(sockets -> sockets.remove(channel));
        drops++;
    }

    private synchronized void handle(WebSocketChannel channel, JsonNode frame) {
        if (!open.contains(channel)) {
            return; // dropped
        }
        String type = frame.path("type").asText();
        if (mode == Mode.SILENT) {
            return;
        }
        if (mode == Mode.NO_ROOMS && !type.equals("send")) {
            send(channel, "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"unknown frame type " + type
                    + "\"}");
            return;
        }
        if (type.equals("subscribe")) {
            frame.path("rooms").fields().forEachRemaining(asked -> {
                String room = asked.getKey();
                List<String> log = logs.getOrDefault(room, List.of());
                if (!asked.getValue().isNull()) {
                    for (int i = (int) asked.getValue().asLong(); i < log.size(); i++) {
                        send(channel, log.get(i));
                    }
                }
                subscribers.computeIfAbsent(room, r -> new ArrayList<>()).add(channel);
                send(channel, "{\"type\":\"subscribed\",\"room\":\"" + room + "\",\"seq\":"
                        + seqs.getOrDefault(room, 0L) + "}");
            });
        } else if (type.equals("send")) {
            String room = frame.path("room").asText();
            if (sends++ == dropAfter) {
                if (dropOne) {
                    drop(channel);
                } else {
                    dropAll();
                }
                return;
            }
            Long known = refs.get(room + "/" + frame.path("ref").asText());
            if (known != null) {
                sent(channel, frame, room, known);
                return;
            }
            long seq = seqs.merge(room, 1L, Long::sum);
            refs.put(room + "/" + frame.path("ref").asText(), seq);
            ObjectNode message = Target.JSON.createObjectNode().put("type", "message").put("room", room)
                    .put("id", "m" + seq).put("seq", seq).put("from", "u").put("text", frame.path("text").asText())
                    .put("at", "2026-11-27T00:00:00.000Z");
            logs.computeIfAbsent(room, r -> new ArrayList<>()).add(message.toString());
            List<WebSocketChannel> to = subscribers.getOrDefault(room, List.of());
            for (int i = 0; i < to.size(); i++) {
                if (mode != Mode.SKIPS_EVERY_TENTH || seq % 10 != 0 || i != 0) {
                    send(to.get(i), message.toString());
                }
            }
            if (mode == Mode.DOUBLES_EVERY_TENTH && seq % 10 == 0 && !to.isEmpty()) {
                send(to.get(0), message.toString());
            }
            sent(channel, frame, room, seq);
        }
    }

    private static void sent(WebSocketChannel channel, JsonNode frame, String room, long seq) {
        send(channel, "{\"type\":\"sent\",\"ref\":\"" + frame.path("ref").asText() + "\",\"id\":\"m" + seq
                + "\",\"at\":\"2026-11-27T00:00:00.000Z\",\"room\":\"" + room + "\",\"seq\":" + seq + "}");
    }

    private static void send(WebSocketChannel channel, String frame) {
        WebSockets.sendText(frame, channel, null);
    }

    @Override
    public void close() {
        server.stop();
    }
}

package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * One benchmark connection: a user's WebSocket, sends serialized (the JDK allows one outstanding send), every
 * inbound frame handed to the load as parsed JSON, and the connection's inbox seq checked for gaps and repeats.
 */
final class Client implements WebSocket.Listener {
    interface Frames {
        void frame(Client client, JsonNode frame);

        void closed(Client client, int code);
    }

    final String user;
    private final Frames frames;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    long lastSeq = -1;

    private Client(String user, Frames frames) {
        this.user = user;
        this.frames = frames;
    }

    /** Connects; completes with the client once the socket is open (the welcome frame comes to {@code frames}). */
    static CompletableFuture<Client> connect(HttpClient http, String url, String token, String user, Frames frames) {
        Client client = new Client(user, frames);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(url + "?access_token=" + token), client)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    /**
     * Opens connections {@code first..first+count-1}, the i-th for {@code users[i % users.length]} on gateway
     * {@code i % gateways}, at most 200 opening at once. Open ones are added to {@code open}; each failed one
     * runs {@code onFailure}. Returns once every attempt has been started.
     */
    static void openAll(HttpClient http, Target target, int first, int count, String[] users, String[] tokens,
                        Frames frames, List<Client> open, Runnable onFailure) throws InterruptedException {
        Semaphore connecting = new Semaphore(200);
        for (int i = first; i < first + count; i++) {
            connecting.acquire();
            String gateway = target.gateways().get(i % target.gateways().size());
            int u = i % users.length;
            connect(http, gateway, tokens[u], users[u], frames).whenComplete((client, error) -> {
                connecting.release();
                if (error != null) {
                    onFailure.run();
                } else {
                    synchronized (open) {
                        open.add(client);
                    }
                }
            });
        }
    }

    synchronized void send(String text) {
        sending = sending.thenCompose(ignored -> socket.sendText(text, true)).exceptionally(error -> null);
    }

    void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(error -> null);
        }
    }

    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                frames.frame(this, Target.JSON.readTree(text));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not JSON from the gateway: " + text, e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        frames.closed(this, statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        frames.closed(this, -1);
    }
}

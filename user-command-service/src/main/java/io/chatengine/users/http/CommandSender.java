package io.chatengine.users.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.http.HttpJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one command to its topic and answers the HTTP request once the decision comes back on this instance's
 * reply topic, or with {@code 503 unavailable} and {@code Retry-After} when it does not come in time. The send runs
 * on a worker thread (the producer may wait up to its max.block.ms for metadata or buffer space, and an I/O thread
 * never waits); the answer is written from the I/O thread of the exchange.
 *
 * @param <C> the command type
 * @param <R> the reply type
 */
public final class CommandSender<C, R> {
    public static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);
    private final Producer<String, C> producer;
    private final String topic;
    private final PendingReplies<R> replies;
    private final Duration timeout;

    public CommandSender(Producer<String, C> producer, String topic, PendingReplies<R> replies, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.replies = replies;
        this.timeout = timeout;
    }

    /** What a command needs from its request, given the request id chosen for it. */
    @FunctionalInterface
    public interface Command<C> {
        C forRequest(String requestId, String idempotencyKey);
    }

    /**
     * Sends the command keyed by {@code key} and answers with {@code answer} once its reply comes. A malformed
     * {@code Idempotency-Key} header is answered 400 here and nothing is sent.
     */
    public void submit(HttpServerExchange exchange, String key, Command<C> command,
                       BiConsumer<HttpServerExchange, R> answer) {
        String idempotencyKey = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
            return;
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<R> reply = replies.expect(requestId, timeout);
        if (reply == null) {
            HttpJson.unavailable(exchange, "too many requests are waiting; retry shortly");
            return;
        }
        ProducerRecord<String, C> record = new ProducerRecord<>(topic, key, command.forRequest(requestId, idempotencyKey));
        exchange.dispatch(exchange.getConnection().getWorker(), () -> {
            try {
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
            // registered once dispatched: the exchange is no longer in its handler and may be answered from any thread
            reply.whenComplete((answered, error) -> exchange.getIoThread().execute(() -> {
                if (error != null) {
                    failed(exchange, error);
                } else {
                    answer.accept(exchange, answered);
                }
            }));
        });
    }

    private void failed(HttpServerExchange exchange, Throwable error) {
        boolean late = error instanceof TimeoutException || error.getCause() instanceof TimeoutException;
        LOG.warn("{} command not answered: {}", topic, late ? "no decision in time" : error.toString());
        HttpJson.unavailable(exchange, late ? "the decision did not come in time; retry" : "Kafka is not reachable");
    }
}

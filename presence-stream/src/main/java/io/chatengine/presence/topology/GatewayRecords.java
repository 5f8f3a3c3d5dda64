package io.chatengine.presence.topology;

import io.chatengine.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Records for the dynamic sinks, which write each record to the topic its header names: a delivery to the topic
 * of its gateway ({@link UserProcessor#GATEWAY_HEADER}, read by the gateway sinks' extractor in
 * {@link PresenceTopology}), an answer to the room replies topic of the instance that asked
 * ({@link #REPLY_TO_HEADER}).
 */
final class GatewayRecords {
    /** Record header naming the user-command-service instance a room reply goes to. */
    static final String REPLY_TO_HEADER = "reply-to";

    private GatewayRecords() {
    }

    /** The value keyed by {@code key}, for the topic of {@code gateway}. */
    static <V> Record<String, V> toGateway(String key, String gateway, V delivery, long timestamp) {
        return headed(key, delivery, timestamp, UserProcessor.GATEWAY_HEADER, gateway);
    }

    /** The value keyed by {@code key}, for the room replies topic of {@code instance}. */
    static <V> Record<String, V> toReplies(String key, String instance, V reply, long timestamp) {
        return headed(key, reply, timestamp, REPLY_TO_HEADER, instance);
    }

    /** The room replies topic of the instance named in the record's header. */
    static <V> TopicNameExtractor<String, V> roomRepliesTopic() {
        return (key, value, context) -> Topics.roomReplies(header(context.headers(), REPLY_TO_HEADER)).name();
    }

    private static <V> Record<String, V> headed(String key, V value, long timestamp, String header, String target) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header, target.getBytes(StandardCharsets.UTF_8));
        return new Record<>(key, value, timestamp, headers);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.chatengine.query.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds which instance holds a username's (or a room's) state and either reads the local store or fetches the answer from
 * the instance that holds it. A forwarded request is never forwarded again: if ownership moved meanwhile,
 * the answer is 503 and the client retries.
 */
public final class KeyRouter {
    static final HttpString FORWARDED = new HttpString("X-Chat-Forwarded");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;

    /** {@code self}: where this instance answers, known before {@code streams} gives an application. */
    public KeyRouter(Supplier<KafkaStreams> streams, Supplier<HostInfo> self) {
        this.streams = streams;
        this.self = self;
    }

    /** Where a key lives: here, another instance, or nowhere yet (rebuilding). */
    sealed interface Owner {
        record Here() implements Owner {
        }

        record There(HostInfo host) implements Owner {
        }

        record Unknown() implements Owner {
        }
    }

    Owner owner(String store, String key) {
        KafkaStreams current = streams.get();
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            return new Owner.Unknown();
        }
        KeyQueryMetadata metadata = current.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Owner.Unknown();
        }
        return metadata.activeHost().equals(self.get()) ? new Owner.Here() : new Owner.There(metadata.activeHost());
    }

    /** Where keys live: those held here, and the others grouped by the instance that holds them. */
    record Placement(List<String> here, Map<HostInfo, List<String>> there) {
    }

    /** Where each key of {@code store} lives; null when one of them is nowhere yet (rebuilding). */
    Placement place(String store, Collection<String> keys) {
        List<String> here = new ArrayList<>();
        Map<HostInfo, List<String>> there = new LinkedHashMap<>();
        for (String key : keys) {
            Owner owner = owner(store, key);
            if (owner instanceof Owner.Here) {
                here.add(key);
            } else if (owner instanceof Owner.There elsewhere) {
                there.computeIfAbsent(elsewhere.host(), host -> new ArrayList<>()).add(key);
            } else {
                return null;
            }
        }
        return new Placement(here, there);
    }

    <V> ReadOnlyKeyValueStore<String, V> local(String store) {
        return streams.get().store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<String, V>keyValueStore()));
    }

    static boolean forwarded(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().contains(FORWARDED);
    }

    /** GET the same path on another instance, with the caller's token; blocks (worker threads only). */
    static HttpResponse<String> fetch(HostInfo host, String pathAndQuery, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                + pathAndQuery)).timeout(Duration.ofSeconds(5)).header(FORWARDED.toString(), "1");
        if (authorization != null) {
            request.header(Headers.AUTHORIZATION_STRING, authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

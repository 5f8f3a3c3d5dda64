package io.chatengine.gateway.ws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Recent refs of each user connected here, with the answer to their first send. A resend of a ref, even while
 * the first is still on its way to Kafka, waits for and gets that same answer instead of being written again.
 */
final class SentCache {
    private static final int PER_USER = 256;
    private final Map<String, Map<String, CompletableFuture<String>>> byUser = new ConcurrentHashMap<>();

    /** The answer for (user, ref): the cached one, or the one {@code firstSend} starts. */
    CompletableFuture<String> answer(String user, String ref, Supplier<CompletableFuture<String>> firstSend) {
        Map<String, CompletableFuture<String>> refs = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<String>> eldest) {
                return size() > PER_USER;
            }
        });
        CompletableFuture<String> answer;
        boolean first = false;
        synchronized (refs) {
            answer = refs.get(ref);
            if (answer == null) {
                answer = new CompletableFuture<>();
                refs.put(ref, answer);
                first = true;
            }
        }
        if (first) {
            CompletableFuture<String> pending = answer;
            firstSend.get().whenComplete((frame, error) -> {
                if (error != null) {
                    synchronized (refs) {
                        refs.remove(ref, pending);
                    }
                    pending.completeExceptionally(error);
                } else {
                    pending.complete(frame);
                }
            });
        }
        return answer;
    }

    void forget(String user) {
        byUser.remove(user);
    }
}

package io.chatengine.presence.topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * For the inboxes touched lately: the latest seq and the seq of each message id, so that sequencing and dedupe
 * read nothing from the store. Rebuilt from an inbox's rows on first use after a start, a restore or an
 * eviction; bounded by the number of inboxes it holds, least recently used first out.
 */
final class InboxIndex {
    /** One inbox: its latest seq (0 when empty) and the seq of every id it holds. */
    static final class Summary {
        long latest;
        final Map<String, Long> seqById = new HashMap<>();

        void add(String id, long seq) {
            seqById.put(id, seq);
            latest = Math.max(latest, seq);
        }
    }

    private final Map<String, Summary> inboxes;

    InboxIndex(int maxInboxes) {
        this.inboxes = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Summary> eldest) {
                return size() > maxInboxes;
            }
        };
    }

    Summary of(String owner, Function<String, Summary> load) {
        return inboxes.computeIfAbsent(owner, load);
    }

    void forget(String owner) {
        inboxes.remove(owner);
    }

    void clear() {
        inboxes.clear();
    }
}

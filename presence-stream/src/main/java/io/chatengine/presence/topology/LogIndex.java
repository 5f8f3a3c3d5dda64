package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds a sequenced log's latest seq and the seq of an id without a Kafka record of its own: a local store of
 * {@code owner NUL i id} -> seq, not logged, beside the log (an inbox, or a room's log), whose rows are keyed
 * {@code InboxKeys.entry(owner, seq)}. It is a cache of the log store, which is the truth. Its writes reach disk
 * in order (RocksDB without a write-ahead log keeps a prefix of them), so after a loss of local state or a crash
 * it is caught up from the log's newest rows back to the first one it knows; a seq it gives is checked against
 * the row's own id (one that is missing or names another row is stale). The latest seq of the logs used lately
 * is kept in memory. Rows without an id are sequenced but not indexed.
 */
class LogIndex<E> {
    /** How the rows of a log name their owner, seq and id. */
    interface Rows<E> {
        String owner(E row);

        long seq(E row);

        /** The row's id, or null for a row that has none. */
        String id(E row);

        /** Rows read through the record's own getters. */
        static <E> Rows<E> of(Function<E, String> owner, ToLongFunction<E> seq, Function<E, String> id) {
            return new Rows<>() {
                @Override
                public String owner(E row) {
                    return owner.apply(row);
                }

                @Override
                public long seq(E row) {
                    return seq.applyAsLong(row);
                }

                @Override
                public String id(E row) {
                    return id.apply(row);
                }
            };
        }
    }

    /**
     * The owner's rows of {@code log} with a seq in (after, upTo], oldest first, while {@code action} asks for
     * more.
     */
    static <E> void forEachBetween(KeyValueStore<String, E> log, String owner, long after, long upTo,
                                   Predicate<E> action) {
        if (after >= upTo) {
            return;
        }
        try (KeyValueIterator<String, E> rows =
                     log.range(InboxKeys.entry(owner, Math.max(0, after) + 1), InboxKeys.entry(owner, upTo))) {
            while (rows.hasNext()) {
                if (!action.test(rows.next().value)) {
                    return;
                }
            }
        }
    }

    private final KeyValueStore<String, E> log;
    private final KeyValueStore<String, Long> ids;
    private final Rows<E> rows;
    private final Map<String, Long> latest;

    LogIndex(KeyValueStore<String, E> log, KeyValueStore<String, Long> ids, int cachedLogs, Rows<E> rows) {
        this.log = log;
        this.ids = ids;
        this.rows = rows;
        this.latest = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > cachedLogs;
            }
        };
    }

    /** The owner's latest seq (0 for a log that never had a row), with the id index caught up to it. */
    long latest(String owner) {
        Long cached = latest.get(owner);
        if (cached != null) {
            return cached;
        }
        long seq = catchUp(owner);
        latest.put(owner, seq);
        return seq;
    }

    /** The seq this index gives the id, or -1; the caller checks it against the row. */
    long seqOf(String owner, String id) {
        Long seq = ids.get(idKey(owner, id));
        return seq == null ? -1 : seq;
    }

    void added(E row) {
        String id = rows.id(row);
        if (id != null) {
            ids.put(idKey(rows.owner(row), id), rows.seq(row));
        }
        latest.put(rows.owner(row), rows.seq(row));
    }

    void expired(E row) {
        String id = rows.id(row);
        if (id != null) {
            ids.delete(idKey(rows.owner(row), id));
        }
    }

    /** The latest seq of an owner that has no entry row: 0, unless the log kept it elsewhere. */
    long latestWithoutEntries(String owner) {
        return 0;
    }

    /** Indexes the owner's rows from the newest back to the first one indexed already; the latest seq. */
    private long catchUp(String owner) {
        long newest = 0;
        try (KeyValueIterator<String, E> all = log.reverseRange(InboxKeys.entry(owner, 0),
                InboxKeys.afterEntries(owner))) {
            while (all.hasNext()) {
                E row = all.next().value;
                newest = Math.max(newest, rows.seq(row));
                String id = rows.id(row);
                if (id == null) {
                    continue;
                }
                String key = idKey(owner, id);
                if (Long.valueOf(rows.seq(row)).equals(ids.get(key))) {
                    break;
                }
                ids.put(key, rows.seq(row));
            }
        }
        return newest > 0 ? newest : latestWithoutEntries(owner);
    }

    private static String idKey(String owner, String id) {
        return InboxKeys.prefix(owner) + 'i' + id;
    }
}

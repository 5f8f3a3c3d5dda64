package io.chatengine.presence.topology;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * For the inboxes touched lately: the latest seq and the seq of each message id, so that sequencing and dedupe
 * read nothing from the store. Rebuilt from an inbox's rows on first use after a start, a restore or an
 * eviction. An id is kept as a 64-bit hash beside its seq, 16 bytes in a primitive table, so that a seq found
 * here is checked against the entry's own id in the store (a hash collision is then a new message, not a
 * duplicate). Bounded by the number of ids it holds, least recently used inboxes first out.
 */
final class InboxIndex {
    /** One inbox: its latest seq (0 when empty) and the seq of every id it holds. */
    static final class Summary {
        long latest;
        private long[] hashes = new long[8];
        private long[] seqs = new long[8];
        private int size;

        void add(String id, long seq) {
            latest = Math.max(latest, seq);
            if (2 * (size + 1) > hashes.length) {
                grow();
            }
            if (put(hashes, seqs, hash(id), seq)) {
                size++;
            }
        }

        /** The seq of an entry whose id may be this one (same hash), or -1. */
        long seqOf(String id) {
            long hash = hash(id);
            int mask = hashes.length - 1;
            for (int i = slot(hash, mask); hashes[i] != 0; i = (i + 1) & mask) {
                if (hashes[i] == hash) {
                    return seqs[i];
                }
            }
            return -1;
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] oldHashes = hashes;
            long[] oldSeqs = seqs;
            hashes = new long[oldHashes.length * 2];
            seqs = new long[oldSeqs.length * 2];
            for (int i = 0; i < oldHashes.length; i++) {
                if (oldHashes[i] != 0) {
                    put(hashes, seqs, oldHashes[i], oldSeqs[i]);
                }
            }
        }

        /** Open addressing, 0 marks an empty slot; true when the hash is new. */
        private static boolean put(long[] hashes, long[] seqs, long hash, long seq) {
            int mask = hashes.length - 1;
            int i = slot(hash, mask);
            while (hashes[i] != 0 && hashes[i] != hash) {
                i = (i + 1) & mask;
            }
            boolean added = hashes[i] == 0;
            hashes[i] = hash;
            seqs[i] = seq;
            return added;
        }

        private static int slot(long hash, int mask) {
            return (int) (hash ^ (hash >>> 32)) & mask;
        }

        /** 64-bit FNV-1a of the id, never 0. */
        static long hash(String id) {
            long hash = 0xcbf29ce484222325L;
            for (int i = 0; i < id.length(); i++) {
                hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
            }
            return hash == 0 ? 1 : hash;
        }
    }

    private final Map<String, Summary> inboxes = new LinkedHashMap<>(1024, 0.75f, true);
    private final long maxIds;
    private long ids;

    InboxIndex(long maxIds) {
        this.maxIds = maxIds;
    }

    Summary of(String owner, Function<String, Summary> load) {
        Summary summary = inboxes.get(owner);
        if (summary == null) {
            summary = load.apply(owner);
            inboxes.put(owner, summary);
            ids += summary.size();
            evictBeyondBudget(summary);
        }
        return summary;
    }

    /** Counts an id added to a summary this index holds. */
    void added(Summary summary, int before) {
        ids += summary.size() - before;
        evictBeyondBudget(summary);
    }

    void forget(String owner) {
        Summary gone = inboxes.remove(owner);
        if (gone != null) {
            ids -= gone.size();
        }
    }

    void clear() {
        inboxes.clear();
        ids = 0;
    }

    private void evictBeyondBudget(Summary keep) {
        Iterator<Summary> eldest = inboxes.values().iterator();
        while (ids > maxIds && eldest.hasNext()) {
            Summary summary = eldest.next();
            if (summary != keep) {
                ids -= summary.size();
                eldest.remove();
            }
        }
    }
}

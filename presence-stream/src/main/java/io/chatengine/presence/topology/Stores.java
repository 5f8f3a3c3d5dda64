package io.chatengine.presence.topology;

import io.chatengine.common.SortableKeys;

/**
 * Names of the stores of presence-stream. They name changelog topics too, so they never change.
 * Composite keys join the owner and the rest with NUL, which no username contains, so a prefix scan of
 * {@code owner + NUL} finds exactly that owner's rows.
 *
 * <p>Everything about a user's inbox is in one store, {@link #INBOX}, so that its writes go to one changelog
 * partition in the order they were made: whatever a crash leaves of them is a prefix, never a later write
 * without an earlier one. Its rows are {@code owner NUL seq} (19 digits) the entry, {@code owner NUL i id} the
 * entry of a message id (without its text), and {@code owner NUL l} the latest entry (without its text).
 */
public final class Stores {
    public static final String INBOX = "inbox";
    public static final String CONNECTIONS = "live-connections";
    public static final String GATEWAYS = "gateways";
    static final char SEP = '\u0000';

    private Stores() {
    }

    static String prefix(String owner) {
        return owner + SEP;
    }

    static String entryKey(String owner, long seq) {
        return prefix(owner) + SortableKeys.seq(seq);
    }

    /** The first key after every entry key of the owner (digits sort before the letters of the other rows). */
    static String afterEntries(String owner) {
        return prefix(owner) + ':';
    }

    static String idKey(String owner, String id) {
        return prefix(owner) + 'i' + id;
    }

    static String latestKey(String owner) {
        return prefix(owner) + 'l';
    }

    static String connectionKey(String owner, String connection) {
        return prefix(owner) + connection;
    }

    static String ownerOf(String compositeKey) {
        return compositeKey.substring(0, compositeKey.indexOf(SEP));
    }
}

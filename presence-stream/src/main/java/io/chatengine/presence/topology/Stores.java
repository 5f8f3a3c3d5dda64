package io.chatengine.presence.topology;

/**
 * Names of the stores of presence-stream. They name changelog topics too, so they never change.
 * Composite keys join the owner and the rest with NUL, which no username contains, so a prefix scan of
 * {@code owner + NUL} finds exactly that owner's rows.
 */
public final class Stores {
    public static final String LAST_SEQ = "inbox-last-seq";
    public static final String INBOX = "inbox";
    public static final String INBOX_IDS = "inbox-ids";
    public static final String CONNECTIONS = "live-connections";
    public static final String GATEWAYS = "gateways";
    static final char SEP = '\u0000';

    private Stores() {
    }

    static String prefix(String owner) {
        return owner + SEP;
    }

    static String entryKey(String owner, long seq) {
        return prefix(owner) + String.format("%019d", seq);
    }

    static String idKey(String owner, String id) {
        return prefix(owner) + id;
    }

    static String connectionKey(String owner, String connection) {
        return prefix(owner) + connection;
    }

    static String ownerOf(String compositeKey) {
        return compositeKey.substring(0, compositeKey.indexOf(SEP));
    }
}

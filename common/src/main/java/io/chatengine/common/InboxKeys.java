package io.chatengine.common;

/**
 * Keys of the inbox store and of its changelog, the inbox topic: {@code owner NUL seq}, the seq as 19 digits.
 * NUL is in no username, so one owner's entries are one contiguous key range in seq order.
 */
public final class InboxKeys {
    public static final char SEP = '\u0000';

    private InboxKeys() {
    }

    public static String prefix(String owner) {
        return owner + SEP;
    }

    public static String entry(String owner, long seq) {
        return prefix(owner) + SortableKeys.seq(seq);
    }

    /** A row of one owner about another name (a read position: reader and peer, or room and member). */
    public static String pair(String owner, String other) {
        return prefix(owner) + other;
    }

    /** The first key after every entry of the owner (':' sorts right after the digits). */
    public static String afterEntries(String owner) {
        return prefix(owner) + ':';
    }

    /** The first key of the owner after {@code owner}'s: where the next owner's rows start. */
    public static String afterOwner(String owner) {
        return owner + (char) (SEP + 1);
    }

    public static String ownerOf(String key) {
        return key.substring(0, key.indexOf(SEP));
    }

    /**
     * Whether the key is an entry row. Upgrade shim, goes after 0.1.0 (with {@code InboxIndex}'s): the store's
     * earlier layout (development builds of 2026-11-25, never a release) also held an owner's latest and id index
     * rows beside its entries, and the compacted inbox changelog keeps them, so a reader of the whole range skips
     * them. Once it goes, a row under an owner is an entry.
     */
    public static boolean isEntry(String key) {
        int sep = key.indexOf(SEP);
        return sep >= 0 && key.length() == sep + 20 && Character.isDigit(key.charAt(sep + 1));
    }
}

package io.chatengine.common;

/** Parts of store keys whose string order is their numeric order. */
public final class SortableKeys {
    private static final String ZEROS = "0".repeat(19);

    private SortableKeys() {
    }

    /** A non-negative number as 19 digits, zero-padded, so that keys sort by it. */
    public static String seq(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("a sequence number is never negative: " + seq);
        }
        String digits = Long.toString(seq);
        return ZEROS.substring(digits.length()) + digits;
    }
}

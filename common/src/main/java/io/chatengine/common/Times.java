package io.chatengine.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as users see them: ISO-8601 UTC with milliseconds, {@code 2026-11-23T10:00:00.123Z}. */
public final class Times {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String iso(Instant instant) {
        return ISO.format(instant);
    }

    /** Parses an ISO-8601 instant; throws IllegalArgumentException with the offending text. */
    public static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an ISO-8601 UTC time: '" + text + "'");
        }
    }
}

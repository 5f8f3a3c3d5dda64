package io.chatengine.common.protocol;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Message ids. A message sent with a {@code ref} gets an id derived from (sender, ref), so a resend of the same
 * ref, on any gateway, carries the same id and the inbox keeps it once.
 */
public final class MessageIds {
    private MessageIds() {
    }

    public static String of(String from, String ref) {
        if (ref == null) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes((from + "\n" + ref).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

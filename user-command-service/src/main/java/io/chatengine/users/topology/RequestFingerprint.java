package io.chatengine.users.topology;

import io.chatengine.schemas.avro.RoomCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a room command asks, as a short digest: a retry with the same Idempotency-Key is the same request only when
 * it asks exactly the same (request ids and times aside).
 */
final class RequestFingerprint {
    private static final char SEP = '\u0000';

    private RequestFingerprint() {
    }

    static String of(RoomCommand command) {
        StringBuilder what = new StringBuilder()
                .append(command.getAction()).append(SEP)
                .append(command.getAdmin()).append(SEP)
                .append(orEmpty(command.getOwner())).append(SEP)
                .append(orEmpty(command.getTitle())).append(SEP)
                .append(orEmpty(command.getHistory()));
        for (String user : command.getUsers()) {
            what.append(SEP).append(user);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

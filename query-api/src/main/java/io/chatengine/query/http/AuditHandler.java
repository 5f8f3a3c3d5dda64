package io.chatengine.query.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Times;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.query.audit.AuditLog;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The audit endpoint: the log itself, read again for one user or one room, streamed as NDJSON. */
public final class AuditHandler {
    private final AuditLog audit;

    public AuditHandler(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * {@code GET /audit/events?user=&from=&to=} or {@code ?room=} (admin): NDJSON read from the log itself, every
     * event about the user, or about the room.
     */
    public void audit(HttpServerExchange exchange, Principal admin) throws IOException {
        String user = Answers.query(exchange, "user");
        String room = Answers.query(exchange, "room");
        if ((user == null) == (room == null)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "name either a user or a room");
            return;
        }
        if (user != null && !Answers.validUsername(exchange, user)) {
            return;
        }
        if (room != null && !RoomIds.isValid(room)) {
            HttpJson.error(exchange, ErrorCode.INVALID_ROOM, "not a valid room id");
            return;
        }
        Instant from;
        Instant to;
        try {
            from = Answers.query(exchange, "from") == null ? null : Times.parse(Answers.query(exchange, "from"));
            to = Answers.query(exchange, "to") == null ? null : Times.parse(Answers.query(exchange, "to"));
        } catch (IllegalArgumentException e) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        List<AuditLog.Event> events = user != null ? audit.events(user, AuditLog.AUDITED, from, to)
                : audit.events(room, AuditLog.ROOM_AUDITED, from, to);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson");
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            for (AuditLog.Event event : events) {
                out.write((event.toNdjsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}

package io.chatengine.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.common.ErrorCode;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00.120Z");

    @Test
    void aMessageFrameCarriesEveryFieldInProtocolOrder() {
        InboxEntry entry = new InboxEntry("alice", 42L, "id-1", "bob", "alice", "c1", "hi", AT, null, null);
        assertEquals("{\"type\":\"message\",\"id\":\"id-1\",\"seq\":42,\"from\":\"bob\",\"to\":\"alice\",\"text\":\"hi\","
                + "\"at\":\"2026-11-23T10:00:00.120Z\",\"ref\":\"c1\"}", Frames.message(entry));
    }

    @Test
    void textIsEscapedAndAMissingRefIsLeftOut() {
        InboxEntry entry = new InboxEntry("alice", 1L, "id-1", "bob", "alice", null, "say \"hi\"\n\\ é", AT, null, null);
        assertEquals("{\"type\":\"message\",\"id\":\"id-1\",\"seq\":1,\"from\":\"bob\",\"to\":\"alice\","
                + "\"text\":\"say \\\"hi\\\"\\n\\\\ é\",\"at\":\"2026-11-23T10:00:00.120Z\"}", Frames.message(entry));
    }

    @Test
    void welcomeSentAndErrorFrames() {
        assertEquals("{\"type\":\"welcome\",\"user\":\"alice\",\"connection\":\"c-1\",\"gateway\":\"gw-1\",\"seq\":41,\"rooms\":[\"team-a\"]}",
                Frames.welcome("alice", "c-1", "gw-1", 41, java.util.List.of("team-a")));
        assertEquals("{\"type\":\"sent\",\"ref\":\"c1\",\"id\":\"id-1\",\"at\":\"2026-11-23T10:00:00.120Z\"}",
                Frames.sent("c1", "id-1", AT.toEpochMilli()));
        assertEquals("{\"type\":\"error\",\"ref\":\"c1\",\"code\":\"too_large\",\"message\":\"too long\"}",
                Frames.error("c1", ErrorCode.TOO_LARGE, "too long"));
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"x\"}",
                Frames.error(null, ErrorCode.BAD_REQUEST, "x"));
    }

    @Test
    void presenceOfAUserNeverSeenHasANullLastSeen() {
        assertEquals("{\"type\":\"presence\",\"user\":\"bob\",\"online\":false,\"lastSeen\":null}",
                Frames.presence("bob", null));
        assertEquals("{\"type\":\"presence\",\"user\":\"bob\",\"online\":true,\"lastSeen\":\"2026-11-23T10:00:00.120Z\"}",
                Frames.presence("bob", new Presence("bob", true, 2, AT, AT, List.of())));
    }
}

package io.chatengine.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.schemas.avro.InboxEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationListTest {
    @Test
    void roomsAndDirectConversationsComeTogetherLatestActivityFirst() {
        List<Conversation.Direct> direct = List.of(direct("bob", 30), direct("carol", 10));
        List<Conversation.InRoom> rooms = List.of(room("team-a", 20), room("ops", 40));
        assertEquals(List.of("ops", "bob", "team-a", "carol"), names(ConversationList.page(direct, rooms,
                Long.MAX_VALUE, 50)));
        assertEquals(List.of("ops", "bob"), names(ConversationList.page(direct, rooms, Long.MAX_VALUE, 2)));
    }

    @Test
    void beforePagesByTheTimeOfTheLastFrame() {
        List<Conversation.Direct> direct = List.of(direct("bob", 30), direct("carol", 10));
        List<Conversation.InRoom> rooms = List.of(room("team-a", 20), room("ops", 40));
        assertEquals(List.of("team-a", "carol"), names(ConversationList.page(direct, rooms, 30, 50)),
                "strictly before");
    }

    @Test
    void theSameActivityIsOrderedByName() {
        assertEquals(List.of("ann", "team-a", "zed"), names(ConversationList.page(
                List.of(direct("zed", 5), direct("ann", 5)), List.of(room("team-a", 5)), Long.MAX_VALUE, 50)));
    }

    private static Conversation.Direct direct(String with, long at) {
        InboxEntry last = Stores.message("me", at, "m" + at, with, "me");
        last.setAt(Instant.ofEpochMilli(at));
        return new Conversation.Direct(with, last, 0, 0, 0);
    }

    private static Conversation.InRoom room(String room, long at) {
        return new Conversation.InRoom(room, room, 1, null, 0, 0, at);
    }

    private static List<String> names(List<Conversation> page) {
        return page.stream().map(Conversation::name).toList();
    }
}

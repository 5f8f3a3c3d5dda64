package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatengine.common.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    @Test
    void parsesASend() throws FrameError {
        ClientFrame frame = ClientFrames.parse("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"hi\",\"ref\":\"c1\"}");
        assertEquals(new ClientFrame.Send("bob", "hi", "c1"), frame);
    }

    @Test
    void aSendWithoutRefIsFine() throws FrameError {
        assertNull(((ClientFrame.Send) ClientFrames.parse("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"hi\"}")).ref());
    }

    @Test
    void parsesAWatchWithoutDuplicates() throws FrameError {
        assertEquals(new ClientFrame.Watch(List.of("bob", "carol")),
                ClientFrames.parse("{\"type\":\"watch\",\"users\":[\"bob\",\"carol\",\"bob\"]}"));
    }

    @Test
    void parsesARefreshAndRefusesOneWithoutAToken() throws FrameError {
        assertEquals(new ClientFrame.Refresh("eyJ.x.y", "t1"),
                ClientFrames.parse("{\"type\":\"refresh\",\"token\":\"eyJ.x.y\",\"ref\":\"t1\"}"));
        assertBad("{\"type\":\"refresh\",\"ref\":\"t2\"}", "t2");
        assertBad("{\"type\":\"refresh\",\"token\":\"\"}", null);
        assertBad("{\"type\":\"refresh\",\"token\":7}", null);
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertBad("not json", null);
        assertBad("[1,2]", null);
        assertBad("\"send\"", null);
    }

    @Test
    void refusesUnknownOrMissingTypes() {
        assertBad("{\"type\":\"dance\",\"ref\":\"r\"}", "r");
        assertBad("{\"to\":\"bob\",\"text\":\"hi\"}", null);
    }

    @Test
    void refusesMissingOrInvalidFields() {
        assertBad("{\"type\":\"send\",\"text\":\"hi\",\"ref\":\"r\"}", "r");
        assertBad("{\"type\":\"send\",\"to\":\"Bob!\",\"text\":\"hi\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":42}", null);
        assertBad("{\"type\":\"watch\",\"users\":\"bob\"}", null);
        assertBad("{\"type\":\"watch\",\"users\":[\"ok-user\",\"NO\"]}", null);
    }

    @Test
    void jsonNestedDeeperThanThirtyTwoIsRefused() throws FrameError {
        String watch = "{\"type\":\"watch\",\"users\":[\"bob\"],\"x\":";
        assertEquals(new ClientFrame.Watch(List.of("bob")),
                ClientFrames.parse(watch + "[".repeat(31) + "]".repeat(31) + "}"), "32 levels, the object's included");
        assertBad(watch + "[".repeat(32) + "]".repeat(32) + "}", null);
    }

    @Test
    void textWithALoneSurrogateIsRefusedNotChanged() throws FrameError {
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"a\\ud800b\",\"ref\":\"r\"}", "r");
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"\\udc00\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"end\\ud83d\"}", null);
        assertEquals("\uD83D\uDE00", ((ClientFrame.Send) ClientFrames.parse(
                "{\"type\":\"send\",\"to\":\"bob\",\"text\":\"\\ud83d\\ude00\"}")).text(), "an escaped pair is fine");
    }

    @Test
    void textIsOneToFourThousandCharacters() throws FrameError {
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"" + "x".repeat(4001) + "\"}", null);
        ClientFrames.parse("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"" + "x".repeat(4000) + "\"}");
        String emoji = "\uD83D\uDE00".repeat(4000);
        ClientFrames.parse("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"" + emoji + "\"}");
    }

    @Test
    void refIsOneToSixtyFourCharacters() {
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"hi\",\"ref\":\"\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"hi\",\"ref\":\"" + "r".repeat(65) + "\"}", null);
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"text\":\"hi\",\"ref\":7}", null);
    }

    @Test
    void atMostAThousandWatchedUsers() {
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            users.append(i == 0 ? "" : ",").append("\"user").append(i).append('"');
        }
        assertBad("{\"type\":\"watch\",\"users\":[" + users + "]}", null);
    }

    @Test
    void parsesASubscribeWithSeqsAndNullsInTheOrderGiven() throws FrameError {
        Map<String, Long> rooms = new LinkedHashMap<>();
        rooms.put("team-a", 16L);
        rooms.put("ops", null);
        rooms.put("zero", 0L);
        ClientFrame frame = ClientFrames.parse(
                "{\"type\":\"subscribe\",\"rooms\":{\"team-a\":16,\"ops\":null,\"zero\":0},\"ref\":\"s1\"}");
        assertEquals(new ClientFrame.Subscribe(rooms, "s1"), frame);
        assertEquals(List.of("team-a", "ops", "zero"), List.copyOf(((ClientFrame.Subscribe) frame).rooms().keySet()));
    }

    @Test
    void aSubscribeNamesValidRoomsWithNonNegativeIntegerSeqs() {
        assertBad("{\"type\":\"subscribe\"}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":[\"team-a\"],\"ref\":\"s\"}", "s");
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"Team A\":1}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"ab\":1}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":-1}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":1.5}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":1.0}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":\"16\"}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":99999999999999999999}}", null);
        assertBad("{\"type\":\"subscribe\",\"rooms\":{\"team-a\":true}}", null);
    }

    @Test
    void atMostAThousandRoomsInASubscribeOrAnUnsubscribe() throws FrameError {
        StringBuilder object = new StringBuilder();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            object.append(i == 0 ? "" : ",").append("\"room").append(i).append("\":").append(i);
            list.append(i == 0 ? "" : ",").append("\"room").append(i).append('"');
        }
        assertEquals(1000, ((ClientFrame.Subscribe) ClientFrames.parse(
                "{\"type\":\"subscribe\",\"rooms\":{" + object + "}}")).rooms().size());
        assertEquals(1000, ((ClientFrame.Unsubscribe) ClientFrames.parse(
                "{\"type\":\"unsubscribe\",\"rooms\":[" + list + "]}")).rooms().size());
        assertBad("{\"type\":\"subscribe\",\"rooms\":{" + object + ",\"room1000\":null}}", null);
        assertBad("{\"type\":\"unsubscribe\",\"rooms\":[" + list + ",\"room1000\"]}", null);
    }

    @Test
    void parsesAnUnsubscribeWithoutDuplicatesAndRefusesBadRoomIds() throws FrameError {
        assertEquals(new ClientFrame.Unsubscribe(List.of("ops", "team-a"), null),
                ClientFrames.parse("{\"type\":\"unsubscribe\",\"rooms\":[\"ops\",\"team-a\",\"ops\"]}"));
        assertBad("{\"type\":\"unsubscribe\",\"rooms\":{\"ops\":1}}", null);
        assertBad("{\"type\":\"unsubscribe\",\"rooms\":[\"ops\",7]}", null);
        assertBad("{\"type\":\"unsubscribe\",\"rooms\":[\"OPS\"],\"ref\":\"u\"}", "u");
    }

    @Test
    void parsesARoomSendWithTheTextRulesOfADirectOne() throws FrameError {
        assertEquals(new ClientFrame.RoomSend("team-a", "hi", "c2"),
                ClientFrames.parse("{\"type\":\"send\",\"room\":\"team-a\",\"text\":\"hi\",\"ref\":\"c2\"}"));
        assertEquals(new ClientFrame.RoomSend("team-a", "hi", null),
                ClientFrames.parse("{\"type\":\"send\",\"room\":\"team-a\",\"to\":null,\"text\":\"hi\"}"));
        assertBad("{\"type\":\"send\",\"room\":\"team-a\",\"text\":\"\"}", null);
        assertBad("{\"type\":\"send\",\"room\":\"team-a\",\"text\":\"" + "x".repeat(4001) + "\"}", null);
        assertBad("{\"type\":\"send\",\"room\":\"team-a\",\"text\":\"a\\ud800\"}", null);
        assertBad("{\"type\":\"send\",\"room\":\"team-a\"}", null);
    }

    @Test
    void aSendHasExactlyOneOfToAndRoom() {
        assertBad("{\"type\":\"send\",\"to\":\"bob\",\"room\":\"team-a\",\"text\":\"hi\",\"ref\":\"r\"}", "r");
        assertBad("{\"type\":\"send\",\"text\":\"hi\"}", null);
        assertBad("{\"type\":\"send\",\"room\":\"x\",\"text\":\"hi\"}", null);
        assertBad("{\"type\":\"send\",\"room\":7,\"text\":\"hi\"}", null);
    }

    @Test
    void parsesTypingInARoomOrToAUserButNotBoth() throws FrameError {
        assertEquals(new ClientFrame.Typing("team-a", null, null),
                ClientFrames.parse("{\"type\":\"typing\",\"room\":\"team-a\"}"));
        assertEquals(new ClientFrame.Typing(null, "bob", null),
                ClientFrames.parse("{\"type\":\"typing\",\"to\":\"bob\"}"));
        assertBad("{\"type\":\"typing\"}", null);
        assertBad("{\"type\":\"typing\",\"room\":\"team-a\",\"to\":\"bob\"}", null);
        assertBad("{\"type\":\"typing\",\"to\":\"Bob!\"}", null);
        assertBad("{\"type\":\"typing\",\"room\":[\"team-a\"]}", null);
    }

    @Test
    void parsesAReadOfARoomOrOfAConversationWithANonNegativeSeq() throws FrameError {
        assertEquals(new ClientFrame.Read("team-a", null, 17, null),
                ClientFrames.parse("{\"type\":\"read\",\"room\":\"team-a\",\"seq\":17}"));
        assertEquals(new ClientFrame.Read(null, "bob", 0, "r1"),
                ClientFrames.parse("{\"type\":\"read\",\"with\":\"bob\",\"seq\":0,\"ref\":\"r1\"}"));
        assertBad("{\"type\":\"read\",\"seq\":3}", null);
        assertBad("{\"type\":\"read\",\"room\":\"team-a\",\"with\":\"bob\",\"seq\":3}", null);
        assertBad("{\"type\":\"read\",\"room\":\"team-a\"}", null);
        assertBad("{\"type\":\"read\",\"room\":\"team-a\",\"seq\":null}", null);
        assertBad("{\"type\":\"read\",\"room\":\"team-a\",\"seq\":-1}", null);
        assertBad("{\"type\":\"read\",\"with\":\"bob\",\"seq\":2.5}", null);
        assertBad("{\"type\":\"read\",\"with\":\"bob\",\"seq\":\"4\"}", null);
        assertBad("{\"type\":\"read\",\"with\":\"NOT A USER\",\"seq\":4}", null);
    }

    private static void assertBad(String text, String ref) {
        FrameError error = assertThrows(FrameError.class, () -> ClientFrames.parse(text));
        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        assertEquals(ref, error.ref());
    }
}

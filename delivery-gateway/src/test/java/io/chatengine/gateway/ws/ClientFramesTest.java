package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatengine.common.ErrorCode;
import java.util.List;
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

    private static void assertBad(String text, String ref) {
        FrameError error = assertThrows(FrameError.class, () -> ClientFrames.parse(text));
        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        assertEquals(ref, error.ref());
    }
}

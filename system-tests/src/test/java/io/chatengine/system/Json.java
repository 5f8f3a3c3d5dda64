package io.chatengine.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.http.HttpJson;
import java.io.IOException;
import java.io.UncheckedIOException;

final class Json {
    private Json() {
    }

    static JsonNode parse(String text) {
        try {
            return HttpJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

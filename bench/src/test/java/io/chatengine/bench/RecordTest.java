package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RecordTest {
    @Test
    void kafkaRequestsAreOneFigureOfTheRowWithTheTotalFirstAndNoPipeToSplitItsColumns() throws Exception {
        JsonNode requests = Target.JSON.readTree("""
                {"byProcess": {"presence-stream presence-1": {"producerRecordsPerRequest": 6.0,
                                 "produceRequestsPerMessage": 0.5, "fetchRequestsPerMessage": 1.0},
                               "query-api query-1": {"producerRecordsPerRequest": null,
                                 "produceRequestsPerMessage": 0.0, "fetchRequestsPerMessage": 0.25}},
                 "total": {"producerRecordsPerRequest": 4.0, "produceRequestsPerMessage": 1.0,
                           "fetchRequestsPerMessage": 2.75},
                 "errors": ["delivery-gateway gw-1 left out: /metrics not read at the end of the window: a|b"]}
                """);
        assertEquals("kafkaRequests (records/produce request, produce requests/msg, fetch requests/msg): "
                + "total 4.0 1.0 2.75; presence-stream presence-1 6.0 0.5 1.0; query-api query-1 null 0.0 0.25; "
                + "delivery-gateway gw-1 left out: /metrics not read at the end of the window: a/b",
                Record.kafkaRequests(requests));
    }
}

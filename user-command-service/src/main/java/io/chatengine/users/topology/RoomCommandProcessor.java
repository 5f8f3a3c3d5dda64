package io.chatengine.users.topology;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.InboxKeys;
import io.chatengine.common.users.Accounts;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomDecision;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomKeyUse;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.RoomUnchanged;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserRooms;
import io.chatengine.users.config.RoomLimits;
import io.chatengine.users.topology.RoomOutcome.Changed;
import io.chatengine.users.topology.RoomOutcome.Refusal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single decider for each room (its partition's only writer): applies {@link RoomRules} to the room as decided
 * so far, keeps the room and the Idempotency-Keys used on it, and writes the outcome: a refusal to the asking
 * instance's room-replies topic, anything accepted (a change, or RoomUnchanged) to the rooms topic, where
 * presence-stream gives it its room seq and answers it. Two creates of one room id come to this one decider in
 * order: the first wins, the second is {@code room_taken}.
 */
final class RoomCommandProcessor implements Processor<String, RoomCommand, String, SpecificRecord>, Directory {
    private final RoomLimits limits;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, RoomDecision> rooms;
    private KeyValueStore<String, RoomKeyUse> keys;
    private KeyValueStore<String, UserEvent> users;
    private KeyValueStore<String, UserRooms> userRooms;
    private RoomRules rules;

    RoomCommandProcessor(RoomLimits limits) {
        this.limits = limits;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        rooms = context.getStateStore(RoomTopology.DECISIONS_STORE);
        keys = context.getStateStore(RoomTopology.IDEMPOTENCY_STORE);
        users = context.getStateStore(RoomTopology.USERS_STORE);
        userRooms = context.getStateStore(RoomTopology.USER_ROOMS_STORE);
        rules = new RoomRules(limits, this);
    }

    @Override
    public void process(Record<String, RoomCommand> record) {
        RoomCommand command = record.value();
        if (command == null) {
            return;
        }
        String fingerprint = RequestFingerprint.of(command);
        String key = command.getIdempotencyKey() == null ? null : InboxKeys.pair(command.getRoom(),
                command.getRequestedBy() + InboxKeys.SEP + command.getIdempotencyKey());
        RoomKeyUse earlier = key == null ? null : keys.get(key);
        if (earlier != null) {
            answerAgain(record, command, earlier, fingerprint);
            return;
        }
        RoomOutcome outcome = rules.decide(rooms.get(command.getRoom()), command);
        if (outcome instanceof Refusal refusal) {
            reply(record, command, refusal.status(), refusal.code().code(), refusal.message());
        } else if (outcome instanceof Changed changed) {
            rooms.put(command.getRoom(), changed.room());
            emit(command, changed.event(), changed.status());
        } else {
            emit(command, new RoomUnchanged(command.getRoom()), outcome.status());
        }
        if (key != null) {
            Refusal refusal = outcome instanceof Refusal r ? r : null;
            keys.put(key, new RoomKeyUse(fingerprint, outcome.status(),
                    refusal == null ? null : refusal.code().code(), refusal == null ? null : refusal.message()));
        }
    }

    /** A request with a key used before: the same request gets the first answer; another one is refused. */
    private void answerAgain(Record<String, RoomCommand> record, RoomCommand command, RoomKeyUse earlier,
                             String fingerprint) {
        if (!earlier.getFingerprint().equals(fingerprint)) {
            reply(record, command, ErrorCode.IDEMPOTENCY_MISMATCH.status(), ErrorCode.IDEMPOTENCY_MISMATCH.code(),
                    "this Idempotency-Key was used for a different request");
        } else if (earlier.getError() != null) {
            reply(record, command, earlier.getStatus(), earlier.getError(), earlier.getMessage());
        } else {
            emit(command, new RoomUnchanged(command.getRoom()), earlier.getStatus());
        }
    }

    private void emit(RoomCommand command, Object event, int status) {
        RoomEvent roomEvent = new RoomEvent(event, command.getRequestedBy(), command.getRequestedAt(),
                command.getRequestId(), command.getReplyTo(), status);
        context.forward(new Record<String, SpecificRecord>(command.getRoom(), roomEvent, context.currentSystemTimeMs()),
                RoomTopology.ROOMS_SINK);
    }

    private void reply(Record<String, RoomCommand> record, RoomCommand command, int status, String error,
                       String message) {
        RoomReply reply = new RoomReply(command.getRequestId(), status, error, message, null, command.getReplyTo());
        context.forward(new Record<String, SpecificRecord>(command.getRequestId(), reply, record.timestamp()),
                RoomTopology.REPLIES_SINK);
    }

    @Override
    public Accounts.Status status(String user) {
        UserEvent event = users.get(user);
        if (event == null) {
            return Accounts.Status.UNKNOWN;
        }
        return event.getEvent() instanceof UserCreated ? Accounts.Status.ACTIVE : Accounts.Status.DEACTIVATED;
    }

    /**
     * Eventually consistent: presence-stream writes a user's rooms after it applied the events, so a user added to
     * several rooms at the same moment (decided on other partitions) may pass the limit by those few.
     */
    @Override
    public int roomsOf(String user) {
        UserRooms rooms = userRooms.get(user);
        return rooms == null ? 0 : rooms.getRooms().size();
    }
}

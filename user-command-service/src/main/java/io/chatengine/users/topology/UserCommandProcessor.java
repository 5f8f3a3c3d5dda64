package io.chatengine.users.topology;

import io.chatengine.schemas.avro.UserAction;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserOutcome;
import io.chatengine.schemas.avro.UserReply;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single decider for each username (its partition's only writer): a username is created once and never
 * reused; deactivation is an event; a retried request with the same idempotency key gets the first answer.
 */
final class UserCommandProcessor implements Processor<String, UserCommand, String, SpecificRecord> {
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, UserEvent> users;
    private KeyValueStore<String, UserReply> idempotency;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        users = context.getStateStore(UserTopology.USERS_STORE);
        idempotency = context.getStateStore(UserTopology.IDEMPOTENCY_STORE);
    }

    @Override
    public void process(Record<String, UserCommand> record) {
        UserCommand command = record.value();
        if (command == null) {
            return;
        }
        String key = command.getIdempotencyKey() == null ? null
                : command.getRequestedBy() + "|" + command.getIdempotencyKey() + "|" + command.getUsername();
        UserReply earlier = key == null ? null : idempotency.get(key);
        UserReply reply;
        if (earlier != null) {
            reply = sameRequest(earlier, command) ? withRequestId(earlier, command)
                    : reply(command, UserOutcome.IDEMPOTENCY_MISMATCH, null);
        } else {
            reply = decide(command);
            if (key != null) {
                idempotency.put(key, reply);
            }
        }
        context.forward(new Record<String, SpecificRecord>(command.getRequestId(), reply, record.timestamp()),
                UserTopology.REPLIES_SINK);
    }

    private UserReply decide(UserCommand command) {
        UserEvent current = users.get(command.getUsername());
        if (command.getAction() == UserAction.CREATE) {
            if (current != null) {
                return reply(command, UserOutcome.USERNAME_TAKEN, null);
            }
            UserCreated created = new UserCreated(command.getUsername(), command.getDisplayName(),
                    command.getRequestedAt(), command.getRequestedBy());
            emit(new UserEvent(created));
            return reply(command, UserOutcome.CREATED, created);
        }
        if (current == null) {
            return reply(command, UserOutcome.NOT_FOUND, null);
        }
        if (current.getEvent() instanceof UserCreated) {
            emit(new UserEvent(new UserDeactivated(command.getUsername(), command.getRequestedAt(),
                    command.getRequestedBy())));
        }
        return reply(command, UserOutcome.DEACTIVATED, null);
    }

    private void emit(UserEvent event) {
        String username = event.getEvent() instanceof UserCreated created ? created.getUsername()
                : ((UserDeactivated) event.getEvent()).getUsername();
        users.put(username, event);
        context.forward(new Record<String, SpecificRecord>(username, event, context.currentSystemTimeMs()),
                UserTopology.USERS_SINK);
    }

    /** A retry is the same request when it asks the same thing (and, to create, with the same display name). */
    private static boolean sameRequest(UserReply earlier, UserCommand command) {
        boolean earlierCreate = earlier.getOutcome() == UserOutcome.CREATED
                || earlier.getOutcome() == UserOutcome.USERNAME_TAKEN;
        boolean create = command.getAction() == UserAction.CREATE;
        return earlierCreate == create
                && (!create || Objects.equals(earlier.getDisplayName(), command.getDisplayName()));
    }

    private static UserReply withRequestId(UserReply earlier, UserCommand command) {
        return UserReply.newBuilder(earlier).setRequestId(command.getRequestId()).setReplyTo(command.getReplyTo())
                .build();
    }

    private static UserReply reply(UserCommand command, UserOutcome outcome, UserCreated created) {
        return new UserReply(command.getRequestId(), outcome, command.getUsername(),
                created == null ? command.getDisplayName() : created.getDisplayName(),
                created == null ? null : created.getCreatedAt(), command.getReplyTo());
    }
}

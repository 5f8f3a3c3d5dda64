package io.chatengine.users.topology;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.users.Accounts;
import io.chatengine.schemas.avro.MemberRemoved;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.RoomClosed;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomDecision;
import io.chatengine.users.config.RoomLimits;
import io.chatengine.users.topology.RoomOutcome.Changed;
import io.chatengine.users.topology.RoomOutcome.Refusal;
import io.chatengine.users.topology.RoomOutcome.Unchanged;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what to a room, decided from the room as its decider holds it and what the directory knows of users;
 * no I/O, no state of its own. Outsiders learn nothing of a room (no such room and not a member are both
 * {@code not_found}); a member without the right gets {@code forbidden}.
 */
final class RoomRules {
    static final String SHARED = "shared";
    private final RoomLimits limits;
    private final Directory directory;

    RoomRules(RoomLimits limits, Directory directory) {
        this.limits = limits;
        this.directory = directory;
    }

    /** @param room the room as decided so far, null if it was never created */
    RoomOutcome decide(RoomDecision room, RoomCommand command) {
        if (!command.getAdmin() && directory.status(command.getRequestedBy()) == Accounts.Status.DEACTIVATED) {
            return new Refusal(ErrorCode.FORBIDDEN, "the user is deactivated");
        }
        return switch (command.getAction()) {
            case CREATE -> create(room, command);
            case ADD -> add(room, command);
            case REMOVE -> remove(room, command);
            case CLOSE -> close(room, command);
        };
    }

    private RoomOutcome create(RoomDecision room, RoomCommand command) {
        if (room != null) {
            return new Refusal(ErrorCode.ROOM_TAKEN, "the room id " + command.getRoom() + " is taken");
        }
        String owner = command.getOwner();
        List<String> members = distinct(command.getUsers(), List.of(), owner);
        if (1 + members.size() > limits.maxMembers()) {
            return full();
        }
        List<String> everyone = new ArrayList<>();
        everyone.add(owner);
        everyone.addAll(members);
        RoomOutcome refused = unknownOrTooMany(everyone);
        if (refused != null) {
            return refused;
        }
        String history = command.getHistory() == null ? SHARED : command.getHistory();
        return new Changed(new RoomCreated(command.getRoom(), command.getTitle(), owner, history, members),
                new RoomDecision(command.getRoom(), owner, members, false), 201);
    }

    private RoomOutcome add(RoomDecision room, RoomCommand command) {
        RoomOutcome refused = mayManage(room, command);
        if (refused != null) {
            return refused;
        }
        if (room.getClosed()) {
            return new Refusal(ErrorCode.FORBIDDEN, "the room is closed");
        }
        List<String> fresh = distinct(command.getUsers(), room.getMembers(), room.getOwner());
        if (fresh.isEmpty()) {
            return new Unchanged(200);
        }
        if (1 + room.getMembers().size() + fresh.size() > limits.maxMembers()) {
            return full();
        }
        refused = unknownOrTooMany(fresh);
        if (refused != null) {
            return refused;
        }
        List<String> members = new ArrayList<>(room.getMembers());
        members.addAll(fresh);
        return new Changed(new MembersAdded(command.getRoom(), fresh),
                RoomDecision.newBuilder(room).setMembers(members).build(), 200);
    }

    private RoomOutcome remove(RoomDecision room, RoomCommand command) {
        RoomOutcome refused = notFoundToOutsiders(room, command);
        if (refused != null) {
            return refused;
        }
        if (command.getUsers().size() != 1) {
            return new Refusal(ErrorCode.BAD_REQUEST, "a removal names one member");
        }
        String user = command.getUsers().get(0);
        boolean leaving = user.equals(command.getRequestedBy());
        if (!command.getAdmin() && !leaving && !isOwner(room, command.getRequestedBy())) {
            return new Refusal(ErrorCode.FORBIDDEN, "only the owner or an admin removes other members");
        }
        if (isOwner(room, user)) {
            return new Refusal(ErrorCode.OWNER_CANNOT_LEAVE, "the owner cannot leave the room or be removed");
        }
        if (!room.getMembers().contains(user)) {
            return new Unchanged(204);
        }
        List<String> members = new ArrayList<>(room.getMembers());
        members.remove(user);
        return new Changed(new MemberRemoved(command.getRoom(), user, leaving),
                RoomDecision.newBuilder(room).setMembers(members).build(), 204);
    }

    private RoomOutcome close(RoomDecision room, RoomCommand command) {
        RoomOutcome refused = mayManage(room, command);
        if (refused != null) {
            return refused;
        }
        if (room.getClosed()) {
            return new Unchanged(204);
        }
        return new Changed(new RoomClosed(command.getRoom()), RoomDecision.newBuilder(room).setClosed(true).build(),
                204);
    }

    /** Null when the caller is the room's owner or an admin; else the refusal. */
    private static RoomOutcome mayManage(RoomDecision room, RoomCommand command) {
        RoomOutcome refused = notFoundToOutsiders(room, command);
        if (refused == null && !command.getAdmin() && !isOwner(room, command.getRequestedBy())) {
            return new Refusal(ErrorCode.FORBIDDEN, "only the owner or an admin may do this");
        }
        return refused;
    }

    private static RoomOutcome notFoundToOutsiders(RoomDecision room, RoomCommand command) {
        if (room == null || !command.getAdmin() && !isMember(room, command.getRequestedBy())) {
            return new Refusal(ErrorCode.NOT_FOUND, "no such room: " + command.getRoom());
        }
        return null;
    }

    /** The first user that is not an active account, or that is in as many rooms as a user may be; else null. */
    private RoomOutcome unknownOrTooMany(List<String> users) {
        for (String user : users) {
            if (directory.status(user) != Accounts.Status.ACTIVE) {
                return new Refusal(ErrorCode.UNKNOWN_MEMBER, "no such user (or deactivated): " + user);
            }
        }
        for (String user : users) {
            if (directory.roomsOf(user) >= limits.maxRoomsPerUser()) {
                return new Refusal(ErrorCode.TOO_MANY_ROOMS, user + " is in " + limits.maxRoomsPerUser()
                        + " rooms already, as many as a user may be in");
            }
        }
        return null;
    }

    private Refusal full() {
        return new Refusal(ErrorCode.ROOM_FULL, "a room has at most " + limits.maxMembers()
                + " members, the owner included");
    }

    /** The users, each once, in order, leaving out those in {@code already} and the owner. */
    private static List<String> distinct(List<String> users, List<String> already, String owner) {
        Set<String> fresh = new LinkedHashSet<>(users);
        fresh.remove(owner);
        already.forEach(fresh::remove);
        return List.copyOf(fresh);
    }

    private static boolean isOwner(RoomDecision room, String user) {
        return room.getOwner().equals(user);
    }

    private static boolean isMember(RoomDecision room, String user) {
        return isOwner(room, user) || room.getMembers().contains(user);
    }
}

package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.MemberRemoved;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.RoomClosed;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.RoomRole;
import io.chatengine.schemas.avro.RoomState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the room command topology's decisions to a room: each change after the creation takes the room's next
 * seq and a row of its log, and the members concerned learn of their own membership. The command topology has
 * decided already; what it sends is applied, and a change that finds nothing to change (a member already in, or
 * already gone) is skipped and writes nothing. The state is written last, with the offset of the event on the rooms topic: an event
 * at or below it was applied, so after a crash it is only answered again. The rows an event makes carry an id
 * naming the event's offset, so an event applied again whose rows reached the log before a crash keeps their
 * seqs instead of making new ones.
 */
final class RoomChanges {
    /** A frame of the room's log to broadcast; {@code removes} the member whose sockets leave the room after it. */
    record Broadcast(RoomEntry entry, String removes) {
    }

    /** What applying an event made: the room as it now is (null: no such room), its frames and memberships. */
    record Applied(RoomState state, List<Broadcast> frames, List<RoomMembership> memberships) {
    }

    private final RoomStates states;
    private final RoomLog log;

    RoomChanges(RoomStates states, RoomLog log) {
        this.states = states;
        this.log = log;
    }

    /** Whether the event at this offset of the rooms topic was applied already. */
    static boolean applied(RoomState state, long offset) {
        return state != null && offset <= state.getEventOffset();
    }

    /** Applies the event to its room; what changed, or the room as it was for an event that changes nothing. */
    Applied apply(String room, RoomEvent event, long offset) {
        Applied applied = unchanged();
        Object change = event.getEvent();
        if (change instanceof RoomCreated created) {
            applied = create(created, event, offset);
        } else if (change instanceof MembersAdded added) {
            applied = add(added, event, offset);
        } else if (change instanceof MemberRemoved removed) {
            applied = remove(removed, event, offset);
        } else if (change instanceof RoomClosed closed) {
            applied = close(closed, event, offset);
        }
        return applied.state == null ? new Applied(states.get(room), List.of(), List.of()) : applied;
    }

    private Applied create(RoomCreated created, RoomEvent event, long offset) {
        if (states.get(created.getRoom()) != null) {
            return unchanged();
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(created.getOwner());
        users.addAll(created.getMembers());
        List<RoomMember> members = new ArrayList<>(users.size());
        List<RoomMembership> memberships = new ArrayList<>(users.size());
        for (String user : users) {
            members.add(new RoomMember(user, user.equals(created.getOwner()) ? RoomRole.OWNER : RoomRole.MEMBER, 0L));
            memberships.add(membership(user, created.getRoom(), "added", 0, event));
        }
        RoomState state = new RoomState(created.getRoom(), created.getTitle(), created.getOwner(),
                created.getHistory(), event.getAt(), false, offset, 0L, members);
        states.put(state);
        return new Applied(state, List.of(), memberships);
    }

    private Applied add(MembersAdded added, RoomEvent event, long offset) {
        RoomState state = states.get(added.getRoom());
        if (state == null) {
            return unchanged();
        }
        List<RoomMember> members = new ArrayList<>(state.getMembers());
        List<Broadcast> frames = new ArrayList<>();
        List<RoomMembership> memberships = new ArrayList<>();
        long seq = state.getSeq();
        for (String user : new LinkedHashSet<>(added.getUsers())) {
            if (members.stream().anyMatch(m -> m.getUser().equals(user))) {
                continue;
            }
            RoomEntry entry = log.appendOnce(RoomLog.member(added.getRoom(), rowId(offset, user), user, "added",
                    event.getBy(), event.getAt()));
            seq = entry.getSeq();
            members.add(new RoomMember(user, RoomRole.MEMBER, seq));
            frames.add(new Broadcast(entry, null));
            memberships.add(membership(user, added.getRoom(), "added", seq, event));
        }
        return frames.isEmpty() ? unchanged()
                : written(state, members, state.getClosed(), seq, offset, frames, memberships);
    }

    private Applied remove(MemberRemoved removed, RoomEvent event, long offset) {
        RoomState state = states.get(removed.getRoom());
        if (RoomStates.member(state, removed.getUser()) == null) {
            return unchanged();
        }
        String change = removed.getLeft() ? "left" : "removed";
        RoomEntry entry = log.appendOnce(RoomLog.member(removed.getRoom(), rowId(offset, removed.getUser()),
                removed.getUser(), change, event.getBy(), event.getAt()));
        List<RoomMember> members = state.getMembers().stream()
                .filter(m -> !m.getUser().equals(removed.getUser())).toList();
        return written(state, members, state.getClosed(), entry.getSeq(), offset,
                List.of(new Broadcast(entry, removed.getUser())),
                List.of(membership(removed.getUser(), removed.getRoom(), change, entry.getSeq(), event)));
    }

    private Applied close(RoomClosed closed, RoomEvent event, long offset) {
        RoomState state = states.get(closed.getRoom());
        if (state == null || state.getClosed()) {
            return unchanged();
        }
        RoomEntry entry = log.appendOnce(RoomLog.closed(closed.getRoom(), rowId(offset, null), event.getBy(),
                event.getAt()));
        List<RoomMembership> memberships = state.getMembers().stream()
                .map(m -> membership(m.getUser(), closed.getRoom(), "closed", entry.getSeq(), event)).toList();
        return written(state, state.getMembers(), true, entry.getSeq(), offset,
                List.of(new Broadcast(entry, null)), memberships);
    }

    private Applied written(RoomState before, List<RoomMember> members, boolean closed, long seq, long offset,
                            List<Broadcast> frames, List<RoomMembership> memberships) {
        RoomState state = RoomState.newBuilder(before).setMembers(new ArrayList<>(members)).setClosed(closed)
                .setSeq(seq).setEventOffset(offset).build();
        states.put(state);
        return new Applied(state, frames, memberships);
    }

    private static Applied unchanged() {
        return new Applied(null, List.of(), List.of());
    }

    private static RoomMembership membership(String user, String room, String change, long seq, RoomEvent event) {
        return new RoomMembership(user, room, change, seq, event.getBy(), event.getAt());
    }

    /** The id of a row an event makes: the event's offset on the rooms topic, and the member it is about. */
    static String rowId(long offset, String user) {
        return "rooms@" + offset + (user == null ? "" : "/" + user);
    }
}

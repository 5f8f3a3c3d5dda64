package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.Disconnect;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets this gateway holds, by connection id and by user. */
public final class Connections {
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    void add(Connection connection) {
        byId.put(connection.id(), connection);
        byUser.computeIfAbsent(connection.user(), u -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /** Removes the connection; true when it was the user's last one here. */
    boolean remove(Connection connection) {
        byId.remove(connection.id());
        boolean[] last = {false};
        byUser.computeIfPresent(connection.user(), (user, set) -> {
            set.remove(connection);
            last[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        synchronized (this) {
            notifyAll();
        }
        return last[0];
    }

    /** Waits until no connection is left or the timeout passes. */
    public synchronized void awaitEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (!byId.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public Connection get(String id) {
        return byId.get(id);
    }

    /** Closes every socket of a user who was deactivated. */
    public void closeDeactivated(String user) {
        byUser.getOrDefault(user, Set.of()).forEach(c -> c.close(Disconnect.USER_DEACTIVATED));
    }

    /** How many sockets the user holds here. */
    public int count(String user) {
        return byUser.getOrDefault(user, Set.of()).size();
    }

    public Collection<Connection> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}

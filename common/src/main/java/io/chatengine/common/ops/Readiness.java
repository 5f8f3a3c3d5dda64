package io.chatengine.common.ops;

/** Why a service is not ready yet, or null when it is. */
@FunctionalInterface
public interface Readiness {
    String notReadyReason();
}

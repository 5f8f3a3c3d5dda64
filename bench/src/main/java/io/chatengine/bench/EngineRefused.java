package io.chatengine.bench;

/**
 * The engine does not do what a scenario needs (no rooms, a refusal, no answer in time): the run stops with this
 * message and exit code 1, without a stack trace, since the fault is the engine's or its setup's, not the bench's.
 */
final class EngineRefused extends RuntimeException {
    EngineRefused(String message) {
        super(message);
    }
}

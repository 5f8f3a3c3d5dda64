package io.chatengine.common.auth;

/** Who a verified token speaks for. An admin's subject need not be a user. */
public record Principal(String subject, boolean admin, long expiresAtMillis) {
}

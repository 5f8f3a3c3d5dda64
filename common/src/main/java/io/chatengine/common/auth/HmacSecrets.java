package io.chatengine.common.auth;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HS256 secrets: the shared one and named ones, so that a new secret can sign new tokens while the tokens
 * signed with the old one live out their time. A token whose {@code kid} is named here verifies with that
 * secret; any other HS256 token with the shared secret, and is refused when there is none.
 *
 * @param shared CHAT_JWT_SECRET
 * @param byKid  CHAT_JWT_SECRETS, {@code kid=secret} pairs separated by commas
 */
public record HmacSecrets(Optional<byte[]> shared, Map<String, byte[]> byKid) {
    public static final int MIN_SECRET_BYTES = 32;
    private static final String KID = "[A-Za-z0-9._-]{1,64}";

    public HmacSecrets {
        shared.ifPresent(secret -> requireLength(secret, "CHAT_JWT_SECRET"));
        byKid.forEach((kid, secret) -> requireLength(secret, "CHAT_JWT_SECRETS: the secret of kid '" + kid + "'"));
        byKid = Map.copyOf(byKid);
    }

    public static HmacSecrets shared(byte[] secret) {
        if (secret == null) {
            throw new ConfigException("CHAT_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes, got none");
        }
        return new HmacSecrets(Optional.of(secret), Map.of());
    }

    public static HmacSecrets from(Env env) {
        return new HmacSecrets(env.optional("CHAT_JWT_SECRET").map(HmacSecrets::bytes),
                env.optional("CHAT_JWT_SECRETS").map(HmacSecrets::parse).orElse(Map.of()));
    }

    public boolean isEmpty() {
        return shared.isEmpty() && byKid.isEmpty();
    }

    /** The secret a token with this {@code kid} (null when it names none) is checked with. */
    public Optional<byte[]> forKid(String kid) {
        byte[] named = kid == null ? null : byKid.get(kid);
        return named != null ? Optional.of(named) : shared;
    }

    /** Splits at the first '=' of each pair: a kid holds none, a base64 secret may end with some. */
    static Map<String, byte[]> parse(String list) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            int eq = pair.indexOf('=');
            String kid = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
            if (eq < 0 || !kid.matches(KID)) {
                throw new ConfigException("CHAT_JWT_SECRETS must be kid=secret pairs separated by commas, each kid "
                        + "1-64 characters of A-Z a-z 0-9 . _ -; got an entry '" + kid + "'");
            }
            if (secrets.put(kid, bytes(pair.substring(eq + 1).strip())) != null) {
                throw new ConfigException("CHAT_JWT_SECRETS names kid '" + kid + "' twice");
            }
        }
        return secrets;
    }

    private static byte[] bytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static void requireLength(byte[] secret, String what) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException(what + " must be at least " + MIN_SECRET_BYTES + " bytes, got "
                    + secret.length + " bytes");
        }
    }
}

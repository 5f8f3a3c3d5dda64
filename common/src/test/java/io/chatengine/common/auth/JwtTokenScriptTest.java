package io.chatengine.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

/** scripts/jwt_token.py makes tokens that the services' verifier accepts, and only with the right secret. */
class JwtTokenScriptTest {
    private static final String SECRET = "script-secret-script-secret-0123456789";
    private static final Path SCRIPT = Path.of("..", "scripts", "jwt_token.py");
    private final JwtVerifier verifier = new JwtVerifier(
            new JwtSettings(SECRET.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()));

    @Test
    void aUserTokenVerifies() throws Exception {
        Principal principal = verifier.verify(run(Map.of(), "alice", "--secret", SECRET).out);
        assertEquals("alice", principal.subject());
        assertFalse(principal.admin());
    }

    @Test
    void anAdminTokenVerifiesAsAdmin() throws Exception {
        assertTrue(verifier.verify(run(Map.of(), "ops", "--role", "admin", "--secret", SECRET).out).admin());
    }

    @Test
    void theTtlSetsTheExpiry() throws Exception {
        long before = System.currentTimeMillis();
        Principal principal = verifier.verify(run(Map.of(), "alice", "--ttl", "120", "--secret", SECRET).out);
        long ttl = principal.expiresAtMillis() - before;
        assertTrue(ttl > 100_000 && ttl <= 122_000, "ttl " + ttl);
    }

    @Test
    void theSecretComesFromTheEnvironmentAndTheScriptSaysSo() throws Exception {
        Result result = run(Map.of("CHAT_JWT_SECRET", SECRET), "alice");
        assertEquals("alice", verifier.verify(result.out).subject());
        assertTrue(result.err.contains("CHAT_JWT_SECRET"), result.err);
    }

    @Test
    void aTokenMadeWithAnotherSecretIsRefused() throws Exception {
        String token = run(Map.of(), "alice", "--secret", "another-secret-another-secret-0123456789").out;
        assertThrows(TokenRejected.class, () -> verifier.verify(token));
    }

    @Test
    void theKidGoesInTheHeaderAndPicksItsSecretFromTheNamedOnes() throws Exception {
        String named = "named-secret-named-secret-0123456789";
        JwtVerifier rotating = new JwtVerifier(new JwtSettings(new HmacSecrets(Optional.empty(),
                Map.of("2026-02", named.getBytes(StandardCharsets.UTF_8))), Optional.empty(), Optional.empty(),
                Optional.empty(), JwtSettings.DEFAULT_MAX_TTL));
        Result result = run(Map.of("CHAT_JWT_SECRETS", "2026-01=" + SECRET + ",2026-02=" + named),
                "alice", "--kid", "2026-02");
        assertTrue(result.err.contains("CHAT_JWT_SECRETS (kid 2026-02)"), result.err);
        assertEquals("2026-02", JsonWebStructure.fromCompactSerialization(result.out).getKeyIdHeaderValue());
        assertEquals("alice", rotating.verify(result.out).subject());
        String withoutKid = run(Map.of(), "alice", "--secret", named).out;
        assertThrows(TokenRejected.class, () -> rotating.verify(withoutKid));
    }

    @Test
    void aShortSecretIsRefusedByTheScript() throws Exception {
        Result result = run(Map.of(), 2, "alice", "--secret", "short");
        assertTrue(result.err.contains("at least 32"), result.err);
    }

    private record Result(String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(env, 0, args);
    }

    private static Result run(Map<String, String> env, int expectedExit, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CHAT_JWT_SECRET");
        builder.environment().remove("CHAT_JWT_SECRETS");
        builder.environment().put("CHAT_RUN_DIR", "target/no-run-dir");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the script did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), err);
        return new Result(out, err);
    }
}

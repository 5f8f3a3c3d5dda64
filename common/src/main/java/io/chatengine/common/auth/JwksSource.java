package io.chatengine.common.auth;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where RS256 and ES256 keys come from: a JWKS URL, as identity providers publish them. The set is cached (as
 * long as its Cache-Control says, else an hour) and keys are looked up by {@code kid}; a {@code kid} not in the
 * cache fetches the set again, but at most once per {@code minRefreshInterval}, so that tokens with made-up kids
 * cannot turn every request into a call to the provider.
 *
 * @param url                CHAT_JWKS_URL, http:// or https://
 * @param minRefreshInterval the least time between two fetches for unknown kids
 */
public record JwksSource(URI url, Duration minRefreshInterval) {
    public static final Duration DEFAULT_MIN_REFRESH = Duration.ofSeconds(5);

    public JwksSource {
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw notAUrl(url);
        }
    }

    public static Optional<JwksSource> from(Env env) {
        return env.optional("CHAT_JWKS_URL").map(url -> new JwksSource(uri(url), DEFAULT_MIN_REFRESH));
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw notAUrl(url);
        }
    }

    private static ConfigException notAUrl(Object url) {
        return new ConfigException("CHAT_JWKS_URL must be an http:// or https:// URL, got '" + url + "'");
    }
}

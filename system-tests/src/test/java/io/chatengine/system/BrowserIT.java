package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.system.Engine.Connected;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web page each gateway serves at {@code /}, in Debian's chromium driven by Playwright
 * ({@code system-tests/browser/chat.test.mjs}): two users on two gateways chat, read history and resume after a
 * network drop; then three users make a room through the page and write in it, with typing, unread counts and
 * read marks. The assertions are in the script; this test starts the engine and fails when the script does.
 */
class BrowserIT {
    private static final Path BROWSER = Command.ROOT.resolve("system-tests/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void pagesOnTwoGatewaysChatResumeAfterANetworkDropAndTalkInARoom() {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium (scripts/test does)");
        installPlaywright();
        int linkPort = ServiceProcess.freePort(); // bob's page comes through a link that can drop: another origin
        try (Engine engine = new Engine("browser",
                Engine.Setup.DEFAULTS.pageOrigins(List.of("http://127.0.0.1:" + linkPort)))) {
            String alice = engine.createUser("alice");
            String bob = engine.createUser("bob");
            String carol = engine.createUser("carol");
            String room = "room-" + UUID.randomUUID().toString().substring(0, 8); // room ids are global, as usernames
            String earlier = "written before the pages opened";
            Connected aliceDevice = engine.connect(engine.gw1, alice, null);
            assertEquals("sent", aliceDevice.send(bob, earlier, "before-1").path("type").asText());
            aliceDevice.client().close();
            Await.until(Engine.WAIT, "the query API holds the earlier message",
                    () -> HttpCalls.send("GET", engine.query.httpUrl() + "/messages?with=" + alice,
                            Tokens.user(bob), null).body().contains(earlier));

            Map<String, String> env = new HashMap<>(Map.of(
                    "GATEWAY_1", engine.gw1.httpUrl(), "GATEWAY_2", engine.gw2.httpUrl(),
                    "QUERY_URL", engine.query.httpUrl(), "ALICE", alice, "BOB", bob,
                    "ALICE_TOKEN", Tokens.user(alice), "BOB_TOKEN", Tokens.user(bob),
                    "EARLIER_TEXT", earlier, "SCREENSHOT_DIR", Path.of("target").toAbsolutePath().toString(),
                    "CHROMIUM", CHROMIUM.toString()));
            env.put("LINK_PORT", Integer.toString(linkPort));
            env.putAll(Map.of("USERS_URL", engine.users.httpUrl(), "CAROL", carol, "CAROL_TOKEN", Tokens.user(carol),
                    "ROOM", room));
            Command script = Command.run(BROWSER, List.of("node", "chat.test.mjs"), env, Duration.ofSeconds(210));
            System.out.println(script.output());
            assertEquals(0, script.exit(), "chat.test.mjs failed (screenshots in system-tests/target):\n"
                    + script.output());
        }
    }

    /** Installs playwright-core from the lock file when it is not there yet; no browser is downloaded. */
    private static void installPlaywright() {
        if (Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            return;
        }
        Command install = Command.run(BROWSER, List.of("npm", "ci", "--no-audit", "--no-fund"),
                Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), Duration.ofSeconds(180));
        assertEquals(0, install.exit(), "npm ci failed:\n" + install.output());
    }
}

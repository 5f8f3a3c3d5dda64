package io.chatengine.testsupport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docs/protocol.md promises a client, read from the document itself so that a reply is checked against
 * what users are told: the server frame types, the error codes of error frames, the close codes and the
 * handshake refusals.
 */
public record ProtocolDoc(Set<String> frameTypes, Set<String> errorCodes, Set<Integer> closeCodes,
                          Set<String> handshakeRefusals) {
    private static final Pattern FRAME_TYPE = Pattern.compile("^\\*\\*([a-z]+)\\*\\*:");
    private static final Pattern ERROR_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|");
    private static final Pattern CLOSE_ROW = Pattern.compile("^\\| (\\d{4}) \\|");
    private static final Pattern REFUSAL_ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z_]+)` \\|");

    /** docs/protocol.md of the project folder that holds the working directory. */
    public static ProtocolDoc load() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/protocol.md");
            if (Files.exists(doc)) {
                return parse(doc);
            }
        }
        throw new IllegalStateException("no docs/protocol.md above " + Path.of("").toAbsolutePath());
    }

    static ProtocolDoc parse(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> errors = new LinkedHashSet<>();
        Set<Integer> closes = new LinkedHashSet<>();
        Set<String> refusals = new LinkedHashSet<>();
        String section = "";
        for (String line : lines) {
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            }
            Matcher m;
            boolean frames = section.equals("Server frames") || section.equals("Rooms");
            if (frames && (m = FRAME_TYPE.matcher(line)).find()) {
                types.add(m.group(1));
            } else if (section.equals("Server frames") && (m = ERROR_ROW.matcher(line)).find()) {
                errors.add(m.group(1));
            } else if (section.equals("Close codes") && (m = CLOSE_ROW.matcher(line)).find()) {
                closes.add(Integer.parseInt(m.group(1)));
            } else if (section.equals("Connecting") && (m = REFUSAL_ROW.matcher(line)).find()) {
                refusals.add(m.group(1) + " " + m.group(2));
            }
        }
        if (types.isEmpty() || errors.isEmpty() || closes.isEmpty() || refusals.isEmpty()) {
            throw new IllegalStateException(doc + " no longer has the tables this reads: " + types + errors + closes
                    + refusals);
        }
        return new ProtocolDoc(Set.copyOf(types), Set.copyOf(errors), Set.copyOf(closes), Set.copyOf(refusals));
    }
}

package dev.loopline.engine.h2;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.loopline.common.Names;
import dev.loopline.engine.BranchDatabase;

/**
 * The first message an H2 2.x client sends over TCP, read field by field, and the rule that decides whether
 * {@link H2ConnectionGate} lets it through to H2's TCP server.
 *
 * <p>Wire format (H2 2.5.252: {@code org.h2.engine.SessionRemote#initTransfer} writes it,
 * {@code org.h2.server.TcpServerThread#run} reads it, {@code org.h2.value.Transfer} encodes it): big-endian
 * {@code int minClientVersion, int maxClientVersion, string database, string originalURL}; then, when database and
 * URL are both null, a side request {@code string sessionId, int command} ({@code 13} cancel statement, followed by
 * {@code int statementId}; {@code 14} check key); otherwise {@code string user, bytes userPasswordHash,
 * bytes filePasswordHash, int count, count × (string key, string value)}. A string is an {@code int} length
 * ({@code -1}: null) and that many UTF-16 chars ({@code DataInput#readChar}); bytes are an {@code int} length
 * ({@code -1}: null) and the bytes. Nothing in this prefix depends on the protocol version.
 *
 * <p>What passes: a database named exactly {@code <database>/<branch>} (both {@link Names#RESOURCE_NAME}), which is
 * not Loopline's scratch database; no file password; and only these URL settings, each with a value that cannot carry
 * SQL (H2 runs every unknown setting as {@code SET <key> <value>} with the value pasted in):
 * {@code IFEXISTS=TRUE}, {@code LOCK_TIMEOUT}, {@code QUERY_TIMEOUT}, {@code NETWORK_TIMEOUT} (whole numbers),
 * {@code SCHEMA} (a plain name), {@code AUTOCOMMIT} ({@code TRUE}/{@code FALSE}) and {@code NON_KEYWORDS} (a list of
 * words) — all of them only change the client's own session. A plain H2 JDBC URL sends no settings at all
 * (checked with H2's 2.5.252 client). Everything else is refused, notably {@code INIT} (runs SQL on connect),
 * {@code IFEXISTS=FALSE}, {@code ACCESS_MODE_DATA}, {@code FILE_LOCK}, {@code AUTO_SERVER} (would open another listener on all interfaces),
 * {@code IGNORE_UNKNOWN_SETTINGS}, {@code CIPHER}, trace settings, and file-system prefixes ({@code nio:},
 * {@code split:}, {@code mem:}, {@code zip:}, {@code tcp:}) or paths ({@code ../loopline}, the metadata database).
 * A statement cancel passes as it is; a check-key request is refused, because H2 goes on to open the database it
 * names with the settings that follow.
 */
final class H2Handshake {

    /** {@code SessionRemote.SESSION_CANCEL_STATEMENT}. */
    static final int SESSION_CANCEL_STATEMENT = 13;
    /** {@code SessionRemote.STATUS_ERROR}. */
    static final int STATUS_ERROR = 0;

    /** Limits far above what an H2 client sends, so that a stranger cannot make the gate buffer much. */
    static final int MAX_STRING_CHARS = 4096;
    static final int MAX_BYTES = 1024;
    static final int MAX_SETTINGS = 64;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[0-9]{1,9}$");
    private static final Pattern PLAIN_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Pattern BOOLEAN = Pattern.compile("^(?i:TRUE|FALSE)$");
    private static final Pattern NAME_LIST = Pattern.compile(
            "^[A-Za-z_][A-Za-z0-9_]{0,63}(,[A-Za-z_][A-Za-z0-9_]{0,63}){0,31}$");

    /** The URL settings a client may give, as the refusal message lists them. */
    static final List<String> ACCEPTED_SETTINGS = List.of("IFEXISTS=TRUE", "LOCK_TIMEOUT", "QUERY_TIMEOUT",
            "NETWORK_TIMEOUT", "SCHEMA", "AUTOCOMMIT", "NON_KEYWORDS");

    private H2Handshake() {
    }

    /** What a client asks for in its first message. */
    sealed interface Request permits Connect, Cancel, SideRequest {
    }

    /** A request to open a session. */
    record Connect(String database, String user, boolean filePassword, Map<String, String> settings)
            implements Request {
    }

    /** A request to cancel a running statement of another session (it carries that session's secret id). */
    record Cancel() implements Request {
    }

    /** A check-key request or an unknown side request. */
    record SideRequest(int command) implements Request {
    }

    /** Why a handshake is refused, as H2 reports errors to its client. */
    record Refusal(int errorCode, String sqlState, String message) {

        static Refusal setting(String message) {
            return new Refusal(90113, "90113", message); // ErrorCode.UNSUPPORTED_SETTING_1
        }

        static Refusal database(String message) {
            return new Refusal(90013, "90013", message); // ErrorCode.DATABASE_NOT_FOUND_1
        }

        static Refusal remote() {
            return new Refusal(90117, "90117", "Loopline accepts branch connections from this host only "
                    + "(loopline.engine.h2.tcp-allow-others is false)."); // ErrorCode.REMOTE_CONNECTION_NOT_ALLOWED
        }

        static Refusal malformed(String what) {
            return new Refusal(50000, "HY000", "Loopline could not read this H2 handshake (" + what
                    + "): connect with the H2 2.x JDBC driver."); // ErrorCode.GENERAL_ERROR_1
        }

        /**
         * Writes the refusal as {@code TcpServerThread#sendError} does: status, SQL state, message, SQL, error code,
         * stack trace. The client's {@code SessionRemote#done} turns it into an {@link java.sql.SQLException}.
         */
        void writeTo(DataOutputStream out) throws IOException {
            out.writeInt(STATUS_ERROR);
            writeString(out, sqlState);
            writeString(out, message);
            writeString(out, null);
            out.writeInt(errorCode);
            writeString(out, "Refused by Loopline's connection gate: " + message);
            out.flush();
        }
    }

    /** The handshake is not one an H2 client writes (lengths out of range, too many settings). */
    static final class MalformedException extends IOException {

        MalformedException(String message) {
            super(message);
        }
    }

    /** Reads one handshake; the caller records the bytes consumed. */
    static Request read(DataInputStream in) throws IOException {
        in.readInt(); // minClientVersion: H2 checks the versions itself
        in.readInt(); // maxClientVersion
        String database = readString(in);
        String originalUrl = readString(in);
        if (database == null && originalUrl == null) {
            readString(in); // the session id
            int command = in.readInt();
            if (command == SESSION_CANCEL_STATEMENT) {
                in.readInt(); // statement id
                return new Cancel();
            }
            return new SideRequest(command);
        }
        String user = readString(in);
        readBytes(in); // user password hash
        boolean filePassword = readBytes(in) != null;
        int count = in.readInt();
        if (count < 0 || count > MAX_SETTINGS) {
            throw new MalformedException("a handshake with " + count + " settings");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            settings.put(readString(in), readString(in));
        }
        return new Connect(database, user, filePassword, settings);
    }

    /** Why Loopline refuses this handshake, or empty when it may pass to H2. */
    static Optional<Refusal> check(Request handshake) {
        if (handshake instanceof Cancel) {
            return Optional.empty();
        }
        if (handshake instanceof SideRequest side) {
            return Optional.of(Refusal.setting("Loopline does not accept H2 side request " + side.command()
                    + " on branch connections; only statement cancels pass."));
        }
        Connect connect = (Connect) handshake;
        Optional<Refusal> database = checkDatabase(connect.database());
        if (database.isPresent()) {
            return database;
        }
        if (connect.filePassword()) {
            return Optional.of(Refusal.setting("Loopline does not accept file passwords (CIPHER) on branch "
                    + "connections: branch databases are not encrypted. Connect with the branch password alone."));
        }
        for (Map.Entry<String, String> setting : connect.settings().entrySet()) {
            Optional<Refusal> refusal = checkSetting(setting.getKey(), setting.getValue());
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** The branch a checked session request names ({@code <database>/<branch>}). */
    static dev.loopline.engine.BranchDatabase branchOf(Connect connect) {
        String[] parts = connect.database().split("/", -1);
        return new dev.loopline.engine.BranchDatabase(parts[0], parts[1]);
    }

    private static Optional<Refusal> checkDatabase(String database) {
        String[] parts = database == null ? new String[0] : database.split("/", -1);
        if (parts.length != 2 || !Names.RESOURCE_NAME.matcher(parts[0]).matches()
                || !Names.RESOURCE_NAME.matcher(parts[1]).matches()) {
            return Optional.of(Refusal.database("Loopline serves only branch databases named <database>/<branch> "
                    + "(lower-case letters, digits and dashes); '" + database + "' is not one."));
        }
        if (parts[0].equals(BranchDatabase.SCRATCH_DATABASE)) {
            return Optional.of(Refusal.database("Loopline does not serve its scratch database '"
                    + BranchDatabase.SCRATCH_DATABASE + "' to clients."));
        }
        return Optional.empty();
    }

    /** Keys are compared exactly: H2's client upper-cases them, and H2's server takes them as sent. */
    private static Optional<Refusal> checkSetting(String key, String value) {
        String v = value == null ? "" : value;
        boolean accepted;
        String rule;
        switch (key == null ? "" : key) {
            case "IFEXISTS" -> {
                accepted = v.equalsIgnoreCase("TRUE");
                rule = "IFEXISTS only with the value TRUE: Loopline creates branch databases itself";
            }
            case "LOCK_TIMEOUT", "QUERY_TIMEOUT", "NETWORK_TIMEOUT" -> {
                accepted = WHOLE_NUMBER.matcher(v).matches();
                rule = key + " only as a whole number of milliseconds";
            }
            case "SCHEMA" -> {
                accepted = PLAIN_NAME.matcher(v).matches();
                rule = "SCHEMA only as a plain schema name (letters, digits, underscores)";
            }
            case "AUTOCOMMIT" -> {
                accepted = BOOLEAN.matcher(v).matches();
                rule = "AUTOCOMMIT only as TRUE or FALSE";
            }
            case "NON_KEYWORDS" -> {
                accepted = NAME_LIST.matcher(v).matches();
                rule = "NON_KEYWORDS only as a comma-separated list of words";
            }
            default -> {
                accepted = false;
                rule = null;
            }
        }
        if (accepted) {
            return Optional.empty();
        }
        if (rule == null) {
            return Optional.of(Refusal.setting("Loopline does not accept the connection setting " + key
                    + " on branch connections. Accepted: " + String.join(", ", ACCEPTED_SETTINGS) + "."));
        }
        return Optional.of(Refusal.setting("Loopline accepts the connection setting " + rule + "."));
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_STRING_CHARS) {
            throw new MalformedException("a string of " + length + " characters");
        }
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(in.readChar());
        }
        return text.toString();
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_BYTES) {
            throw new MalformedException("a byte array of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        }
        else {
            out.writeInt(s.length());
            out.writeChars(s);
        }
    }

}

package dev.loopline.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.loopline.common.SecretFiles;
import dev.loopline.common.Secrets;

/**
 * {@code <data-dir>/metadata-db.password}: the metadata database's password, readable by its owner only. It is written
 * whole or not at all (a temporary file, flushed to disk, then renamed), so a password the database may already use
 * is never lost to a crash.
 */
final class MetadataPasswordFile {

    static final String FILE_NAME = "metadata-db.password";
    static final int GENERATED_LENGTH = 40;

    private final Path file;

    MetadataPasswordFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** The password kept in the file, if there is one. */
    Optional<String> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException(file + " is empty. Put the metadata database's password back in it, "
                        + "or delete it if the database does not exist yet.");
            }
            return Optional.of(password);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not read the metadata database's password from " + file, e);
        }
    }

    /** Generates a random password and keeps it in the file, durably, before anyone uses it. */
    String create() {
        String password = Secrets.alphanumeric(GENERATED_LENGTH);
        try {
            SecretFiles.write(file, password);
            return password;
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not write the metadata database's password to " + file, e);
        }
    }
}

package dev.loopline.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a secret under the data directory ({@code secret.key}, {@code metadata-db.password},
 * {@code initial-admin-password}): readable by the owner only from the moment they exist (never created readable and
 * restricted afterwards), written durably and atomically, so a crash leaves either no file or the whole secret.
 */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Writes {@code content} (UTF-8) to {@code file} through an owner-only temporary file in the same directory,
     * forced to disk, then renamed over {@code file}. On file systems without POSIX permissions the directory's
     * permissions apply.
     *
     * @throws IOException if the directory cannot be created or written
     */
    public static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", ownerOnly());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(dir);
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    /** Makes the rename itself durable where the platform allows it (Linux does; Windows cannot open a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}

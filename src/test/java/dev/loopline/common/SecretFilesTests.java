package dev.loopline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTests {

    @TempDir
    Path dir;

    @Test
    void writesTheSecretOwnerOnlyIntoNewDirectoriesAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("data/secret.key");
        SecretFiles.write(file, "first");
        SecretFiles.write(file, "second");
        assertThat(file).hasContent("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.key");
        }
    }
}

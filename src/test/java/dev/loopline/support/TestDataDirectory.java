package dev.loopline.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh data directory for each application context the tests start. */
public final class TestDataDirectory {

    private TestDataDirectory() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("loopline-test-");
            registry.add("loopline.data-dir", dir::toString);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

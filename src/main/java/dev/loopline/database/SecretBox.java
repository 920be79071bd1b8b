package dev.loopline.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.loopline.common.LooplineProperties;

/**
 * Encrypts the engine credentials Loopline keeps for itself (AES-GCM), so the metadata database alone does not open
 * a branch. The key comes from {@code LOOPLINE_SECRET_KEY} (base64, 32 bytes) or {@code <data-dir>/secret.key},
 * created on first use; nodes sharing one metadata database must share the key. Public so that other modules keep
 * their secrets the same way (e.g. the HMAC keys of CI integrations).
 */
@Component
public class SecretBox {

    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(LooplineProperties properties, Environment environment) throws IOException {
        String configured = environment.getProperty("LOOPLINE_SECRET_KEY");
        byte[] raw = configured != null && !configured.isBlank() ? Base64.getDecoder().decode(configured.trim())
                : loadOrCreate(properties.dataDir().resolve("secret.key"));
        if (raw.length != 32) {
            throw new IllegalStateException("The Loopline secret key must be 32 bytes (base64 in LOOPLINE_SECRET_KEY).");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    private byte[] loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        dev.loopline.common.SecretFiles.write(file, Base64.getEncoder().encodeToString(raw));
        return raw;
    }

    /** The text encrypted with the instance key: base64 of nonce + ciphertext + tag. */
    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a credential", e);
        }
    }

    /** The text {@link #seal} encrypted; {@link IllegalStateException} when the key differs or it was altered. */
    public String open(String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt a branch credential: is this the right secret key?", e);
        }
    }
}

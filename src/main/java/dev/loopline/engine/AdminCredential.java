package dev.loopline.engine;

/**
 * The credential Loopline itself uses for one branch database: generated at creation, never shown to anyone.
 * The caller stores it (with the branch) and hands it back on every call.
 */
public record AdminCredential(String username, String password) {

    @Override
    public String toString() {
        return "AdminCredential[" + username + ", ****]";
    }
}

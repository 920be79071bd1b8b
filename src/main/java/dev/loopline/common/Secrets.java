package dev.loopline.common;

import java.security.SecureRandom;

/** Random secrets (tokens, passwords, engine credentials): the one place they are generated. */
public final class Secrets {

    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** Without look-alike characters (0/O, 1/l/I), for passwords people may type. */
    private static final String UNAMBIGUOUS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String alphanumeric(int length) {
        return pick(ALPHANUMERIC, length);
    }

    public static String typeable(int length) {
        return pick(UNAMBIGUOUS, length);
    }

    private static String pick(String alphabet, int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return secret.toString();
    }
}

package dev.loopline.common;

/**
 * The API's error body: {@code {"code": "snake_case_reason", "message": "a sentence a person can act on"}}.
 */
public record ApiError(String code, String message) {

    /** Longest message a client is sent; longer ones are cut, so no error ever echoes a huge input back. */
    public static final int MAX_MESSAGE = 1000;

    public ApiError {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "…";
        }
    }

    /** The body as JSON, for writers that have no message converter at hand (security filters). */
    public String toJson() {
        return "{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}";
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

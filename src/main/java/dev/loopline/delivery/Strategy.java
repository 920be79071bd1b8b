package dev.loopline.delivery;

import java.util.Locale;

import dev.loopline.common.Names;

/**
 * How an environment takes a new version. {@link #ROLLING}: in place, live when it succeeds. {@link #BLUE_GREEN}:
 * into the idle slot, live only when promoted; the other slot keeps the previous version for a rollback.
 */
public enum Strategy {
    ROLLING, BLUE_GREEN;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy fromApiName(String value) {
        return Names.parseEnum(Strategy.class, value, "invalid_strategy", "strategy");
    }
}

package dev.loopline.delivery;

import java.util.Locale;

/** The two slots of a blue/green environment. */
public enum Slot {
    BLUE, GREEN;

    public Slot other() {
        return this == BLUE ? GREEN : BLUE;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.loopline.delivery;

import java.util.Locale;

import dev.loopline.common.Names;

/** How close to users an environment is. Freeze banners, gates and DORA look at {@link #PRODUCTION}. */
public enum Tier {
    PRODUCTION, STAGING, TESTING, DEVELOPMENT;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier fromApiName(String value) {
        return Names.parseEnum(Tier.class, value, "invalid_tier", "tier");
    }
}

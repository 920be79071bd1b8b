package dev.loopline.delivery;

import java.util.Locale;

import dev.loopline.common.Names;

/** Where an application deployment is: running, or finished one way or the other. */
public enum DeploymentStatus {
    IN_PROGRESS, SUCCESS, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != IN_PROGRESS;
    }

    public static DeploymentStatus fromApiName(String value) {
        return Names.parseEnum(DeploymentStatus.class, value, "invalid_status", "deployment status");
    }
}

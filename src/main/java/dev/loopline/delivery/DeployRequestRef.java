package dev.loopline.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A deploy request an application deployment carries: {@code database#number}. */
@Embeddable
public record DeployRequestRef(@Column(name = "database_name", nullable = false, length = 63) String database,
        @Column(name = "number", nullable = false) int number) {

    @Override
    public String toString() {
        return database + "#" + number;
    }
}

package dev.loopline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Loopline: a self-hosted dashboard for the DevOps lifecycle of an application and its database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LooplineApplication {

    public static void main(String[] args) {
        SpringApplication.run(LooplineApplication.class, args);
    }
}

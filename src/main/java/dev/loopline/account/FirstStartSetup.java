package dev.loopline.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.loopline.common.LooplineProperties;
import dev.loopline.common.Secrets;
import dev.loopline.common.Role;

/**
 * On first start creates the {@code admin} user (password from {@code LOOPLINE_ADMIN_PASSWORD}, or generated and
 * written to {@code <data-dir>/initial-admin-password}); on every start registers {@code LOOPLINE_BOOTSTRAP_TOKEN}.
 */
@Component
class FirstStartSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStartSetup.class);
    static final String PASSWORD_FILE = "initial-admin-password";

    private final UserService users;
    private final ServiceTokenService tokens;
    private final LooplineProperties properties;
    private final Environment environment;

    FirstStartSetup(UserService users, ServiceTokenService tokens, LooplineProperties properties,
            Environment environment) {
        this.users = users;
        this.tokens = tokens;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path passwordFile = properties.dataDir().resolve(PASSWORD_FILE).toAbsolutePath().normalize();
        if (!users.anyUserExists()) {
            String given = environment.getProperty("LOOPLINE_ADMIN_PASSWORD");
            if (given != null && !given.isBlank()) {
                users.createUnchecked("admin", "Administrator", given, Set.of(Role.ADMIN));
                log.info("Created user 'admin' with the password from LOOPLINE_ADMIN_PASSWORD.");
            }
            else {
                String generated = Secrets.typeable(20);
                users.createUnchecked("admin", "Administrator", generated, Set.of(Role.ADMIN));
                dev.loopline.common.SecretFiles.write(passwordFile, generated + System.lineSeparator());
                log.info("Created user 'admin'. Its generated password is in {} (shown once, change it after signing in).",
                        passwordFile);
            }
        }
        else if (Files.exists(passwordFile)) {
            log.info("Sign in as 'admin' with the password in {}.", passwordFile);
        }
        String bootstrap = environment.getProperty("LOOPLINE_BOOTSTRAP_TOKEN");
        if (bootstrap != null && !bootstrap.isBlank()) {
            tokens.registerBootstrapToken(bootstrap.trim());
            log.info("Registered the admin service token 'bootstrap' from LOOPLINE_BOOTSTRAP_TOKEN.");
        }
    }
}

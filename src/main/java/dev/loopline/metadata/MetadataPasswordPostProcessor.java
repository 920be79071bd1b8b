package dev.loopline.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.loopline.common.LooplineProperties;

/**
 * Gives the H2 metadata database its own password before the {@code DataSource} (and so Flyway, JPA and Quartz) is
 * built: {@code LOOPLINE_METADATA_PASSWORD} if set, else {@code <data-dir>/metadata-db.password}, generated at first
 * start. A database still on the old fixed password is moved to it. Nothing changes when a password is configured
 * ({@code spring.datasource.password}) or the metadata is not an H2 file (profile {@code postgres}).
 * <p>
 * A bean post-processor rather than an environment post-processor, because it must see the final environment: tests
 * set the data directory with {@code @DynamicPropertySource}, which is applied later.
 */
@Component
class MetadataPasswordPostProcessor implements BeanPostProcessor {

    static final String PASSWORD_VARIABLE = "LOOPLINE_METADATA_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(MetadataPasswordPostProcessor.class);

    private final Environment environment;

    MetadataPasswordPostProcessor(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties && !StringUtils.hasText(properties.getPassword())
                && H2MetadataPassword.isEmbeddedFile(properties.determineUrl())) {
            properties.setPassword(ensurePassword(properties.determineUrl(), properties.determineUsername()));
        }
        return bean;
    }

    private String ensurePassword(String url, String username) {
        LooplineProperties loopline = Binder.get(environment).bindOrCreate("loopline", LooplineProperties.class);
        MetadataPasswordFile file = new MetadataPasswordFile(loopline.dataDir());
        String configured = environment.getProperty(PASSWORD_VARIABLE);
        Optional<String> kept = file.read();
        List<String> former = new ArrayList<>();
        String password;
        String where;
        boolean generated = false;
        if (StringUtils.hasText(configured)) {
            password = configured;
            where = PASSWORD_VARIABLE;
            kept.filter(p -> !p.equals(configured)).ifPresent(former::add);
        }
        else {
            generated = kept.isEmpty();
            password = kept.orElseGet(file::create);
            where = file.path().toString();
        }
        former.add(H2MetadataPassword.LEGACY_PASSWORD);
        H2MetadataPassword.Outcome outcome = new H2MetadataPassword(url, username).ensure(password, former);
        if (outcome == H2MetadataPassword.Outcome.CHANGED) {
            log.warn("Changed the metadata database's password from {} to the one in {}.", former.size() == 1
                    ? "the old fixed default" : "a former one (the old fixed default or " + file.path() + ")", where);
        }
        else if (generated) {
            log.info("Generated a random password for the metadata database; it is kept in {}.", where);
        }
        return password;
    }
}

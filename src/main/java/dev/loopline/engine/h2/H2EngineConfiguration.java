package dev.loopline.engine.h2;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.loopline.common.LooplineProperties;
import dev.loopline.engine.AdminCredentials;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(H2EngineProperties.class)
class H2EngineConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    H2TcpServer h2TcpServer(LooplineProperties looplineProperties, H2EngineProperties properties) {
        return new H2TcpServer(looplineProperties.dataDir().resolve("branches"), properties);
    }

    /** The credentials come from the database module, looked up only when a client connects. */
    @Bean
    H2Engine h2Engine(H2TcpServer tcpServer, H2EngineProperties properties,
            ObjectProvider<AdminCredentials> credentials) {
        return new H2Engine(tcpServer, properties,
                database -> credentials.getIfAvailable(AdminCredentials::none).of(database));
    }
}

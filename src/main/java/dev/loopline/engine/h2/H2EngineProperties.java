package dev.loopline.engine.h2;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded H2 engine ({@code loopline.engine.h2.*}).
 *
 * @param tcpPort         port of the TCP server that serves branch databases to clients; 0 picks a free port
 * @param tcpAllowOthers  accept connections from other hosts (false: loopback only)
 * @param host            the host name clients are told to connect to
 */
@ConfigurationProperties("loopline.engine.h2")
public record H2EngineProperties(@DefaultValue("9092") int tcpPort, @DefaultValue("false") boolean tcpAllowOthers,
        @DefaultValue("localhost") String host) {
}

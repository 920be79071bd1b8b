package dev.loopline.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.loopline.common.DomainException;

/** The engines this Loopline can run branches on, by id. */
@Component
public class EngineRegistry {

    private final Map<String, DatabaseEngine> engines;

    EngineRegistry(List<DatabaseEngine> engines) {
        this.engines = engines.stream().collect(Collectors.toMap(DatabaseEngine::id, Function.identity()));
    }

    public DatabaseEngine get(String id) {
        DatabaseEngine engine = engines.get(id);
        if (engine == null) {
            throw new DomainException.InvalidInput("invalid_engine", "Unknown engine '" + dev.loopline.common.TextLimits.quoted(id) + "'. Available: "
                    + String.join(", ", engines.keySet()) + ".");
        }
        return engine;
    }

    public String defaultId() {
        return "h2";
    }
}

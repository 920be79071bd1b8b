package dev.loopline.database;

import org.springframework.stereotype.Component;

import dev.loopline.schema.SchemaSnapshot;
import tools.jackson.databind.json.JsonMapper;

/** Stores schema snapshots as JSON in the metadata database. */
@Component
class SchemaJson {

    private final JsonMapper json = JsonMapper.builder().build();

    String write(SchemaSnapshot schema) {
        return json.writeValueAsString(schema);
    }

    SchemaSnapshot read(String value) {
        return json.readValue(value, SchemaSnapshot.class);
    }
}

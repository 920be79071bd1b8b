package dev.loopline.database;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.loopline.iteration.IterationDatabases;

/** Tells the iteration module which databases exist. */
@Component
class IterationDatabaseLookup implements IterationDatabases {

    private final ManagedDatabaseRepository databases;

    IterationDatabaseLookup(ManagedDatabaseRepository databases) {
        this.databases = databases;
    }

    @Override
    public boolean exists(String name) {
        return databases.existsByName(name);
    }

    @Override
    public List<String> names() {
        return databases.findAllByOrderByCreatedAtDescIdDesc().stream().map(ManagedDatabase::getName).sorted().toList();
    }
}

package dev.loopline.engine.h2;

import org.junit.jupiter.api.Test;

/**
 * DdlRenderer names primary keys and generated-name checks as H2 would, avoiding the names of the schema's named
 * constraints and of domain checks, which share the schema's constraint names. A domain check written without a name
 * gets H2's CONSTRAINT_4 ("D".hashCode() = 0x44); table ITEMS ("ITEMS".hashCode() = 0x42BEFA0) then gets CONSTRAINT_42
 * from H2, and the rendered DDL must not name its primary key CONSTRAINT_4 (found by review: it did).
 */
class GeneratedNamesTests extends H2EngineTest {

    @Test
    void aDomainCheckWithAGeneratedNameDoesNotCollideWithARenderedPrimaryKeyName() throws Exception {
        SchemaRoundTripTests.roundTrip("""
                CREATE DOMAIN D AS INTEGER CHECK (VALUE > 0);
                CREATE TABLE ITEMS (ID INTEGER PRIMARY KEY, Q D);
                """);
    }

    @Test
    void aDomainCheckWithAGeneratedNameDoesNotCollideWithARenderedCheckName() throws Exception {
        SchemaRoundTripTests.roundTrip("""
                CREATE DOMAIN D AS INTEGER CHECK (VALUE > 0);
                CREATE TABLE ITEMS (ID INTEGER, Q D, CHECK (ID > 0));
                """);
    }
}

package dev.loopline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostFunctionsTests {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT FILE_READ('/etc/hostname')",
        "select file_read ('/x')",
        "SELECT \"FILE_READ\"('/x')",
        "SELECT PUBLIC.FILE_READ('/x')",
        "SELECT INFORMATION_SCHEMA.\"CSVREAD\"('/x')",
        "SELECT FILE_READ/**/('/x')",
        "SELECT FILE_READ--\n('/x')",
        "SELECT FILE_READ//\n('/x')",
        "NEXT VALUE FOR PUBLIC.\"s'\" + FILE_WRITE('pwn', '/tmp/x')",
        "SELECT 'it''s' || CSVWRITE('/tmp/x', 'SELECT 1')",
        "SELECT $$ a $$ || LINK_SCHEMA('a', '', 'u', 'a', 'b', 'c')",
        "SELECT \"a\"\"b\" FROM T WHERE MEMORY_USED() > 0",
        "SELECT * FROM CSVREAD('/etc/hostname', NULL, 'caseSensitiveColumnNames=true')",
        "SELECT U&\"FILE\\005fREAD\"('/x')",
        "SELECT 'unclosed",
        "SELECT /* unclosed",
        "SELECT /* /* */ FILE_READ('/x') */ 1",
        "SELECT * FROM -- \r CSVREAD('/x')",
        "SELECT * FROM // \r CSVREAD('/x')",
        "SELECT * FROM CSVREAD\u00A0('/x')",
        "SELECT * FROM CSVREAD\u202F('/x')",
        "SELECT * FROM CSVREAD\u0001('/x')",
        "SELECT * FROM CSVREAD\u2028('/x')",
        "SELECT * FROM `CSVREAD`('/x')",
        "SELECT `FILE``READ`, `FILE_READ` ('/x')"})
    void findsCallsHoweverTheyAreSpelled(String sql) {
        assertThat(HostFunctions.calledIn(sql)).as(sql).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'FILE_READ(''/x'')'",
        "SELECT $$FILE_READ('/x')$$",
        "SELECT \"FILE_READ\" FROM T",
        "SELECT 1 -- FILE_READ('/x')",
        "SELECT /* FILE_READ('/x') */ 1",
        "CREATE TABLE T (ID INT DEFAULT NEXT VALUE FOR \"s'\", FILE_READER VARCHAR)",
        "SELECT LOWER(NAME) FROM T",
        "SELECT `FILE_READ` FROM T",
        "SELECT `it's` FROM T WHERE A = 'FILE_READ('"})
    void leavesDataAndOrdinaryNamesAlone(String sql) {
        assertThat(HostFunctions.calledIn(sql)).as(sql).isEmpty();
    }
}

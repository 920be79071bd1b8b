package dev.loopline.deployrequest;

import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.loopline.schema.TableChange;

/** The change of one table within a deployment, with its copy progress (kept so a restart resumes from it). */
@Entity
@Table(name = "deployment_operation")
public class DeploymentOperation {

    public enum State {
        PENDING, COPYING, READY, DONE;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private int position;

    @Column(name = "table_name", nullable = false)
    private String table;

    /** The table's schema; {@code null} (operations queued before schemas were deployed) means {@code PUBLIC}. */
    @Column(name = "schema_name")
    private String schema;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TableChange.Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(name = "rows_copied", nullable = false)
    private long rowsCopied;

    @Column(name = "rows_total", nullable = false)
    private long rowsTotal;

    @Column(name = "last_key")
    private String lastKey;

    @Column(name = "from_table")
    private String fromTable;

    @Column(name = "to_table")
    private String toTable;

    private String statements;

    protected DeploymentOperation() {
    }

    DeploymentOperation(int position, String schema, String table, TableChange.Kind kind, String fromTable,
            String toTable, String statements) {
        this.position = position;
        this.schema = dev.loopline.schema.SchemaSnapshot.PUBLIC.equals(schema) ? null : schema;
        this.table = table;
        this.kind = kind;
        this.state = State.PENDING;
        this.fromTable = fromTable;
        this.toTable = toTable;
        this.statements = statements;
    }

    void copying(long total) {
        state = State.COPYING;
        rowsTotal = total;
    }

    void copied(String key, long rows) {
        lastKey = key;
        rowsCopied += rows;
    }

    void ready() {
        state = State.READY;
        if (rowsCopied > rowsTotal) {
            rowsTotal = rowsCopied;
        }
    }

    void done() {
        state = State.DONE;
    }

    /** Copy progress, 0–100; operations without a copy are 0 until ready and 100 after. */
    public int progressPercentage() {
        if (state == State.READY || state == State.DONE) {
            return 100;
        }
        if (rowsTotal == 0) {
            return 0;
        }
        return (int) Math.min(99, 100 * rowsCopied / rowsTotal);
    }

    public String getTable() {
        return table;
    }

    /** The table's schema, {@code PUBLIC} when none was recorded. */
    public String getSchema() {
        return schema == null ? dev.loopline.schema.SchemaSnapshot.PUBLIC : schema;
    }

    /** The table as people read it: its name in {@code PUBLIC}, else {@code SCHEMA.NAME}. */
    public String displayName() {
        return schema == null ? table : dev.loopline.schema.SqlNames.qualified(schema, table);
    }

    /** Whether this operation changes table {@code table} of {@code schema}. */
    boolean isOf(String schema, String table) {
        return getSchema().equals(schema) && this.table.equals(table);
    }

    public TableChange.Kind getKind() {
        return kind;
    }

    public State getState() {
        return state;
    }

    public long getRowsCopied() {
        return rowsCopied;
    }

    public long getRowsTotal() {
        return rowsTotal;
    }

    String getLastKey() {
        return lastKey;
    }

    String getFromTable() {
        return fromTable;
    }

    String getToTable() {
        return toTable;
    }

    String getStatements() {
        return statements;
    }
}

package io.sqlmi.tds.types;

/** One column of a result set's COLMETADATA. */
public record Column(String name, ColumnType type, boolean nullable) {
}

package io.sqlmi.tds.request;

import io.sqlmi.tds.types.ColumnType;

/** One RPC parameter: name (may be empty), by-reference (output) flag, declared type and value. */
public record RpcParameter(String name, boolean output, ColumnType type, Object value) {
}

package io.sqlmi.engine.catalog;

import java.time.LocalDateTime;

/** One database of the instance: its name as created, id, H2 file base name and creation time. */
public record DatabaseInfo(String name, int id, String fileName, LocalDateTime created) {
}

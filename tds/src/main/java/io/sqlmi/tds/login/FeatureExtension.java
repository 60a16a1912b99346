package io.sqlmi.tds.login;

/** One {FeatureId, data} entry of a LOGIN7 feature extension block. */
public record FeatureExtension(int id, byte[] data) {
}

package io.sqlmi.engine;

/**
 * The version the engine reports. PRELOGIN must carry a major version of 11 or more, or
 * mssql-jdbc will not use TDS 7.4 (tds-protocol.md section 2); 16 is SQL Server 2022's.
 */
public final class EngineVersion {
    public static final int MAJOR = 16;
    public static final int MINOR = 0;
    public static final int BUILD = 4000;
    public static final int SUB_BUILD = 1;
    public static final String PRODUCT_VERSION = MAJOR + "." + MINOR + "." + BUILD + "." + SUB_BUILD;
    public static final String PROGRAM_NAME = "Microsoft SQL Server";
    public static final String ENGINE_NAME = "sqlmi-engine";

    private EngineVersion() {
    }

    public static String versionBanner() {
        String h2 = org.h2.engine.Constants.VERSION;
        return ENGINE_NAME + " " + PRODUCT_VERSION + " (Azure SQL Managed Instance emulation over H2 " + h2 + ")"
                + " - " + PRODUCT_VERSION + " (X64)\n\tsqlmi-operator project\n\tEngineEdition 8 (Managed Instance)";
    }
}

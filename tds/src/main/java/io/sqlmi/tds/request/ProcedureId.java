package io.sqlmi.tds.request;

/** Well-known stored procedure ids an RPC may name instead of a name (MS-TDS 2.2.6.6). */
public final class ProcedureId {
    public static final int SP_CURSOR = 1;
    public static final int SP_CURSOROPEN = 2;
    public static final int SP_CURSORPREPARE = 3;
    public static final int SP_CURSOREXECUTE = 4;
    public static final int SP_CURSORPREPEXEC = 5;
    public static final int SP_CURSORUNPREPARE = 6;
    public static final int SP_CURSORFETCH = 7;
    public static final int SP_CURSOROPTION = 8;
    public static final int SP_CURSORCLOSE = 9;
    public static final int SP_EXECUTESQL = 10;
    public static final int SP_PREPARE = 11;
    public static final int SP_EXECUTE = 12;
    public static final int SP_PREPEXEC = 13;
    public static final int SP_PREPEXECRPC = 14;
    public static final int SP_UNPREPARE = 15;

    private static final String[] NAMES = {null, "sp_cursor", "sp_cursoropen", "sp_cursorprepare",
        "sp_cursorexecute", "sp_cursorprepexec", "sp_cursorunprepare", "sp_cursorfetch", "sp_cursoroption",
        "sp_cursorclose", "sp_executesql", "sp_prepare", "sp_execute", "sp_prepexec", "sp_prepexecrpc",
        "sp_unprepare"};

    private ProcedureId() {
    }

    /** The procedure's name for an id, or "#id" for unknown ids. */
    public static String name(int id) {
        return id > 0 && id < NAMES.length ? NAMES[id] : "#" + id;
    }

    /** The id of a well-known procedure name (with or without "sys." / "dbo." / "master.."), or 0. */
    public static int idOf(String procedureName) {
        String name = procedureName.toLowerCase(java.util.Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        name = name.replace("[", "").replace("]", "");
        for (int id = 1; id < NAMES.length; id++) {
            if (NAMES[id].equals(name)) {
                return id;
            }
        }
        return 0;
    }
}

package io.sqlmi.tds.token;

/** Status bits of DONE, DONEPROC and DONEINPROC (MS-TDS 2.2.7.6). */
public final class DoneStatus {
    public static final int FINAL = 0x0000;
    public static final int MORE = 0x0001;
    public static final int ERROR = 0x0002;
    public static final int IN_TRANSACTION = 0x0004;
    public static final int COUNT = 0x0010;
    public static final int ATTENTION = 0x0020;
    /** Set on the DONEPROC of an RPC that another RPC follows in the same message. */
    public static final int RPC_IN_BATCH = 0x0080;
    public static final int SERVER_ERROR = 0x0100;

    private DoneStatus() {
    }
}

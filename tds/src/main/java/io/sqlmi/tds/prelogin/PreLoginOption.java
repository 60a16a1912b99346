package io.sqlmi.tds.prelogin;

/** PRELOGIN option tokens (MS-TDS 2.2.6.5; tds-protocol.md section 2). */
public final class PreLoginOption {
    public static final int VERSION = 0x00;
    public static final int ENCRYPTION = 0x01;
    public static final int INSTOPT = 0x02;
    public static final int THREADID = 0x03;
    public static final int MARS = 0x04;
    public static final int TRACEID = 0x05;
    public static final int FEDAUTHREQUIRED = 0x06;
    public static final int NONCEOPT = 0x07;
    public static final int TERMINATOR = 0xFF;

    private PreLoginOption() {
    }
}

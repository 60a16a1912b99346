package io.sqlmi.tds.types;

/**
 * A TDS TYPE_INFO: the type id and whichever of max length (bytes), precision, scale and
 * collation that type carries. {@code maxLength == DataType.PLP_MARKER} marks the (max) types.
 */
public record ColumnType(int dataType, int maxLength, int precision, int scale, byte[] collation) {
    public static final int MAX_DECIMAL_PRECISION = 38;
    public static final int MAX_TIME_SCALE = 7;
    /** nvarchar(n) can hold 4000 characters, varbinary(n) 8000 bytes, before (max) is needed. */
    public static final int MAX_NVARCHAR_CHARS = 4000;
    public static final int MAX_VARBINARY_BYTES = 8000;

    public static ColumnType bit() {
        return new ColumnType(DataType.BITN, 1, 0, 0, null);
    }

    /** tinyint (1), smallint (2), int (4) or bigint (8). */
    public static ColumnType integer(int bytes) {
        return new ColumnType(DataType.INTN, bytes, 0, 0, null);
    }

    public static ColumnType decimal(int precision, int scale) {
        int p = Math.max(1, Math.min(MAX_DECIMAL_PRECISION, precision));
        int s = Math.max(0, Math.min(p, scale));
        return new ColumnType(DataType.DECIMALN, decimalLength(p), p, s, null);
    }

    /** real (4) or float (8). */
    public static ColumnType floating(int bytes) {
        return new ColumnType(DataType.FLTN, bytes, 0, 0, null);
    }

    public static ColumnType nvarchar(int chars) {
        int length = chars <= 0 || chars > MAX_NVARCHAR_CHARS ? DataType.PLP_MARKER : chars * 2;
        return new ColumnType(DataType.NVARCHAR, length, 0, 0, Collation.defaultCollation());
    }

    public static ColumnType nvarcharMax() {
        return new ColumnType(DataType.NVARCHAR, DataType.PLP_MARKER, 0, 0, Collation.defaultCollation());
    }

    public static ColumnType nchar(int chars) {
        if (chars <= 0 || chars > MAX_NVARCHAR_CHARS) {
            return nvarcharMax();
        }
        return new ColumnType(DataType.NCHAR, chars * 2, 0, 0, Collation.defaultCollation());
    }

    public static ColumnType varbinary(int bytes) {
        int length = bytes <= 0 || bytes > MAX_VARBINARY_BYTES ? DataType.PLP_MARKER : bytes;
        return new ColumnType(DataType.BIGVARBINARY, length, 0, 0, null);
    }

    public static ColumnType binary(int bytes) {
        if (bytes <= 0 || bytes > MAX_VARBINARY_BYTES) {
            return varbinary(0);
        }
        return new ColumnType(DataType.BIGBINARY, bytes, 0, 0, null);
    }

    public static ColumnType date() {
        return new ColumnType(DataType.DATEN, 3, 0, 0, null);
    }

    public static ColumnType time(int scale) {
        int s = clampScale(scale);
        return new ColumnType(DataType.TIMEN, timeLength(s), 0, s, null);
    }

    public static ColumnType datetime2(int scale) {
        int s = clampScale(scale);
        return new ColumnType(DataType.DATETIME2N, timeLength(s) + 3, 0, s, null);
    }

    public static ColumnType datetimeOffset(int scale) {
        int s = clampScale(scale);
        return new ColumnType(DataType.DATETIMEOFFSETN, timeLength(s) + 5, 0, s, null);
    }

    /** sql_variant: a value that carries its own base type (MS-TDS 2.2.5.5.4); 8009 is SQL Server's maximum length. */
    public static ColumnType variant() {
        return new ColumnType(DataType.SSVARIANT, 8009, 0, 0, null);
    }

    public static ColumnType guid() {
        return new ColumnType(DataType.GUID, 16, 0, 0, null);
    }

    public boolean plp() {
        return maxLength == DataType.PLP_MARKER && (dataType == DataType.NVARCHAR || dataType == DataType.BIGVARCHAR
                || dataType == DataType.BIGVARBINARY || dataType == DataType.XML);
    }

    static int clampScale(int scale) {
        return Math.max(0, Math.min(MAX_TIME_SCALE, scale));
    }

    /** Bytes a time of this scale takes: 3 up to scale 2, 4 up to 4, 5 up to 7 (MS-TDS 2.2.5.5.1.8). */
    static int timeLength(int scale) {
        return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    }

    /** Bytes of a decimal value including its sign byte, by precision (MS-TDS 2.2.5.5.1.6). */
    static int decimalLength(int precision) {
        return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
    }

    /** Equality ignores the collation: two nvarchar(10) describe the same values whatever their sort order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ColumnType that && dataType == that.dataType && maxLength == that.maxLength
                && precision == that.precision && scale == that.scale;
    }

    @Override
    public int hashCode() {
        return ((dataType * 31 + maxLength) * 31 + precision) * 31 + scale;
    }
}

package io.sqlmi.engine.functions;

import org.h2.value.Value;
import org.h2.value.ValueJavaObject;
import org.h2.value.ValueTimestamp;
import org.h2.value.ValueTimestampTimeZone;
import org.h2.value.ValueUuid;
import org.h2.value.ValueVarchar;

/**
 * What CAST and CONVERT pass through before H2 converts, so that the result is SQL Server's (see the
 * rewriter): H2 converts a TIMESTAMP WITH TIME ZONE to a local type in the session's time zone, SQL
 * Server keeps the value's own local date and time; H2 writes a UUID in lower case, SQL Server in
 * upper case; and a sql_variant (an H2 JAVA_OBJECT from SERVERPROPERTY and friends) converts as the
 * value it holds.
 */
public final class Conversions {
    private Conversions() {
    }

    /** Before a conversion to date, time, datetime, smalldatetime or datetime2. */
    public static Value toLocal(Value value) {
        Value v = unwrap(value);
        if (v instanceof ValueTimestampTimeZone offset) {
            return ValueTimestamp.fromDateValueAndNanos(offset.getDateValue(), offset.getTimeNanos());
        }
        if (v instanceof ValueVarchar text && hasOffset(text.getString())) {
            ValueTimestampTimeZone parsed = ValueTimestampTimeZone.parse(text.getString().trim(), null);
            return ValueTimestamp.fromDateValueAndNanos(parsed.getDateValue(), parsed.getTimeNanos());
        }
        return v;
    }

    /** Before a conversion to char, varchar, nchar, nvarchar. */
    public static Value toText(Value value) {
        Value v = unwrap(value);
        if (v instanceof ValueUuid uuid) {
            return ValueVarchar.get(uuid.getString().toUpperCase(java.util.Locale.ROOT));
        }
        return v;
    }

    /** Before any other conversion. */
    public static Value toValue(Value value) {
        return unwrap(value);
    }

    private static Value unwrap(Value value) {
        if (value instanceof ValueJavaObject variant) {
            Object held = org.h2.util.JdbcUtils.deserialize(variant.getBytesNoCopy(), null);
            if (held == null) {
                return org.h2.value.ValueNull.INSTANCE;
            }
            return org.h2.value.ValueToObjectConverter.objectToValue(null, held, Value.UNKNOWN);
        }
        return value;
    }

    /** A date-time literal that ends in an offset: +hh:mm, -hh:mm or Z. */
    private static boolean hasOffset(String text) {
        String t = text.trim();
        if (t.endsWith("Z") || t.endsWith("z")) {
            return t.length() > 10;
        }
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        return sign > 10 && t.indexOf(':', sign) > sign;
    }
}

package io.sqlmi.engine.functions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import org.h2.api.Aggregate;
import org.h2.value.Value;

/**
 * SUM and AVG with SQL Server's result types: the sum or average of int, smallint and tinyint is int
 * (with error 8115 when it overflows), of bigint bigint, of decimal(p, s) a decimal of scale s (AVG:
 * at least 6), of real and float float. H2's own give bigint for SUM(int) and double for AVG(int).
 * H2 asks for the result type with the arguments' types once per statement, on an instance other
 * than the one that aggregates, so each instance also learns the kind from the values it sees.
 */
public final class Aggregates {
    private Aggregates() {
    }

    static int resultType(int inputType) {
        return switch (inputType) {
            case Value.TINYINT, Value.SMALLINT, Value.INTEGER, Value.BOOLEAN -> Value.INTEGER;
            case Value.BIGINT -> Value.BIGINT;
            case Value.NUMERIC -> Value.NUMERIC;
            case Value.NULL -> Value.INTEGER;
            default -> Value.DOUBLE;
        };
    }

    /** The running state shared by SUM and AVG. */
    private abstract static class Accumulator implements Aggregate {
        long integralSum;
        BigDecimal decimalSum;
        double floatSum;
        long count;
        /** 'i' int, 'l' bigint, 'd' decimal, 'f' float; 0 until a value arrives. */
        char kind;

        @Override
        public int getInternalType(int[] inputTypes) throws SQLException {
            if (inputTypes.length != 1) {
                throw new SQLException("SUM and AVG take one argument", "42000");
            }
            return resultType(inputTypes[0]);
        }

        @Override
        public void add(Object value) throws SQLException {
            if (value == null) {
                return;
            }
            count++;
            if (value instanceof BigDecimal decimal) {
                kind = 'd';
                decimalSum = decimalSum == null ? decimal : decimalSum.add(decimal);
            } else if (value instanceof Double || value instanceof Float) {
                kind = 'f';
                floatSum += ((Number) value).doubleValue();
            } else if (value instanceof Long number) {
                kind = 'l';
                integralSum = Math.addExact(integralSum, number);
            } else if (value instanceof Number number) {
                if (kind == 0) {
                    kind = 'i';
                }
                integralSum = Math.addExact(integralSum, number.longValue());
            } else if (value instanceof Boolean bit) {
                kind = 'i';
                integralSum += bit ? 1 : 0;
            } else {
                throw new SQLException("Operand data type is invalid for this operator", "42000");
            }
        }

        static int narrow(long value) throws SQLException {
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new SQLException("Arithmetic overflow error converting expression to data type int.", "22003",
                        org.h2.api.ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_1);
            }
            return (int) value;
        }
    }

    /** SQLMI_SUM. */
    public static final class Sum extends Accumulator {
        @Override
        public Object getResult() throws SQLException {
            if (count == 0) {
                return null;
            }
            return switch (kind) {
                case 'd' -> decimalSum;
                case 'f' -> floatSum;
                case 'l' -> integralSum;
                default -> narrow(integralSum);
            };
        }
    }

    /** SQLMI_AVG: integer averages truncate toward zero, as SQL Server's do. */
    public static final class Avg extends Accumulator {
        @Override
        public Object getResult() throws SQLException {
            if (count == 0) {
                return null;
            }
            return switch (kind) {
                case 'd' -> decimalSum.divide(BigDecimal.valueOf(count), Math.max(6, decimalSum.scale()),
                        RoundingMode.HALF_UP);
                case 'f' -> floatSum / count;
                case 'l' -> integralSum / count;
                default -> narrow(integralSum / count);
            };
        }
    }
}
